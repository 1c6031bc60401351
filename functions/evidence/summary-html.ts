import { escapeHtml } from "../core/escape-html.js";
import type { ExtractedListing } from "../core/listing.js";
import { minorToDecimal } from "../core/money.js";
import { formatInstant } from "../text/clock.js";
import { SUMMARY_TEXT } from "../text/evidence-text.js";
import { explainAlert } from "../text/explanation-text.js";
import { alertTypeLabel, channelKindLabel, pageOutcomeLabel, severityLabel } from "../text/labels-text.js";
import type { FindingFile } from "./evidence-files.js";
import type { Manifest } from "./evidence-manifest.js";
import { displayFingerprint } from "./evidence-signer.js";
import type { ExportReading } from "./readme-text.js";

export interface SummaryInput {
  manifest: Manifest;
  manifestSha256: string;
  finding: FindingFile;
  listing: ExtractedListing;
  screenshotPng: Uint8Array | null;
  exportedAt: string;
  /** The reader's language and the tenant's zone; English and UTC when not given. */
  reading?: ExportReading;
}

/** Crawled strings are bounded again here: a summary is one or two pages, not a dump. */
const MAX_TEXT = 500;

/**
 * The PDF summary's HTML. Every value is escaped (crawled text above all); the document loads
 * nothing (CSP `default-src 'none'`), and the screenshot is inlined as a data: URL. Chromium
 * prints it with Noto Sans SC, so Chinese words and crawled Chinese text render alike.
 */
export function summaryHtml(input: SummaryInput): string {
  const { manifest, finding, listing } = input;
  const reading = input.reading ?? { locale: "en", timeZone: "UTC" };
  const { locale } = reading;
  const w = SUMMARY_TEXT[locale];
  const e = escapeHtml;
  const t = (value: string | null | undefined) => e(bound(value ?? "—"));
  const at = (iso: string) => e(formatInstant(iso, reading));
  const money = (minor: number | null) =>
    minor === null ? "—" : `${e(finding.currency)} ${e(minorToDecimal(minor))}`;
  const row = (label: string, value: string) => `<tr><th>${e(label)}</th><td>${value}</td></tr>`;
  const files = manifest.files
    .map(
      (f) =>
        `<tr><td>${e(f.name)}</td><td class="num">${f.size}</td><td class="hash">${e(f.sha256)}</td></tr>`,
    )
    .join("");
  const reason = (r: string) => bound(w.knownReasons[r] ?? r);
  const shot = manifest.screenshot;
  let screenshot: string;
  if (shot.status === "captured" && input.screenshotPng)
    screenshot = `<p class="note">${e(w.shotTaken(bound(shot.url), formatInstant(shot.takenAt, reading), pageOutcomeLabel(shot.renderOutcome, locale)))}</p>
<img class="shot" alt="${e(w.shotAlt)}" src="data:image/png;base64,${Buffer.from(input.screenshotPng).toString("base64")}">`;
  else if (shot.status === "failed")
    screenshot = `<p class="missing">${e(w.shotFailed(formatInstant(shot.at, reading), reason(shot.reason)))}</p>`;
  else if (shot.status === "disabled")
    screenshot = `<p class="missing">${e(w.shotDisabled(reason(shot.reason)))}</p>`;
  else screenshot = `<p class="missing">${e(w.shotMissing)}</p>`;
  const sellerId = finding.sellerId ? e(w.sellerId(bound(finding.sellerId))) : "";

  return `<!doctype html>
<html lang="${e(w.htmlLang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${e(w.title(manifest.alertId))}</title>
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
<h1>${e(w.heading(alertTypeLabel(finding.type, locale), severityLabel(finding.severity, locale)))}</h1>
<p class="note">${t(w.tenantLine(manifest.tenant, manifest.alertId, manifest.captureId))}${finding.monitoringOnly ? e(w.monitoringOnly) : ""}</p>
<p class="explanation">${t(explainAlert(finding, locale))}</p>
<h2>${e(w.finding)}</h2>
<table>
${row(w.seller, `${t(finding.seller ?? listing.seller)}${sellerId}`)}
${row(w.product, t(finding.sku))}
${row(w.listingTitle, t(listing.title))}
${row(w.observedPrice, money(finding.price))}
${row(w.threshold, money(finding.threshold))}
${row(w.listedPrice, money(finding.listedPrice))}
${row(w.channel, t(channelKindLabel(finding.channel, locale)))}
${row(w.shipFrom, t(listing.shipFrom))}
</table>
<h2>${e(w.capture)}</h2>
<table>
${row(w.listingUrl, t(manifest.page.url))}
${row(w.finalUrl, t(manifest.page.finalUrl))}
${row(w.httpStatus, String(manifest.page.httpStatus))}
${row(w.servedAsLabel, t(w.servedAs(manifest.page.contentType, manifest.page.originalCharset, manifest.page.originalBytes)))}
${row(w.checkedAt, at(manifest.page.checkedAt))}
${row(w.capturedAt, at(manifest.capturedAt))}
${row(w.occurrence, e(w.occurrenceValue(manifest.alert.occurrence, formatInstant(manifest.alert.openedAt, reading))))}
${row(w.tool, `${t(manifest.tool.name === "pricewarden" ? "Pricewarden" : manifest.tool.name)} ${t(manifest.tool.version)}`)}
</table>
<h2>${e(w.files)}</h2>
<table><tr><th>${e(w.filesHead[0])}</th><th class="num">${e(w.filesHead[1])}</th><th>${e(w.filesHead[2])}</th></tr>${files}
<tr><td>manifest.json</td><td class="num"></td><td class="hash">${e(input.manifestSha256)}</td></tr></table>
<p>${e(w.signedWith)} <b>${e(displayFingerprint(manifest.signing.fingerprint))}</b>. ${e(w.generated(formatInstant(input.exportedAt, reading)))}</p>
<h2>${e(w.screenshot)}</h2>
${screenshot}
</body></html>
`;
}

function bound(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
