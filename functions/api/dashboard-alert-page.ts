import { html } from "hono/html";
import type { TenantConfig } from "../core/config.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { EvidenceRecord } from "../store/evidence-repository.js";
import { boundedText } from "./bounded-text.js";
import type { Caller } from "./caller.js";
import { alertViewFor } from "./caller-alert-view.js";
import { alertActions } from "./dashboard-alerts-page.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import { channelName, distributorName, moneyText, timeText } from "./display-format.js";
import { safeHref } from "./safe-href.js";

/** One alert in full: what was seen, the rule's inputs, its history, its evidence. */
export function alertBody(opts: {
  alert: StoredAlert;
  caller: Caller;
  config: TenantConfig | null;
  captures: readonly EvidenceRecord[];
  text?: DashboardText;
}): Html {
  const { alert: a, caller, config } = opts;
  const text = opts.text ?? DASHBOARD_TEXT.en;
  const t = text.alertPage;
  const view = alertViewFor(caller, a);
  const zone = config?.timezone ?? "Asia/Shanghai";
  const href = safeHref(a.url);
  const distributor = distributorName(config, a.distributorId);
  const row = (label: string, value: Html | string) => html`<tr><th>${label}</th><td>${value}</td></tr>`;
  const inputs = Object.entries(a.inputs).map(([key, value]) =>
    row(key, boundedText(Array.isArray(value) ? value.join(" · ") : String(value), 600)),
  );
  return html`<p><span class="badge ${a.severity}">${a.severity}</span> <strong>${text.types[a.type]}</strong> · ${a.status}${
    a.monitoringOnly ? html` <span class="badge info">monitoring only</span>` : ""
  }</p>
<p>${boundedText(a.explanation, 1200)}</p>
<table>
${row(t.seller, html`${a.seller ? boundedText(a.seller, 120) : t.unknown}${a.sellerId ? html` <span class="muted">id ${boundedText(a.sellerId, 60)}</span>` : ""}${distributor ? html` <span class="badge ok">${boundedText(distributor, 80)}</span>` : ""}`)}
${row(t.channelSku, html`${boundedText(channelName(config, a.channel), 60)} · ${a.sku ?? "–"}`)}
${row(t.listing, href ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${boundedText(a.url, 200)}</a>` : boundedText(a.url, 200))}
${row(t.priceVsThreshold, `${moneyText(a.price, a.currency)} / ${moneyText(a.threshold, a.currency)} (${t.listed} ${moneyText(a.listedPrice, a.currency)})`)}
${row(t.seen, `${timeText(a.firstSeen, zone)} – ${timeText(a.lastSeen, zone)}, ${a.occurrences}×`)}
</table>
<h2>${t.inputs}</h2>
<table>${inputs}</table>
<h2>${t.history}</h2>
${
  view.history.length === 0
    ? html`<p class="empty">${t.noHistory}</p>`
    : html`<table>${view.history.map(
        (h) =>
          html`<tr><td>${timeText(h.at, zone)}</td><td>${h.status}</td><td>${"by" in h && h.by ? boundedText(h.by, 120) : ""}${
            "note" in h && h.note ? html` <span class="muted">${boundedText(h.note, 500)}</span>` : ""
          }</td></tr>`,
      )}</table>`
}
${caller.role === "brand" ? html`<h2>${t.evidence}</h2>${evidenceList(opts.captures, zone, text)}<h2>${t.actions}</h2><p>${alertActions(a, text)}</p>` : ""}`;
}

function evidenceList(captures: readonly EvidenceRecord[], zone: string, text: DashboardText): Html {
  const t = text.alertPage;
  if (captures.length === 0) return html`<p class="empty">${t.noEvidence}</p>`;
  return html`<table>
<thead><tr>${t.evidenceHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${captures.map(
    (r) =>
      html`<tr><td>${timeText(r.capturedAt, zone)}</td><td><code>${r.captureId}</code></td><td><code>${r.manifestSha256}</code></td><td>${r.screenshot}</td></tr>`,
  )}</tbody>
</table>
<p class="muted">${t.exportHint} <code>pricewarden evidence export ${captures[0]?.alertId ?? ""} --out evidence.zip</code>.</p>`;
}
