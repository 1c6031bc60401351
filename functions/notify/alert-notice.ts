import { type Alert, type AlertSeverity, type AlertType, SEVERITY_RANK } from "../core/alert.js";
import { formatMoney } from "../core/money.js";
import { formatInstant } from "../text/clock.js";
import { alertTypeLabel, channelLabel, severityLabel } from "../text/labels-text.js";
import type { Locale } from "../text/locale.js";
import { type NotifyText, notifyText, readableExplanation } from "../text/notify-text.js";
import type { OutgoingItem, OutgoingMessage } from "./notify-sender.js";
import { hostOf, linkableUrl, neutralLine } from "./untrusted-text.js";

/** How much the stranger-written and repeated parts may take; channels with tight limits shrink it. */
export interface NoticeBudget {
  seller: number;
  explanation: number;
  /** Longest listing URL still shown as a link; longer ones show only their host. */
  url: number;
  /** Findings of one listing shown in full; the rest are counted. */
  findings: number;
  /** Alerts a digest lists by name (never more than the target's `digestTop`); the rest are counted. */
  entries: number;
}

/** From roomy to minimal. With every field bounded, the last step fits even WeCom's 4096 bytes. */
export const BUDGET_LADDER: readonly NoticeBudget[] = [
  { seller: 120, explanation: 1000, url: 1500, findings: 10, entries: 50 },
  { seller: 80, explanation: 500, url: 1000, findings: 6, entries: 20 },
  { seller: 60, explanation: 250, url: 600, findings: 4, entries: 10 },
  { seller: 40, explanation: 120, url: 300, findings: 3, entries: 6 },
  { seller: 30, explanation: 60, url: 0, findings: 2, entries: 4 },
];

/**
 * One line of a notice. Every `value`/`text` is one neutral line (no mentions, links or control
 * characters) that renderers still markup-escape; every `href` is link-safe (http/https).
 */
export type NoticeLine =
  | { kind: "field"; label: string; value: string }
  | { kind: "link"; label: string; text: string; href: string }
  | { kind: "heading"; text: string }
  | { kind: "entry"; text: string; href: string | null; linkText: string };

/** A message as channel-neutral lines, in the target's language, that each channel renders. */
export interface Notice {
  locale: Locale;
  text: NotifyText;
  /** Plain text: 【Pricewarden】高 · 低于最低价 · GLU-50 */
  title: string;
  /** 新告警 / 再次出现 / 监测汇总 */
  eventLabel: string;
  /** The highest severity in the message (colours). */
  severity: AlertSeverity;
  /** Set when every finding in the message is monitoring-only (no demand is made). */
  monitoringNote: string | null;
  lines: NoticeLine[];
  /** Buttons for channels that have them: the listing, the alert or the alert list. */
  buttons: Array<{ text: string; href: string; primary: boolean }>;
  /** Ids a person quotes: the alert (or the message) and the delivery. */
  footer: string;
  deliveryId: string;
}

const money = (alert: Alert, minor: number | null) =>
  minor === null ? null : formatMoney({ minor, currency: alert.currency });

/** Operational alerts about a whole channel (coverage, sessions) name no SKU or seller. */
function isChannelAlert(alert: Alert): boolean {
  return alert.type === "coverage_drop" || alert.listingId.startsWith("session:");
}

function channelOf(message: OutgoingMessage, alert: Alert): string {
  const channels = Object.entries(message.channelNames).map(([id, name]) => ({ id, name }));
  return neutralLine(channelLabel(channels, alert.channel, message.locale), 60);
}

function priceValue(text: NotifyText, alert: Alert): string | null {
  const price = money(alert, alert.price);
  const threshold = money(alert, alert.threshold);
  if (price === null && threshold === null) return null;
  const listed =
    alert.listedPrice !== null && alert.listedPrice !== alert.price ? money(alert, alert.listedPrice) : null;
  const parts = [`${price ?? "—"}${listed ? text.listed(listed) : ""}`];
  if (threshold !== null) parts.push(`${text.thresholds[alert.type] ?? text.thresholds.other} ${threshold}`);
  return parts.join(" / ");
}

function explanation(message: OutgoingMessage, alert: Alert, budget: NoticeBudget): string {
  const facts = {
    type: alert.type,
    severity: alert.severity,
    price: money(alert, alert.price),
    threshold: money(alert, alert.threshold),
    seller: alert.seller ? neutralLine(alert.seller, budget.seller) : null,
    channel: channelOf(message, alert),
    monitoringOnly: alert.monitoringOnly,
  };
  // The rendered explanation quotes strangers' text (shop names, promotions): one inert line.
  return neutralLine(readableExplanation(alert, facts, message.locale), budget.explanation);
}

