import type { AlertView } from "../core/alert-view.js";

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** Strangers wrote seller names and titles: strip control characters before they reach a terminal. */
export function clean(text: string | null, max = 60): string {
  if (!text) return "-";
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " ");
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** The console summary: one block per alert, most severe first, explanation included. */
export function formatAlertTable(alerts: AlertView[]): string {
  if (alerts.length === 0) return "No alerts.";
  const sorted = [...alerts].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.type.localeCompare(b.type),
  );
  const lines: string[] = [];
  for (const a of sorted) {
    const tag = a.monitoringOnly ? " [monitoring only]" : "";
    const price = a.price ? ` ¥${a.price}` : "";
    lines.push(
      `${a.severity.toUpperCase().padEnd(6)} ${a.type}${tag}  ${a.sku ?? "-"}  ${a.channel}  ${clean(a.seller, 30)}${price}  (${a.status}, seen ${a.occurrences}×)  id ${a.id}`,
    );
    lines.push(`       ${clean(a.explanation, 400)}`);
  }
  return lines.join("\n");
}
