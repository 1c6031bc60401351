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
${row("Seller", html`${a.seller ? boundedText(a.seller, 120) : "unknown"}${a.sellerId ? html` <span class="muted">id ${boundedText(a.sellerId, 60)}</span>` : ""}${distributor ? html` <span class="badge ok">${boundedText(distributor, 80)}</span>` : ""}`)}
${row("Channel · SKU", html`${boundedText(channelName(config, a.channel), 60)} · ${a.sku ?? "–"}`)}
${row("Listing", href ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${boundedText(a.url, 200)}</a>` : boundedText(a.url, 200))}
${row("Price vs threshold", `${moneyText(a.price, a.currency)} vs ${moneyText(a.threshold, a.currency)} (listed ${moneyText(a.listedPrice, a.currency)})`)}
${row("Seen", `${timeText(a.firstSeen, zone)} – ${timeText(a.lastSeen, zone)}, ${a.occurrences}×`)}
</table>
<h2>Rule inputs</h2>
<table>${inputs}</table>
<h2>History</h2>
${
  view.history.length === 0
    ? html`<p class="empty">No status changes yet.</p>`
    : html`<table>${view.history.map(
        (h) =>
          html`<tr><td>${timeText(h.at, zone)}</td><td>${h.status}</td><td>${"by" in h && h.by ? boundedText(h.by, 120) : ""}${
            "note" in h && h.note ? html` <span class="muted">${boundedText(h.note, 500)}</span>` : ""
          }</td></tr>`,
      )}</table>`
}
${caller.role === "brand" ? html`<h2>Evidence</h2>${evidenceList(opts.captures, zone)}<h2>Actions</h2><p>${alertActions(a, text)}</p>` : ""}`;
}

function evidenceList(captures: readonly EvidenceRecord[], zone: string): Html {
  if (captures.length === 0) return html`<p class="empty">No signed capture of this alert.</p>`;
  return html`<table>
<thead><tr><th>Captured</th><th>Capture</th><th>Manifest SHA-256</th><th>Screenshot</th></tr></thead>
<tbody>${captures.map(
    (r) =>
      html`<tr><td>${timeText(r.capturedAt, zone)}</td><td><code>${r.captureId}</code></td><td><code>${r.manifestSha256}</code></td><td>${r.screenshot}</td></tr>`,
  )}</tbody>
</table>
<p class="muted">Export a capture for a lawyer with <code>pricewarden evidence export ${captures[0]?.alertId ?? ""} --out evidence.zip</code>.</p>`;
}
