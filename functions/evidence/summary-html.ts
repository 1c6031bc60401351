import { escapeHtml } from "../core/escape-html.js";
import type { ExtractedListing } from "../core/listing.js";
import { minorToDecimal } from "../core/money.js";
import type { FindingFile } from "./evidence-files.js";
import type { Manifest } from "./evidence-manifest.js";
import { displayFingerprint } from "./evidence-signer.js";

export interface SummaryInput {
  manifest: Manifest;
  manifestSha256: string;
  finding: FindingFile;
  listing: ExtractedListing;
  screenshotPng: Uint8Array | null;
  exportedAt: string;
}

/** Crawled strings are bounded again here: a summary is one or two pages, not a dump. */
const MAX_TEXT = 500;

/**
 * The PDF summary's HTML. Every value is escaped (crawled text above all); the document loads
 * nothing (CSP `default-src 'none'`), and the screenshot is inlined as a data: URL.
 */
export function summaryHtml(input: SummaryInput): string {
  const { manifest, finding, listing } = input;
  const t = (value: string | null | undefined) => escapeHtml(bound(value ?? "—"));
  const money = (minor: number | null) =>
    minor === null ? "—" : `${escapeHtml(finding.currency)} ${escapeHtml(minorToDecimal(minor))}`;
  const row = (label: string, value: string) => `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`;
  const files = manifest.files
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.name)}</td><td class="num">${f.size}</td><td class="hash">${escapeHtml(f.sha256)}</td></tr>`,
    )
    .join("");
  const shot = manifest.screenshot;
  let screenshot: string;
  if (shot.status === "captured" && input.screenshotPng)
    screenshot = `<p class="note">Full-page screenshot of ${t(shot.url)} taken ${t(shot.takenAt)} (Chromium, page ${t(shot.renderOutcome)}).</p>
<img class="shot" alt="screenshot" src="data:image/png;base64,${Buffer.from(input.screenshotPng).toString("base64")}">`;
  else if (shot.status === "failed")
    screenshot = `<p class="missing">No screenshot: the capture at ${t(shot.at)} failed — ${t(shot.reason)}</p>`;
  else if (shot.status === "disabled") screenshot = `<p class="missing">No screenshot: ${t(shot.reason)}</p>`;
  else screenshot = `<p class="missing">The screenshot file is missing from this export.</p>`;

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Evidence ${escapeHtml(manifest.alertId)}</title>
<style>
  @page { size: A4; margin: 14mm; }
  body { font-family: "Noto Sans SC", "Noto Sans", sans-serif; font-size: 10pt; color: #111; }
  h1 { font-size: 15pt; margin: 0 0 4pt; }
  h2 { font-size: 11.5pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 2pt 4pt; border-bottom: 1px solid #ddd; }
  th { width: 28%; font-weight: 600; }
  td { overflow-wrap: anywhere; }
  .num { text-align: right; width: 12%; }
  .hash { font-family: monospace; font-size: 8pt; }
  .explanation { font-size: 11pt; padding: 6pt; background: #f3f3f3; }
  .missing { color: #a00; font-weight: 600; }
  .note { color: #444; }
  .shot { width: 100%; border: 1px solid #999; }
</style></head>
<body>
<h1>Evidence summary — ${escapeHtml(finding.type)} (${escapeHtml(finding.severity)})</h1>
<p class="note">Tenant ${t(manifest.tenant)} · alert ${t(manifest.alertId)} · capture ${t(manifest.captureId)}${finding.monitoringOnly ? " · monitoring information only" : ""}</p>
<p class="explanation">${t(finding.explanation)}</p>
<h2>Finding</h2>
<table>
${row("Seller", `${t(finding.seller ?? listing.seller)}${finding.sellerId ? ` (id ${t(finding.sellerId)})` : ""}`)}
${row("Product (SKU)", t(finding.sku))}
${row("Listing title", t(listing.title))}
${row("Observed price", money(finding.price))}
${row("Threshold", money(finding.threshold))}
${row("Listed price", money(finding.listedPrice))}
${row("Channel", t(finding.channel))}
${row("Ship-from", t(listing.shipFrom))}
</table>
<h2>Capture</h2>
<table>
${row("Listing URL", t(manifest.page.url))}
${row("Final URL", t(manifest.page.finalUrl))}
${row("HTTP status", String(manifest.page.httpStatus))}
${row("Served as", `${t(manifest.page.contentType)}; charset ${t(manifest.page.originalCharset)}; ${manifest.page.originalBytes} bytes`)}
${row("Checked at", t(manifest.page.checkedAt))}
${row("Captured at", t(manifest.capturedAt))}
${row("Alert occurrence", `${manifest.alert.occurrence}, opened ${t(manifest.alert.openedAt)}`)}
${row("Tool", `${t(manifest.tool.name)} ${t(manifest.tool.version)}`)}
</table>
<h2>Files and SHA-256 hashes</h2>
<table><tr><th>file</th><th class="num">bytes</th><th>SHA-256</th></tr>${files}
<tr><td>manifest.json</td><td class="num"></td><td class="hash">${escapeHtml(input.manifestSha256)}</td></tr></table>
<p>Manifest signed with Ed25519 key <b>${escapeHtml(displayFingerprint(manifest.signing.fingerprint))}</b>. This summary was generated ${t(input.exportedAt)} from the signed files; the files and manifest.json in the archive are the evidence, and README.txt explains how to check them.</p>
<h2>Screenshot</h2>
${screenshot}
</body></html>
`;
}

function bound(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
