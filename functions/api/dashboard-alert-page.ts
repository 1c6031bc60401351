import { html } from "hono/html";
import type { AlertVerb } from "../core/alert.js";
import { effectiveStatus, SYSTEM_ACTOR, validVerbs } from "../core/alert-lifecycle.js";
import type { TenantConfig } from "../core/config.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { EvidenceRecord } from "../store/evidence-repository.js";
import { localDate } from "../text/clock.js";
import { EVIDENCE_DOWNLOAD_TEXT } from "../text/evidence-download-text.js";
import { explainAlert, ruleInputRows } from "../text/explanation-text.js";
import { screenshotLabel, statusLabel } from "../text/labels-text.js";
import { workflowText } from "../text/workflow-text.js";
import { noticePossible } from "./alert-notice.js";
import { boundedText } from "./bounded-text.js";
import type { Caller } from "./caller.js";
import { alertViewFor } from "./caller-alert-view.js";
import { doneNotice } from "./dashboard-alerts-page.js";
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
  /** The signed bundle can be downloaded here (`GET /alerts/:id/evidence`). */
  evidenceDownload?: boolean;
  /** What "now" is for snoozes and the verbs offered; the wall clock when absent. */
  now?: string;
  /** The confirmation of the action that led here. */
  done?: AlertVerb | "same" | undefined;
}): Html {
  const { alert: a, caller, config } = opts;
  const text = opts.text ?? DASHBOARD_TEXT.en;
  const t = text.alertPage;
  const view = alertViewFor(caller, a);
  const zone = config?.timezone ?? "Asia/Shanghai";
  const href = safeHref(a.url);
  const distributor = distributorName(config, a.distributorId);
  const row = (label: string, value: Html | string) => html`<tr><th>${label}</th><td>${value}</td></tr>`;
  const locale = text.locale;
  const now = opts.now ?? new Date().toISOString();
  const w = workflowText(locale);
  const status = effectiveStatus(a, now);
  const channel = channelName(config, a.channel, locale);
  const inputs = ruleInputRows(a, locale).map((r) => row(r.label, boundedText(r.value, 600)));
  return html`${doneNotice(opts.done, text)}${reopenedBanner(a, caller, zone, text)}<p><span class="badge ${a.severity}">${text.severities[a.severity]}</span> <strong>${text.types[a.type]}</strong> · ${statusLabel(status, locale)}${
    status === "snoozed" && a.snoozedUntil
      ? html` <span class="muted">${w.snoozedUntil(timeText(a.snoozedUntil, zone, locale))}</span>`
      : ""
  }${a.monitoringOnly ? html` <span class="badge info">${text.alerts.monitoringOnly}</span>` : ""}</p>
<p>${boundedText(explainAlert(a, locale, channel), 1200)}</p>
<table>
${row(t.seller, html`${a.seller ? boundedText(a.seller, 120) : t.unknown}${a.sellerId ? html` <span class="muted">ID ${boundedText(a.sellerId, 60)}</span>` : ""}${distributor ? html` <span class="badge ok">${boundedText(distributor, 80)}</span>` : ""}`)}
${row(t.channelSku, html`${boundedText(channel, 60)} · ${a.sku ?? "–"}`)}
${row(t.listing, href ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${boundedText(a.url, 200)}</a>` : boundedText(a.url, 200))}
${row(t.priceVsThreshold, `${moneyText(a.price, a.currency)} / ${moneyText(a.threshold, a.currency)} (${t.listed} ${moneyText(a.listedPrice, a.currency)})`)}
${row(t.seen, `${timeText(a.firstSeen, zone, locale)} – ${timeText(a.lastSeen, zone, locale)}, ${a.occurrences}×`)}
</table>
<h2>${t.inputs}</h2>
<table>${inputs}</table>
<h2>${t.history}</h2>
${
  view.history.length === 0
    ? html`<p class="empty">${t.noHistory}</p>`
    : html`<table>
<thead><tr><th>${w.history.when}</th><th>${w.history.status}</th><th>${w.history.who}</th><th>${w.history.note}</th></tr></thead>
<tbody>${a.history.map((h) => historyRow(h, caller, a.currency, zone, text))}</tbody></table>`
}
${caller.role === "brand" ? html`<h2>${t.evidence}</h2>${evidenceList(opts.captures, zone, text, opts.evidenceDownload === true)}<h2>${w.actions}</h2>${actionForms(a, config, now, text)}` : ""}`;
}

type HistoryEntry = StoredAlert["history"][number];

/** The lifecycle's own entries say why in the reader's language; a distributor sees when and what only. */
function historyRow(
  h: HistoryEntry,
  caller: Caller,
  currency: string,
  zone: string,
  text: DashboardText,
): Html {
  const locale = text.locale;
  const w = workflowText(locale);
  const when = timeText(h.at, zone, locale);
  if (caller.role !== "brand")
    return html`<tr><td>${when}</td><td>${statusLabel(h.status, locale)}</td><td></td><td></td></tr>`;
  const system = h.by === SYSTEM_ACTOR;
  const why = h.reason ? w.reason(h.reason, when, h.price == null ? null : moneyText(h.price, currency)) : "";
  const snooze = h.until ? w.snoozedUntil(timeText(h.until, zone, locale)) : "";
  return html`<tr><td>${when}</td><td>${h.verb ? w.verbs[h.verb] : statusLabel(h.status, locale)}</td><td>${
    system ? html`<span class="muted">${w.history.system}</span>` : boundedText(h.by, 120)
  }</td><td>${[why, snooze].filter(Boolean).join(" · ")}${
    h.note ? html`${why || snooze ? " · " : ""}${boundedText(h.note, 500)}` : ""
  }</td></tr>`;
}

/** When the lifecycle reopened the alert last (and it is still open), say when and why at the top. */
function reopenedBanner(a: StoredAlert, caller: Caller, zone: string, text: DashboardText): Html | "" {
  const last = a.history.at(-1);
  if (caller.role !== "brand" || a.status !== "open" || !last?.reason || last.status !== "open") return "";
  const when = timeText(last.at, zone, text.locale);
  const why = workflowText(text.locale).reason(
    last.reason,
    when,
    last.price == null ? null : moneyText(last.price, a.currency),
  );
  return html`<div class="info reopened" role="note"><p>${why}</p></div>`;
}

/**
 * One form per verb valid now, each with what it means, a note, and for a snooze its day. The
 * snooze's day defaults to tomorrow in the tenant's zone.
 */
function actionForms(a: StoredAlert, config: TenantConfig | null, now: string, text: DashboardText): Html {
  const w = workflowText(text.locale);
  const zone = config?.timezone ?? "Asia/Shanghai";
  const target = `/alerts/${encodeURIComponent(a.id)}/status`;
  const tomorrow = localDate(new Date(Date.parse(now) + 86_400_000), zone);
  const forms = validVerbs(a, now).map(
    (verb) => html`<form method="post" action="${target}" class="action">
