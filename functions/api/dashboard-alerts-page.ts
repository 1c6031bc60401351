import { html } from "hono/html";
import { type AlertSeverity, SeveritySchema } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import type { StoredAlert } from "../store/alert-repository.js";
import { boundedText } from "./bounded-text.js";
import type { Caller } from "./caller.js";
import type { Html } from "./dashboard-layout.js";
import { ALERT_TYPE_LABELS, channelName, distributorName, moneyText, timeText } from "./display-format.js";
import { safeHref } from "./safe-href.js";

const SEVERITY_TITLES: Record<AlertSeverity, string> = { high: "High", medium: "Medium", low: "Low" };

/** Open and acknowledged alerts, most severe group first, each explaining itself. */
export function alertsBody(
  alerts: readonly StoredAlert[],
  caller: Caller,
  config: TenantConfig | null,
  /** The page's filters as a query string (`?status=active…`), carried into the download links. */
  exportQuery = "",
): Html {
  if (alerts.length === 0) return html`<p class="empty">No open alerts.</p>`;
  const zone = config?.timezone ?? "Asia/Shanghai";
  return html`<p class="muted">Download these alerts: <a href="/export/alerts.xlsx${exportQuery}">Excel</a> · <a href="/export/alerts.csv${exportQuery}">CSV</a></p>
${SeveritySchema.options.map((severity) => {
  const group = alerts.filter((a) => a.severity === severity);
  if (group.length === 0) return "";
  return html`<h2><span class="badge ${severity}">${SEVERITY_TITLES[severity]}</span> ${group.length} alert${
    group.length === 1 ? "" : "s"
  }</h2>
<table>
<thead><tr><th>Alert</th><th>Seller</th><th>Channel · SKU</th><th>Price vs threshold</th><th>Seen</th><th>Status</th>${
    caller.role === "brand" ? html`<th>Action</th>` : ""
  }</tr></thead>
<tbody>${group.map((a) => alertRow(a, caller, config, zone))}</tbody>
</table>`;
})}`;
}

function alertRow(a: StoredAlert, caller: Caller, config: TenantConfig | null, zone: string): Html {
  const href = safeHref(a.url);
  const distributor = distributorName(config, a.distributorId);
  return html`<tr>
<td><strong><a href="/alerts/${encodeURIComponent(a.id)}">${ALERT_TYPE_LABELS[a.type]}</a></strong>${
    a.monitoringOnly
      ? html` <span class="badge info" title="Recorded for information; not enforced against an authorized reseller">monitoring only</span>`
      : ""
  }<br>${boundedText(a.explanation, 600)}<br>${
    href
      ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">open listing</a>`
      : html`<span class="muted">${boundedText(a.url, 200)}</span>`
  }</td>
<td>${a.seller ? boundedText(a.seller, 120) : html`<span class="muted">unknown seller</span>`}${
    a.sellerId ? html`<br><span class="muted">id ${boundedText(a.sellerId, 60)}</span>` : ""
  }${distributor ? html`<br><span class="badge ok">${boundedText(distributor, 80)}</span>` : ""}</td>
<td>${boundedText(channelName(config, a.channel), 60)}<br><span class="muted">${a.sku ?? "–"}</span></td>
<td class="num">${moneyText(a.price, a.currency)}<br><span class="muted">threshold ${moneyText(a.threshold, a.currency)}</span></td>
<td><span class="muted">first ${timeText(a.firstSeen, zone)}<br>last ${timeText(a.lastSeen, zone)}<br>${a.occurrences}×</span></td>
<td>${a.status}</td>
${caller.role === "brand" ? html`<td>${alertActions(a)}</td>` : ""}
</tr>`;
}

/** Plain form posts: no script needed, and the CSRF middleware checks their origin. */
export function alertActions(a: StoredAlert): Html {
  const target = `/alerts/${encodeURIComponent(a.id)}/status`;
  const button = (status: string, label: string) =>
    html`<form method="post" action="${target}"><input type="hidden" name="status" value="${status}"><button type="submit">${label}</button></form>`;
  // Monitoring-only and operational alerts support no notice (core/notice.ts says why).
  const notice =
    a.monitoringOnly || a.type === "blocked" || a.type === "extraction_failed"
      ? ""
      : html`<br><a href="/alerts/${encodeURIComponent(a.id)}/notice">Draft notice</a>`;
  return html`${a.status === "open" ? button("acknowledged", "Acknowledge") : ""}${button("resolved", "Resolve")}${button(
    "dismissed",
    "Dismiss",
  )}${notice}`;
}
