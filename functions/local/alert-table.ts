import { shortId } from "../core/alert-id-prefix.js";
import type { AlertView } from "../core/alert-view.js";
import { type CliText, cliText } from "../text/cli-text.js";

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** Strangers wrote seller names and titles: strip control characters before they reach a terminal. */
export function clean(text: string | null, max = 60): string {
  if (!text) return "-";
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " ");
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/**
 * The console summary: one block per alert, most severe first, explanation included, in the
 * reader's language. Ids are shown short (a unique prefix, which every command accepts).
 */
export function formatAlertTable(alerts: AlertView[], t: CliText = cliText("en")): string {
  if (alerts.length === 0) return t.table.noAlerts;
  const sorted = [...alerts].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.type.localeCompare(b.type),
  );
  const ids = alerts.map((a) => a.id);
  const lines: string[] = [];
  for (const a of sorted) {
    const tag = a.monitoringOnly ? ` ${t.table.monitoringOnly}` : "";
    const price = a.price ? ` ¥${a.price}` : "";
    lines.push(
      `${t.severity(a.severity).padEnd(6)} ${t.alertType(a.type)}${tag}  ${a.sku ?? "-"}  ${a.channel}  ${clean(a.seller, 30)}${price}  (${t.table.state(t.status(a.status), a.occurrences)})  ${t.table.id(shortId(a.id, ids))}`,
    );
    lines.push(`       ${clean(t.explanation(a), 400)}`);
  }
  return lines.join("\n");
}

/** Terminal columns: CJK characters take two, so Chinese headings line up. */
export function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text)
    n +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return n;
}