<input type="hidden" name="verb" value="${verb}"><input type="hidden" name="back" value="alert">
<p><strong>${w.verbs[verb]}</strong> <span class="muted">${w.meanings[verb]}</span></p>
${verb === "snooze" ? html`<label>${w.snoozeUntil} <input type="date" name="until" value="${tomorrow}" min="${tomorrow}" required></label> ` : ""}<label>${w.note} <input name="note" maxlength="500" placeholder="${w.notePlaceholder}"></label>
<button type="submit">${w.verbs[verb]}</button>
</form>`,
  );
  const notice = noticePossible(a, config)
    ? html`<p><a href="/alerts/${encodeURIComponent(a.id)}/notice">${w.notice.draft}</a></p>`
    : "";
  return html`<div class="actions">${forms}</div>${notice}`;
}

function evidenceList(
  captures: readonly EvidenceRecord[],
  zone: string,
  text: DashboardText,
  downloadable: boolean,
): Html {
  const t = text.alertPage;
  if (captures.length === 0) return html`<p class="empty">${t.noEvidence}</p>`;
  return html`<table>
<thead><tr>${t.evidenceHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${captures.map(
    (r) =>
      html`<tr><td>${timeText(r.capturedAt, zone, text.locale)}</td><td><code>${r.captureId}</code></td><td><code>${r.manifestSha256}</code></td><td>${screenshotLabel(r.screenshot, text.locale)}</td></tr>`,
  )}</tbody>
</table>
${downloadable ? evidenceDownloadLink(captures[0]?.alertId ?? "", text) : ""}<p class="muted">${t.exportHint} <code>pricewarden evidence export ${captures[0]?.alertId ?? ""} --out evidence.zip</code>.</p>`;
}

function evidenceDownloadLink(alertId: string, text: DashboardText): Html {
  const t = EVIDENCE_DOWNLOAD_TEXT[text.htmlLang === "zh-CN" ? "zh-CN" : "en"];
  return html`<p><a class="download" href="/alerts/${encodeURIComponent(alertId)}/evidence" download>${t.link}</a></p><p class="muted">${t.hint}</p>`;
}