function highest(items: readonly OutgoingItem[]): AlertSeverity {
  return items.reduce<AlertSeverity>(
    (best, i) => (SEVERITY_RANK[i.alert.severity] > SEVERITY_RANK[best] ? i.alert.severity : best),
    "low",
  );
}

/** Most severe first, enforceable before monitoring-only, then the newest. */
function byUrgency(a: OutgoingItem, b: OutgoingItem): number {
  return (
    SEVERITY_RANK[b.alert.severity] - SEVERITY_RANK[a.alert.severity] ||
    Number(a.alert.monitoringOnly) - Number(b.alert.monitoringOnly) ||
    b.alert.lastSeen.localeCompare(a.alert.lastSeen) ||
    a.alert.id.localeCompare(b.alert.id)
  );
}

/** A listing's findings in one notice: what the listing is, then each finding. */
function listingNotice(message: OutgoingMessage, budget: NoticeBudget): Notice {
  const text = notifyText(message.locale);
  const items = [...message.items].sort(byUrgency);
  const first = items[0];
  if (!first) throw new Error("a message has at least one alert");
  const lead = first.alert;
  const clock = { timeZone: message.timeZone, locale: message.locale };
  const channel = channelOf(message, lead);
  const channelAlert = isChannelAlert(lead);
  const sku = lead.sku ? neutralLine(lead.sku, 64) : "—";
  const types = [...new Set(items.map((i) => alertTypeLabel(i.alert.type, message.locale)))];
  const severity = highest(items);
  const reopened = items.every((i) => i.event === "reopened");
  const lines: NoticeLine[] = [];
  if (!channelAlert) lines.push({ kind: "field", label: text.labels.sku, value: sku });
  lines.push({ kind: "field", label: text.labels.channel, value: channel });
  if (!channelAlert)
    lines.push({
      kind: "field",
      label: text.labels.seller,
      value: lead.seller ? neutralLine(lead.seller, budget.seller) || "—" : "—",
    });
  const link = lead.url.length <= budget.url ? linkableUrl(lead.url) : null;
  if (link) lines.push({ kind: "link", label: text.labels.listing, text: text.openListing, href: link });
  else
    lines.push({
      kind: "field",
      label: text.labels.listing,
      value: `${hostOf(lead.url) || "—"}${text.listingUnlinkable}`,
    });

  const shown = items.slice(0, budget.findings);
  for (const [index, item] of shown.entries()) {
    const { alert } = item;
    if (items.length > 1) lines.push({ kind: "heading", text: text.findingHeading(index + 1, items.length) });
    lines.push(
      {
        kind: "field",
        label: text.labels.type,
        value: `${alertTypeLabel(alert.type, message.locale)} · ${severityLabel(alert.severity, message.locale)}${items.length > 1 && item.event === "reopened" ? ` · ${text.events.reopened}` : ""}`,
      },
      ...(alert.monitoringOnly && !items.every((i) => i.alert.monitoringOnly)
        ? [{ kind: "field" as const, label: text.labels.explanation, value: text.monitoringOnly }]
        : []),
    );
    const price = priceValue(text, alert);
    if (price) lines.push({ kind: "field", label: text.labels.price, value: price });
    lines.push(
      { kind: "field", label: text.labels.explanation, value: explanation(message, alert, budget) || "—" },
      { kind: "field", label: text.labels.firstSeen, value: formatInstant(alert.firstSeen, clock) },
    );
    if (alert.occurrences > 1)
      lines.push(
        { kind: "field", label: text.labels.lastSeen, value: formatInstant(alert.lastSeen, clock) },
        { kind: "field", label: text.labels.occurrences, value: String(alert.occurrences) },
      );
    const page = item.alertPageUrl ? linkableUrl(item.alertPageUrl) : null;
    if (page) lines.push({ kind: "link", label: text.labels.alertPage, text: text.viewAlert, href: page });
    lines.push({ kind: "field", label: text.labels.alertId, value: alert.id });
  }
  if (items.length > shown.length)
    lines.push({ kind: "heading", text: text.moreFindings(items.length - shown.length) });

  const page = first.alertPageUrl ? linkableUrl(first.alertPageUrl) : null;
  return {
    locale: message.locale,
    text,
    title: `${text.titlePrefix}${severityLabel(severity, message.locale)} · ${types.join(text.listSeparator)} · ${channelAlert ? channel : sku}`,
    eventLabel: reopened ? text.events.reopened : text.events.opened,
    severity,
    monitoringNote: items.every((i) => i.alert.monitoringOnly) ? text.monitoringOnly : null,
    lines,
    buttons: [
      ...(link ? [{ text: text.openListing, href: link, primary: true }] : []),
      ...(page ? [{ text: text.viewAlert, href: page, primary: false }] : []),
    ],
    footer: `${text.labels.deliveryId} ${message.deliveryId}`,
    deliveryId: message.deliveryId,
  };
}

