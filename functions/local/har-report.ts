import type { HarReport } from "../stages/capture-import.js";

/**
 * `extract --har`: what the profiles find in a HAR. With --json the last stdout line is
 * `{"listings":[…],"outcomes":[…]}`; otherwise one line per listing and per page outcome.
 */
export function printHarReport(report: HarReport, json: boolean, out: (line: string) => void): void {
  if (json) {
    out(JSON.stringify({ listings: report.listings, outcomes: report.outcomes }));
    return;
  }
  out(`HAR sha256 ${report.sha256}: ${report.outcomes.length} pages, ${report.listings.length} listings`);
  for (const l of report.listings) {
    const price = l.price === null ? "no price" : `¥${l.price}`;
    const final = l.finalPrice ? ` (to hand ¥${l.finalPrice})` : "";
    out(
      `  ${l.ad ? "[ad] " : ""}${price}${final}  ${l.seller ?? "?"}  ${l.title ?? ""}  ${l.url}  ← ${l.source}`,
    );
  }
  for (const o of report.outcomes)
    if (o.outcome !== "ok") out(`  ${o.outcome}: ${o.url} — ${o.reason ?? ""}`);
  for (const s of report.skipped) out(`  entry ${s.index} skipped: ${s.reason}`);
}
