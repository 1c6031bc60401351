import { html } from "hono/html";
import type { TenantConfig } from "../core/config.js";
import { fieldSourceLabel, pageOutcomeLabel, statusLabel } from "../text/labels-text.js";
import { outcomeReasonText } from "../text/outcome-text.js";
import { boundedText } from "./bounded-text.js";
import type { Html } from "./dashboard-layout.js";
import { problemsBody } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import { channelName } from "./display-format.js";
import { type HarImportSummary, sizeText } from "./har-upload.js";
import { safeHref } from "./safe-href.js";

/**
 * The HAR upload: how to record one, the form, and what an upload came to. Everything shown from
 * the file is stranger-written (titles, sellers, URLs, reasons): escaped by `html`, bounded and
 * stripped of control characters by `boundedText`, and linked only through `safeHref`.
 */

/** The upload form: multipart, no script; the CSRF middleware checks the post's origin. */
function uploadForm(maxBytes: number, text: DashboardText): Html {
  const t = text.imports;
  return html`<form method="post" action="/imports" enctype="multipart/form-data" class="check">
<label>${t.file} <input type="file" name="har" accept=".har,application/json" required></label>
<span class="muted">${t.limit(sizeText(maxBytes))}</span>
<button type="submit">${t.submit}</button>
</form>`;
}

/** The how-to (and that the file is a secret), then the form. */
export function importFormBody(maxBytes: number, text: DashboardText = DASHBOARD_TEXT.en): Html {
  const t = text.imports;
  return html`<p class="muted">${t.intro}</p>
<h2>${t.howTo}</h2>
<ol>${t.steps.map((step) => html`<li>${step}</li>`)}</ol>
<p class="problems">${t.secret}</p>
${uploadForm(maxBytes, text)}`;
}

/** A refused upload: why (the parser's reason, escaped), then the form again. */
export function importProblemBody(
  message: string,
  reason: string | null,
  maxBytes: number,
  text: DashboardText = DASHBOARD_TEXT.en,
): Html {
  return html`${problemsBody(message, reason ? [{ path: "HAR", message: reason }] : [])}
${uploadForm(maxBytes, text)}`;
}

/** A link only to a plain http(s) URL; anything else is shown as (bounded) text, never followed. */
function link(url: string, label: string | null): Html {
  const href = safeHref(url);
  return href
    ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${boundedText(label ?? url, 200)}</a>`
    : html`<span class="muted">${boundedText(url, 200)}</span>`;
}

function priceText(price: string | null, currency: string | null): string {
  if (price === null) return "–";
  const amount = boundedText(price, 40);
  return currency === null || currency === "CNY" ? `¥${amount}` : `${amount} ${boundedText(currency, 10)}`;
}

/** What an upload came to: counts, alerts with links, listings found, each page's outcome. */
export function importResultBody(
  summary: HarImportSummary,
  config: TenantConfig | null,
  maxBytes: number,
  text: DashboardText = DASHBOARD_TEXT.en,
): Html {
  const t = text.imports;
  const alerts = summary.alerts;
  return html`<div class="ok">
<p><strong>${t.summary(summary.pages, summary.listings, summary.alertsNew)}</strong></p>
<p class="muted">${t.sha} <code>${summary.har}</code></p>
<p class="muted">${summary.evidence ? t.evidenceYes : t.evidenceNo} ${
    summary.notifications === "sent" ? t.sent : t.queued
  }</p>
</div>
${summary.truncated ? html`<p class="muted">${t.truncated}</p>` : ""}
<h2>${t.alerts}</h2>
${
  alerts.length === 0
    ? html`<p class="empty">${t.noAlerts}</p>`
    : html`<table>
<thead><tr>${t.alertsHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${alerts.map(
        (a) => html`<tr>
<td><span class="badge ${a.severity}">${text.severities[a.severity]}</span> <strong><a href="/alerts/${encodeURIComponent(a.id)}">${text.types[a.type]}</a></strong>${
          a.monitoringOnly
            ? html` <span class="badge info" title="${text.alerts.monitoringOnlyTitle}">${text.alerts.monitoringOnly}</span>`
            : ""
        } <span class="badge ${a.new ? "bad" : "info"}">${a.new ? t.isNew : t.again}</span><br>${link(a.url, text.alerts.openListing)}</td>
<td>${a.seller ? boundedText(a.seller, 120) : html`<span class="muted">${text.alerts.unknownSeller}</span>`}</td>
<td>${a.sku ?? "–"}</td>
<td>${statusLabel(a.status, text.locale)}</td>
</tr>`,
      )}</tbody>
</table>`
}
<h2>${t.listings}</h2>
${
  summary.extracted.length === 0
    ? html`<p class="empty">${t.noListings}</p>`
    : html`<table>
<thead><tr>${t.listingsHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${summary.extracted.map(
        (l) => html`<tr>
<td>${boundedText(l.title ?? "–", 200)}<br>${link(l.url, text.alerts.openListing)}${
          l.channel
            ? html`<br><span class="muted">${boundedText(channelName(config, l.channel, text.locale), 60)}</span>`
            : ""
        }</td>
<td class="num">${priceText(l.price, l.currency)}${
          l.listPrice ? html`<br><span class="muted">${priceText(l.listPrice, l.currency)}</span>` : ""
        }</td>
<td class="num">${priceText(l.finalPrice, l.currency)}</td>
<td>${l.seller ? boundedText(l.seller, 120) : html`<span class="muted">${text.sellers.notIdentified}</span>`}${
          l.sellerId ? html`<br><span class="muted">ID ${boundedText(l.sellerId, 60)}</span>` : ""
        }</td>
<td>${l.ad ? html`<span class="badge info">${t.ad}</span>` : ""}</td>
<td><span class="muted">${boundedText(fieldSourceLabel(l.source, text.locale), 200)}</span></td>
</tr>`,
      )}</tbody>
</table>`
}
<h2>${t.outcomes}</h2>
<table>
<thead><tr>${t.outcomesHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${summary.outcomes.map(
    (o) => html`<tr>
<td>${link(o.url, null)}</td>
<td><span class="badge ${o.outcome === "ok" ? "ok" : "info"}">${boundedText(pageOutcomeLabel(o.outcome, text.locale), 40)}</span></td>
<td><span class="muted">${o.reason === null ? "" : boundedText(outcomeReasonText(o.reason, text.locale), 500)}</span></td>
</tr>`,
  )}</tbody>
</table>
${
  summary.notRecorded.length > 0
    ? html`<h2>${t.notRecorded}</h2>
<ul>${summary.notRecorded.map((url) => html`<li>${link(url, null)}</li>`)}</ul>`
    : ""
}
${
  summary.skipped.length > 0
    ? html`<h2>${t.skipped}</h2>
<ul class="muted">${summary.skipped.map((s) => html`<li>#${s.index}: ${boundedText(s.reason, 300)}</li>`)}</ul>`
    : ""
}
<h2>${t.importAnother}</h2>
${uploadForm(maxBytes, text)}`;
}
