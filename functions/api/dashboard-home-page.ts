import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { TenantConfig } from "../core/config.js";
import { computeKpis, type Kpis, RESOLVE_WINDOW_DAYS } from "../core/kpi.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { RunSummary } from "../store/run-repository.js";
import { CHART_TEXT } from "../text/chart-text.js";
import { formatInstant, localDate } from "../text/clock.js";
import { HOME_TEXT } from "../text/home-text.js";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS } from "../text/labels-text.js";
import type { Locale } from "../text/locale.js";
import type { ApiDeps } from "./api-deps.js";
import { boundedText } from "./bounded-text.js";
import type { Caller } from "./caller.js";
import { countBarChart } from "./count-bar-chart.js";
import type { Html } from "./dashboard-layout.js";
import { channelName } from "./display-format.js";

/** The alert list's seller filter matches a part of the name and takes at most this much. */
const SELLER_FILTER_CHARS = 100;

/** Statuses the home reads: what is still to act on, and what was resolved (time to resolve). */
const HOME_STATUSES = ["open", "acknowledged", "resolved"] as const;
const SEVERITIES = ["high", "medium", "low"] as const;
/**
 * The newest alerts the home reads per status and severity: a view's work stays bounded however
 * many alerts a tenant has (at most 4,500 items), as the list pages' is.
 */
export const HOME_READ_PER_PARTITION = 500;

/** The newest alerts of each status and severity the home counts; `truncated` when older ones exist. */
async function readHomeAlerts(
  deps: Pick<ApiDeps, "alerts">,
  tenant: string,
): Promise<{ alerts: StoredAlert[]; truncated: boolean }> {
  const pages = await Promise.all(
    HOME_STATUSES.flatMap((status) =>
      SEVERITIES.map((severity) =>
        deps.alerts.pageByStatus(tenant, status, severity, {
          limit: HOME_READ_PER_PARTITION,
          after: null,
          direction: "forward",
          maxReads: HOME_READ_PER_PARTITION,
        }),
      ),
    ),
  );
  return {
    alerts: pages.flatMap((page) => page.items.map((entry) => entry.item)),
    truncated: pages.some((page) => page.resumeAfter !== null),
  };
}

/**
 * The brand's home: reads the tenant's alerts and its latest run, and shows what computeKpis
 * makes of them. Brand users only: the route sends a distributor to its own alert list.
 */
export async function brandHome(
  deps: Pick<ApiDeps, "alerts" | "runs" | "now">,
  caller: Extract<Caller, { role: "brand" }>,
  config: TenantConfig | null,
  locale: Locale,
): Promise<{ title: string; body: Html }> {
  const [read, runs] = await Promise.all([
    readHomeAlerts(deps, caller.tenant),
    deps.runs.latest(caller.tenant, 1),
  ]);
  const alerts = read.alerts;
  const run = runs[0] ?? null;
  const timeZone = config?.timezone ?? "Asia/Shanghai";
  const kpis = computeKpis({
    alerts,
    coverage: run?.channels ?? null,
    now: deps.now?.() ?? new Date(),
    timeZone,
  });
  return {
    title: HOME_TEXT[locale].title,
    body: await homeBody({ kpis, run, config, locale, sampled: read.truncated }),
  };
}

export async function homeBody(opts: {
  kpis: Kpis;
  run: RunSummary | null;
  config: TenantConfig | null;
  locale: Locale;
  /** The alerts read were the newest of each status and severity only. */
  sampled?: boolean;
}): Promise<HtmlEscapedString> {
  const { kpis, run, config, locale } = opts;
  const t = HOME_TEXT[locale];
  const clock = { timeZone: config?.timezone ?? "Asia/Shanghai", locale };
  const percent = (share: number | null | undefined) =>
    share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`;
  const card = (label: string, value: string, detail: string, tone = "") =>
    html`<div class="kpi ${tone}"><span class="muted">${label}</span><strong>${value}</strong><span class="muted">${detail}</span></div>`;
  const s = kpis.activeBySeverity;
  const chart = CHART_TEXT[locale];
  const [byType, byChannel] =
    kpis.active === 0
      ? ["", ""]
      : await Promise.all([
          countBarChart(
            chart.alertsByType,
            kpis.activeByType.map((c) => ({ label: ALERT_TYPE_LABELS[locale][c.key], count: c.count })),
          ),
          countBarChart(
            chart.alertsByChannel,
            kpis.activeByChannel.map((c) => ({ label: channelName(config, c.key), count: c.count })),
            "#8250df",
          ),
        ]);
  return html`${opts.sampled ? html`<p class="info">${t.sampled(HOME_READ_PER_PARTITION)}</p>` : ""}<div class="kpis">${card(
    t.active,
    String(kpis.active),
    t.activeBreakdown(s.high, s.medium, s.low),
    s.high > 0 ? "bad" : "",
  )}${card(t.newThisWeek, String(kpis.newThisWeek), t.weekSince(localDate(kpis.weekStart, clock.timeZone)))}${card(
    t.resolveMedian,
    kpis.resolve.medianMs === null ? "–" : t.duration(kpis.resolve.medianMs),
    kpis.resolve.meanMs === null
      ? t.noneResolved(RESOLVE_WINDOW_DAYS)
      : t.resolveDetail(t.duration(kpis.resolve.meanMs), kpis.resolve.count, RESOLVE_WINDOW_DAYS),
  )}${card(
    t.lastRun,
    run ? percent(run.coverage) : "–",
    run ? t.lastRunDetail(formatInstant(run.finishedAt, clock)) : t.noRun,
    run?.blind ? "bad" : "",
  )}</div>
${
  kpis.active === 0
    ? html`<p class="empty">${t.noActive}</p>`
    : html`<div class="charts"><figure class="chart">${raw(byType)}</figure><figure class="chart">${raw(byChannel)}</figure></div>`
}
<p><a href="/alerts">${t.allAlerts}</a></p>
<h2>${t.sellersTitle}</h2>
${
  kpis.topSellers.length === 0
    ? html`<p class="empty">${t.noSellers}</p>`
    : html`<table>
<thead><tr>${t.sellersHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${kpis.topSellers.map(
        (seller) =>
          html`<tr><td><a href="/alerts?${new URLSearchParams({ seller: seller.seller.slice(0, SELLER_FILTER_CHARS) }).toString()}">${boundedText(
            seller.seller,
            80,
          )}</a></td><td>${seller.channels.map((c) => boundedText(channelName(config, c), 40)).join("、")}</td><td class="num">${seller.activeAlerts}</td><td><span class="badge ${seller.worstSeverity}">${SEVERITY_LABELS[locale][seller.worstSeverity]}</span></td></tr>`,
      )}</tbody>
</table>
<p class="muted">${t.sellersNote}</p>`
}
<h2>${t.coverageTitle}</h2>
${
  kpis.coverage.length === 0
    ? html`<p class="empty">${t.noRun}</p>`
    : html`<table>
<thead><tr>${t.coverageHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${kpis.coverage.map(
        (c) =>
          html`<tr><td>${boundedText(channelName(config, c.channel), 60)}</td><td class="num">${c.targets}</td><td class="num">${c.priced}</td><td class="num">${percent(c.coverage)}</td><td>${
            c.blind
              ? html`<span class="badge bad">${t.blind}</span>`
              : c.coverage === null
                ? html`<span class="muted">${t.nothingToCheck}</span>`
                : html`<span class="badge ok">${t.seeing}</span>`
          }</td></tr>`,
      )}</tbody>
</table>`
}`;
}
