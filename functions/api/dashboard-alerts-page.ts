import { html } from "hono/html";
import { isOperational, SeveritySchema } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import type { StoredAlert } from "../store/alert-repository.js";
import { boundedText } from "./bounded-text.js";
import type { Caller } from "./caller.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import { channelName, distributorName, moneyText, timeText } from "./display-format.js";
import { safeHref } from "./safe-href.js";

/** Open and acknowledged alerts, most severe group first, each explaining itself. */
export function alertsBody(
  alerts: readonly StoredAlert[],
  caller: Caller,
  config: TenantConfig | null,
  /** The page's filters as a query string (`?status=active…`), carried into the download links. */
  exportQuery = "",
  text: DashboardText = DASHBOARD_TEXT.en,
): Html {
  const t = text.alerts;
  if (alerts.length === 0) return html`<p class="empty">${t.none}</p>`;
  const zone = config?.timezone ?? "Asia/Shanghai";
  return html`<p class="muted">${t.download}<a href="/export/alerts.xlsx${exportQuery}">Excel</a> · <a href="/export/alerts.csv${exportQuery}">CSV</a></p>
${SeveritySchema.options.map((severity) => {
  const group = alerts.filter((a) => a.severity === severity);
  if (group.length === 0) return "";
  return html`<h2><span class="badge ${severity}">${text.severities[severity]}</span> ${t.alertsCount(group.length)}</h2>
<table>
<thead><tr>${t.head.map((h) => html`<th>${h}</th>`)}${caller.role === "brand" ? html`<th>${t.action}</th>` : ""}</tr></thead>
<tbody>${group.map((a) => alertRow(a, caller, config, zone, text))}</tbody>
</table>`;
})}`;
}

function alertRow(
  a: StoredAlert,
  caller: Caller,
  config: TenantConfig | null,
  zone: string,
  text: DashboardText,
): Html {
  const t = text.alerts;
  const href = safeHref(a.url);
  const distributor = distributorName(config, a.distributorId);
  return html`<tr>
<td><strong><a href="/alerts/${encodeURIComponent(a.id)}">${text.types[a.type]}</a></strong>${
    a.monitoringOnly
      ? html` <span class="badge info" title="${t.monitoringOnlyTitle}">${t.monitoringOnly}</span>`
      : ""
  }<br>${boundedText(a.explanation, 600)}<br>${
    href
      ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${t.openListing}</a>`
      : html`<span class="muted">${boundedText(a.url, 200)}</span>`
  }</td>
<td>${a.seller ? boundedText(a.seller, 120) : html`<span class="muted">${t.unknownSeller}</span>`}${
    a.sellerId ? html`<br><span class="muted">id ${boundedText(a.sellerId, 60)}</span>` : ""
  }${distributor ? html`<br><span class="badge ok">${boundedText(distributor, 80)}</span>` : ""}</td>
<td>${boundedText(channelName(config, a.channel), 60)}<br><span class="muted">${a.sku ?? "–"}</span></td>
<td class="num">${moneyText(a.price, a.currency)}<br><span class="muted">${t.threshold} ${moneyText(a.threshold, a.currency)}</span></td>
<td><span class="muted">${t.first} ${timeText(a.firstSeen, zone)}<br>${t.last} ${timeText(a.lastSeen, zone)}<br>${a.occurrences}×</span></td>
<td>${a.status}</td>
${caller.role === "brand" ? html`<td>${alertActions(a, text)}</td>` : ""}
</tr>`;
}

/** Plain form posts: no script needed, and the CSRF middleware checks their origin. */
export function alertActions(a: StoredAlert, text: DashboardText = DASHBOARD_TEXT.en): Html {
  const t = text.alerts;
  const target = `/alerts/${encodeURIComponent(a.id)}/status`;
  const button = (status: string, label: string) =>
    html`<form method="post" action="${target}"><input type="hidden" name="status" value="${status}"><button type="submit">${label}</button></form>`;
  // Monitoring-only and operational alerts support no notice (core/notice.ts says why).
  const notice =
    a.monitoringOnly || isOperational(a.type)
      ? ""
      : html`<br><a href="/alerts/${encodeURIComponent(a.id)}/notice">${t.draftNotice}</a>`;
  return html`${a.status === "open" ? button("acknowledged", t.acknowledge) : ""}${button("resolved", t.resolve)}${button(
    "dismissed",
    t.dismiss,
  )}${notice}`;
}
