import { html } from "hono/html";
import { AlertTypeSchema, type AlertVerb, SeveritySchema } from "../core/alert.js";
import { effectiveStatus, validVerbs } from "../core/alert-lifecycle.js";
import type { TenantConfig } from "../core/config.js";
import type { StoredAlert } from "../store/alert-repository.js";
import { explainAlert } from "../text/explanation-text.js";
import { statusLabel } from "../text/labels-text.js";
import { workflowText } from "../text/workflow-text.js";
import { noticePossible } from "./alert-notice.js";
import { ALERT_SORTS, type AlertSort, type StatusFilter } from "./alert-selection.js";
import { boundedText } from "./bounded-text.js";
import type { Caller } from "./caller.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import { channelName, distributorName, moneyText, timeText } from "./display-format.js";
import { safeHref } from "./safe-href.js";

/** What the list shows: the status tab, the filters and the order, as the address has them. */
export interface AlertListView {
  status: StatusFilter;
  sort: AlertSort;
  /** The other filters as given (days, ids, text), for the form and the links. */
  filters: Partial<
    Record<"type" | "severity" | "sku" | "channel" | "seller" | "distributor" | "from" | "to", string>
  >;
  counts: Record<StatusFilter, number>;
  /** The confirmation of the action that led here. */
  done?: AlertVerb | "same" | undefined;
}

/** The tab order: what to act on first, then the rest, then everything. */
const TABS: readonly StatusFilter[] = [
  "active",
  "open",
  "acknowledged",
  "snoozed",
  "resolved",
  "dismissed",
  "all",
];

/** The list's title follows its status tab ("全部告警" for all). */
export function alertListTitle(status: StatusFilter, text: DashboardText): string {
  return workflowText(text.locale).list.titles[status];
}

/**
 * The alert list: the confirmation of an action, status tabs with counts, the filter form, the
 * downloads, and the alerts, grouped by severity when sorted by it.
 */
export function alertsBody(opts: {
  alerts: readonly StoredAlert[];
  caller: Caller;
  config: TenantConfig | null;
  view: AlertListView;
  now: string;
  text?: DashboardText;
}): Html {
  const { alerts, caller, config, view, now } = opts;
  const text = opts.text ?? DASHBOARD_TEXT.en;
  const t = text.alerts;
  const w = workflowText(text.locale);
  const zone = config?.timezone ?? "Asia/Shanghai";
  const exportQuery = queryString({ status: view.status, ...view.filters });
  // Quick actions come back to this same list (its tab, filters and order).
  const listQuery = queryString({
    status: view.status,
    ...view.filters,
    sort: view.sort === "severity" ? undefined : view.sort,
  }).slice(1);
  const table = (group: readonly StoredAlert[]) => html`<table class="cards">
<thead><tr>${t.head.map((h) => html`<th>${h}</th>`)}${caller.role === "brand" ? html`<th>${t.action}</th>` : ""}</tr></thead>
<tbody>${group.map((a) => alertRow(a, caller, config, zone, text, now, listQuery))}</tbody>
</table>`;
  const list =
    alerts.length === 0
      ? html`<p class="empty">${w.list.empty[view.status]}</p>`
      : html`<p class="muted">${t.download}<a href="/export/alerts.xlsx${exportQuery}">Excel</a> · <a href="/export/alerts.csv${exportQuery}">CSV</a></p>
${
  view.sort === "severity"
    ? SeveritySchema.options.map((severity) => {
        const group = alerts.filter((a) => a.severity === severity);
        if (group.length === 0) return "";
        return html`<h2><span class="badge ${severity}">${text.severities[severity]}</span> ${t.alertsCount(group.length)}</h2>
${table(group)}`;
      })
    : table(alerts)
}`;
  return html`${doneNotice(view.done, text)}${statusTabs(view, text)}${filterForm(view, caller, config, text)}${list}`;
}

/** "已确认" after an action, or that nothing changed. */
export function doneNotice(done: AlertVerb | "same" | undefined, text: DashboardText): Html | "" {
  if (done === undefined) return "";
  const w = workflowText(text.locale);
  return html`<div class="ok flash" role="status"><p>${done === "same" ? w.nothingChanged : w.done[done]}</p></div>`;
}

function statusTabs(view: AlertListView, text: DashboardText): Html {
  const w = workflowText(text.locale).list;
  return html`<nav class="tabs" aria-label="${w.fields.status}">${TABS.map((status) => {
    const label = html`${w.tabs[status]} <span class="count">${view.counts[status]}</span>`;
    const href = `/alerts${queryString({ ...view.filters, status, sort: view.sort === "severity" ? undefined : view.sort })}`;
    return status === view.status
      ? html`<a class="tab current" aria-current="page" href="${href}">${label}</a> `
      : html`<a class="tab" href="${href}">${label}</a> `;
  })}</nav>`;
}