function countLine(
  text: NotifyText,
  counts: ReadonlyMap<string, number>,
  label: (code: string) => string,
): string {
  return [...counts].map(([code, n]) => `${label(code)} ${text.count(n)}`).join(text.listSeparator);
}

function tally<K extends string>(
  items: readonly OutgoingItem[],
  key: (i: OutgoingItem) => K,
  order: readonly K[],
) {
  const counts = new Map<K, number>();
  for (const k of order) {
    const n = items.filter((i) => key(i) === k).length;
    if (n > 0) counts.set(k, n);
  }
  return counts;
}

const SEVERITY_ORDER: readonly AlertSeverity[] = ["high", "medium", "low"];

/** A delivery pass's alerts for one target: counts by type and severity, then the most urgent. */
function digestNotice(message: OutgoingMessage, budget: NoticeBudget): Notice {
  const text = notifyText(message.locale);
  const { locale } = message;
  const items = [...message.items].sort(byUrgency);
  const types = [...new Set(items.map((i) => i.alert.type))].sort() as AlertType[];
  const byType = new Map(
    types
      .map((t) => [t, items.filter((i) => i.alert.type === t).length] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
  const reopened = items.filter((i) => i.event === "reopened").length;
  const lines: NoticeLine[] = [
    {
      kind: "field",
      label: text.labels.period,
      value: formatInstant(message.composedAt, { timeZone: message.timeZone, locale }),
    },
    {
      kind: "field",
      label: text.labels.byType,
      value: countLine(text, byType, (c) => alertTypeLabel(c, locale)),
    },
    {
      kind: "field",
      label: text.labels.bySeverity,
      value: countLine(
        text,
        tally(items, (i) => i.alert.severity, SEVERITY_ORDER),
        (c) => severityLabel(c, locale),
      ),
    },
  ];
  if (reopened > 0)
    lines.push({
      kind: "field",
      label: text.labels.byEvent,
      value: `${text.events.opened} ${text.count(items.length - reopened)}${text.listSeparator}${text.events.reopened} ${text.count(reopened)}`,
    });
  const shown = items.slice(0, Math.max(1, Math.min(message.digestTop, budget.entries)));
  lines.push({ kind: "heading", text: text.topHeading(shown.length, items.length) });
  for (const [index, item] of shown.entries()) {
    const { alert } = item;
    const parts = [
      severityLabel(alert.severity, locale),
      alertTypeLabel(alert.type, locale),
      ...(isChannelAlert(alert) ? [] : [alert.sku ? neutralLine(alert.sku, 64) : "—"]),
      channelOf(message, alert),
      ...(alert.seller && !isChannelAlert(alert) ? [neutralLine(alert.seller, budget.seller)] : []),
      ...(money(alert, alert.price) ? [money(alert, alert.price) as string] : []),
      ...(alert.monitoringOnly ? [text.monitoringOnly] : []),
    ];
    const href = item.alertPageUrl ? linkableUrl(item.alertPageUrl) : null;
    lines.push({
      kind: "entry",
      text: `${index + 1}. ${parts.join(" · ")}${href ? "" : ` · ${text.labels.alertId} ${alert.id}`}`,
      href,
      linkText: text.viewAlert,
    });
  }
  if (items.length > shown.length)
    lines.push({ kind: "heading", text: text.moreEntries(items.length - shown.length) });
  const list = message.dashboardUrl ? linkableUrl(`${message.dashboardUrl}/alerts`) : null;
  if (list) lines.push({ kind: "link", label: text.labels.allAlerts, text: text.viewAllAlerts, href: list });
  return {
    locale,
    text,
    title: text.digestTitle(items.length),
    eventLabel: text.events.digest,
    severity: highest(items),
    monitoringNote: items.every((i) => i.alert.monitoringOnly) ? text.monitoringOnly : null,
    lines,
    buttons: list ? [{ text: text.viewAllAlerts, href: list, primary: true }] : [],
    footer: `${text.labels.deliveryId} ${message.deliveryId}`,
    deliveryId: message.deliveryId,
  };
}

export function buildNotice(message: OutgoingMessage, budget: NoticeBudget): Notice {
  return message.kind === "digest" ? digestNotice(message, budget) : listingNotice(message, budget);
}

/**
 * Builds a channel's payload from the roomiest budget that fits `limit` (as measured by `size`).
 * Every field is bounded, so the last budget always fits the limits the senders use.
 */
export function fitPayload<T>(
  message: OutgoingMessage,
  build: (notice: Notice) => T,
  size: (payload: T) => number,
  limit: number,
): T {
  let payload: T | undefined;
  for (const budget of BUDGET_LADDER) {
    payload = build(buildNotice(message, budget));
    if (size(payload) <= limit) return payload;
  }
  if (payload === undefined) throw new Error("empty budget ladder");
  return payload;
}
