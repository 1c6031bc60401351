import { type ChannelCoverage, percent } from "../core/coverage.js";
import { type CliText, cliText } from "../text/cli-text.js";
import { outcomeReasonText } from "../text/outcome-text.js";
import { clean, displayWidth } from "./alert-table.js";

type Column =
  | "targets"
  | "priced"
  | "blocked"
  | "login"
  | "rateLimited"
  | "noPrice"
  | "errors"
  | "gone"
  | "coverage";

const COLUMNS: readonly { key: Column; value: (c: ChannelCoverage) => string }[] = [
  { key: "targets", value: (c) => String(c.targets) },
  { key: "priced", value: (c) => String(c.priced) },
  { key: "blocked", value: (c) => String(c.blocked) },
  { key: "login", value: (c) => String(c.login_required) },
  { key: "rateLimited", value: (c) => String(c.rate_limited) },
  { key: "noPrice", value: (c) => String(c.no_price) },
  { key: "errors", value: (c) => String(c.errors) },
  { key: "gone", value: (c) => String(c.gone) },
  { key: "coverage", value: (c) => percent(c.coverage) },
];

const padEnd = (text: string, width: number) => text + " ".repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => " ".repeat(Math.max(0, width - displayWidth(text))) + text;

/**
 * The per-channel coverage table `run --once` prints on stderr: counts, coverage and the main
 * reason a page was not priced with one example URL. Reasons quote page titles, which strangers
 * wrote, so they pass through `clean`.
 */
export function formatCoverageTable(
  channels: Readonly<Record<string, ChannelCoverage>>,
  t: CliText = cliText("en"),
): string {
  const ids = Object.keys(channels);
  const head = t.coverage.head;
  if (ids.length === 0) return t.coverage.noChannels;
  const idWidth = Math.max(displayWidth(head.channel), ...ids.map((id) => displayWidth(id)));
  const widths = COLUMNS.map((col) =>
    Math.max(displayWidth(head[col.key]), ...ids.map((id) => col.value(channels[id]!).length)),
  );
  const row = (id: string, cells: string[], last: string) =>
    [padEnd(id, idWidth), ...cells.map((cell, i) => padStart(cell, widths[i]!)), last].join("  ").trimEnd();
  const lines = [
    row(
      head.channel,
      COLUMNS.map((c) => head[c.key]),
      head.topReason,
    ),
  ];
  for (const id of ids) {
    const c = channels[id]!;
    const top = c.topReasons[0];
    const reason = top
      ? `${top.count}× ${clean(outcomeReasonText(top.reason, t.locale), 160)}${top.exampleUrls[0] ? ` ${t.coverage.example(clean(top.exampleUrls[0], 200))}` : ""}`
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
export function blindLines(
  summary: {
    channels?: Readonly<Record<string, ChannelCoverage>> | undefined;
    blind?: boolean | undefined;
    pages: number;
  },
  t: CliText = cliText("en"),
): string[] {
  const channels = summary.channels ?? {};
  const lines = Object.entries(channels)
    .filter(([, c]) => c.blind)
    .map(([id, c]) => t.coverage.blindChannel(id, clean(c.diagnosis, 600)));
  if (summary.blind && lines.length === 0) lines.push(t.coverage.blindRun(summary.pages));
  return lines;
}
