import { type ChannelCoverage, percent } from "../core/coverage.js";
import { clean } from "./alert-table.js";

const COLUMNS: readonly { head: string; value: (c: ChannelCoverage) => string }[] = [
  { head: "targets", value: (c) => String(c.targets) },
  { head: "priced", value: (c) => String(c.priced) },
  { head: "blocked", value: (c) => String(c.blocked) },
  { head: "login", value: (c) => String(c.login_required) },
  { head: "rate-limited", value: (c) => String(c.rate_limited) },
  { head: "no price", value: (c) => String(c.no_price) },
  { head: "errors", value: (c) => String(c.errors) },
  { head: "gone", value: (c) => String(c.gone) },
  { head: "coverage", value: (c) => percent(c.coverage) },
];

/**
 * The per-channel coverage table `run --once` prints on stderr: counts, coverage and the main
 * reason a page was not priced with one example URL. Reasons quote page titles, which strangers
 * wrote, so they pass through `clean`.
 */
export function formatCoverageTable(channels: Readonly<Record<string, ChannelCoverage>>): string {
  const ids = Object.keys(channels);
  if (ids.length === 0) return "No channels.";
  const idWidth = Math.max("channel".length, ...ids.map((id) => id.length));
  const widths = COLUMNS.map((col) =>
    Math.max(col.head.length, ...ids.map((id) => col.value(channels[id]!).length)),
  );
  const row = (id: string, cells: string[], last: string) =>
    [id.padEnd(idWidth), ...cells.map((cell, i) => cell.padStart(widths[i]!)), last].join("  ").trimEnd();
  const lines = [
    row(
      "channel",
      COLUMNS.map((c) => c.head),
      "top reason",
    ),
  ];
  for (const id of ids) {
    const c = channels[id]!;
    const top = c.topReasons[0];
    const reason = top
      ? `${top.count}× ${clean(top.reason, 160)}${top.exampleUrls[0] ? ` e.g. ${clean(top.exampleUrls[0], 200)}` : ""}`
      : "-";
    lines.push(
      row(
        id,
        COLUMNS.map((col) => col.value(c)),
        reason,
      ),
    );
  }
  return lines.join("\n");
}

/** `channel <id>: could not see — <diagnosis>`, one per blind channel, plus the whole-run line. */
export function blindLines(summary: {
  channels?: Readonly<Record<string, ChannelCoverage>> | undefined;
  blind?: boolean | undefined;
  pages: number;
}): string[] {
  const channels = summary.channels ?? {};
  const lines = Object.entries(channels)
    .filter(([, c]) => c.blind)
    .map(([id, c]) => `channel ${id}: could not see — ${clean(c.diagnosis, 600)}`);
  if (summary.blind && lines.length === 0)
    lines.push(`run: could not see — nothing could be fetched (${summary.pages} pages tried)`);
  return lines;
}