function filterForm(
  view: AlertListView,
  caller: Caller,
  config: TenantConfig | null,
  text: DashboardText,
): Html {
  const w = workflowText(text.locale).list;
  const f = view.filters;
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}"${value === (current ?? "") ? html` selected` : ""}>${label}</option>`;
  const select = (name: keyof AlertListView["filters"], options: ReadonlyArray<[string, string]>) =>
    html`<label>${w.fields[name]} <select name="${name}">${option("", w.any, f[name])}${options.map(([v, l]) => option(v, l, f[name]))}</select></label>`;
  const input = (name: keyof AlertListView["filters"], type: string) =>
    html`<label>${w.fields[name]} <input type="${type}" name="${name}" value="${f[name] ?? ""}"></label>`;
  return html`<form method="get" action="/alerts" class="filters"><input type="hidden" name="status" value="${view.status}">
${select(
  "type",
  AlertTypeSchema.options.map((type) => [type, text.types[type]]),
)}
${select(
  "severity",
  SeveritySchema.options.map((s) => [s, text.severities[s]]),
)}
${select(
  "channel",
  (config?.channels ?? []).map((c) => [c.id, channelName(config, c.id, text.locale)]),
)}
${select(
  "sku",
  (config?.products ?? []).map((p) => [p.sku, `${p.sku} · ${p.name}`]),
)}
${input("seller", "search")}
${
  caller.role === "brand"
    ? select("distributor", [
        ...(config?.distributors ?? []).map((d): [string, string] => [d.id, d.name]),
        ["none", text.locale === "zh-CN" ? "非经销商店铺" : "Not a distributor"],
      ])
    : ""
}
${input("from", "date")} ${input("to", "date")}
<label>${w.fields.sort} <select name="sort">${ALERT_SORTS.map((s) => option(s, w.sorts[s], view.sort))}</select></label>
<button type="submit">${w.apply}</button> <a href="/alerts${queryString({ status: view.status })}">${w.clear}</a>
<span class="muted">${w.dateHint}</span></form>`;
}

/** `?a=1&b=2` of the values that are set; "" when none is. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") params.set(k, String(v));
  const q = params.toString();
  return q ? `?${q}` : "";
}

function alertRow(
  a: StoredAlert,
  caller: Caller,
  config: TenantConfig | null,
  zone: string,
  text: DashboardText,
  now: string,
  listQuery: string,
): Html {
  const t = text.alerts;
  const href = safeHref(a.url);
  const distributor = distributorName(config, a.distributorId);
  return html`<tr>
<td><strong><a href="/alerts/${encodeURIComponent(a.id)}">${text.types[a.type]}</a></strong>${
    a.monitoringOnly
      ? html` <span class="badge info" title="${t.monitoringOnlyTitle}">${t.monitoringOnly}</span>`
      : ""
  }<br>${boundedText(explainAlert(a, text.locale, channelName(config, a.channel, text.locale)), 600)}<br>${
    href
      ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${t.openListing}</a>`
      : html`<span class="muted">${boundedText(a.url, 200)}</span>`
  }</td>
<td>${a.seller ? boundedText(a.seller, 120) : html`<span class="muted">${t.unknownSeller}</span>`}${
    a.sellerId ? html`<br><span class="muted">ID ${boundedText(a.sellerId, 60)}</span>` : ""
  }${distributor ? html`<br><span class="badge ok">${boundedText(distributor, 80)}</span>` : ""}</td>
<td>${boundedText(channelName(config, a.channel, text.locale), 60)}<br><span class="muted">${a.sku ?? "–"}</span></td>
<td class="num">${moneyText(a.price, a.currency)}<br><span class="muted">${t.threshold} ${moneyText(a.threshold, a.currency)}</span></td>
<td><span class="muted">${t.first} ${timeText(a.firstSeen, zone, text.locale)}<br>${t.last} ${timeText(a.lastSeen, zone, text.locale)}<br>${a.occurrences}×</span></td>
<td>${statusLabel(effectiveStatus(a, now), text.locale)}</td>
${caller.role === "brand" ? html`<td>${alertActions(a, text, config, now, listQuery)}</td>` : ""}
</tr>`;
}

/**
 * The list's quick actions: a button per verb valid now (snoozing needs a day: on the alert's
 * page), a link to the alert for a note, and "Draft notice" only where a notice is possible.
 * Plain form posts: no script, and the CSRF middleware checks their origin.
 */
export function alertActions(
  a: StoredAlert,
  text: DashboardText,
  config: TenantConfig | null,
  now: string,
  /** The list's own query (`status=all&sku=…`), so the action returns to the same list. */
  listQuery = "",
): Html {
  const w = workflowText(text.locale);
  const target = `/alerts/${encodeURIComponent(a.id)}/status`;
  const buttons = validVerbs(a, now)
    .filter((verb) => verb !== "snooze")
    .map(
      (verb) =>
        html`<form method="post" action="${target}"><input type="hidden" name="verb" value="${verb}"><input type="hidden" name="back" value="list">${listQuery ? html`<input type="hidden" name="list" value="${listQuery}">` : ""}<button type="submit" title="${w.meanings[verb]}">${w.verbs[verb]}</button></form>`,
    );
  const notice = noticePossible(a, config)
    ? html`<br><a href="/alerts/${encodeURIComponent(a.id)}/notice">${w.notice.draft}</a>`
    : "";
  return html`${buttons}<br><a href="/alerts/${encodeURIComponent(a.id)}">${w.actions} …</a>${notice}`;
}
