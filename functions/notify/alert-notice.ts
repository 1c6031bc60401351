import type { AlertSeverity, AlertType } from "../core/alert.js";
import { ALERT_TYPE_ZH } from "../core/alert-type-labels.js";
import { formatMoney } from "../core/money.js";
import type { OutgoingAlert } from "./notify-sender.js";
import { hostOf, linkableUrl, neutralLine } from "./untrusted-text.js";

export const TYPE_LABELS = ALERT_TYPE_ZH;

const TYPE_ENGLISH: Record<AlertType, string> = {
  below_min_price: "below minimum price",
  above_max_price: "above maximum price",
  unauthorized_seller: "unauthorized seller",
  out_of_region: "out of region",
  price_drop: "price drop",
  listing_compliance: "listing compliance",
  extraction_failed: "extraction failed",
  blocked: "blocked",
  coverage_drop: "coverage drop",
  session_expired: "session expired",
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { high: "高", medium: "中", low: "低" };

export const MONITORING_ONLY_NOTE = "监测信息（不构成价格要求）";

const EVENT_LABELS: Record<OutgoingAlert["event"], string> = { opened: "新告警", reopened: "再次出现" };

const THRESHOLD_LABELS: Partial<Record<AlertType, string>> = {
  below_min_price: "最低价",
  above_max_price: "最高价",
  price_drop: "对比价",
};

/** How many characters the stranger-written fields may take; channels with tight limits shrink it. */
export interface NoticeBudget {
  seller: number;
  explanation: number;
  /** Longest listing URL still shown as a link; longer ones show only their host. */
  url: number;
}

/** From roomy to minimal. With every other field bounded, the last step fits even WeCom's 4096 bytes. */
export const BUDGET_LADDER: readonly NoticeBudget[] = [
  { seller: 120, explanation: 1000, url: 1500 },
  { seller: 120, explanation: 500, url: 1000 },
  { seller: 80, explanation: 250, url: 600 },
  { seller: 40, explanation: 100, url: 300 },
  { seller: 30, explanation: 40, url: 0 },
];

export interface NoticeField {
  label: string;
  /** One neutral line (no mentions, links or control characters); markup-escape it when rendering. */
  value: string;
}

/** An alert as a channel-neutral notice in Chinese, with the rule's English explanation kept. */
export interface AlertNotice {
  /** Plain text: 【Pricewarden】高 · 低于最低价 · GLU-50 */
  title: string;
  /** 新告警 / 再次出现 */
  eventLabel: string;
  severity: AlertSeverity;
  monitoringOnly: boolean;
  fields: NoticeField[];
  /** http(s) link-safe URL, or null when it cannot or should not be linked. */
  listingUrl: string | null;
  /** Shown instead of the link when `listingUrl` is null. */
  listingUrlText: string;
  /** The alert's page in the dashboard (our own URL, link-safe), or null. */
  alertPageUrl: string | null;
  alertId: string;
  deliveryId: string;
}

export function alertNotice(message: OutgoingAlert, budget: NoticeBudget): AlertNotice {
  const { alert } = message;
  const money = (minor: number | null) =>
    minor === null ? null : formatMoney({ minor, currency: alert.currency });
  const typeLabel = TYPE_LABELS[alert.type];
  const sku = alert.sku ? neutralLine(alert.sku, 64) : "—";
  const channel = neutralLine(
    message.channelName && message.channelName !== alert.channel
      ? `${message.channelName}（${alert.channel}）`
      : alert.channel,
    60,
  );

  // A coverage drop is about a whole channel: no SKU, no seller; the channel names it.
  const channelAlert = alert.type === "coverage_drop" || alert.listingId.startsWith("session:");
  const fields: NoticeField[] = [
    { label: "级别", value: `${SEVERITY_LABELS[alert.severity]}（${alert.severity}）` },
    { label: "类型", value: `${typeLabel}（${TYPE_ENGLISH[alert.type]}）` },
    ...(channelAlert ? [] : [{ label: "SKU", value: sku }]),
    { label: "渠道", value: channel },
    ...(channelAlert
      ? []
      : [{ label: "卖家", value: alert.seller ? neutralLine(alert.seller, budget.seller) || "—" : "—" }]),
  ];
  const price = money(alert.price);
  if (price !== null || alert.threshold !== null) {
    const listed =
      alert.listedPrice !== null && alert.listedPrice !== alert.price ? money(alert.listedPrice) : null;
    const threshold = money(alert.threshold);
    const parts = [`${price ?? "—"}${listed ? `（标价 ${listed}）` : ""}`];
    if (threshold !== null) parts.push(`${THRESHOLD_LABELS[alert.type] ?? "阈值"} ${threshold}`);
    fields.push({ label: "价格", value: parts.join(" / ") });
  }
  fields.push({ label: "说明", value: neutralLine(alert.explanation, budget.explanation) || "—" });
  if (alert.occurrences > 1) fields.push({ label: "出现次数", value: String(alert.occurrences) });

  const link = alert.url.length <= budget.url ? linkableUrl(alert.url) : null;
  return {
    title: `【Pricewarden】${SEVERITY_LABELS[alert.severity]} · ${typeLabel} · ${channelAlert ? channel : sku}`,
    eventLabel: EVENT_LABELS[message.event],
    severity: alert.severity,
    monitoringOnly: alert.monitoringOnly,
    fields,
    listingUrl: link,
    listingUrlText: link ? link : `${hostOf(alert.url) || "—"}（链接过长或无效，见告警详情）`,
    alertPageUrl: message.alertPageUrl ? linkableUrl(message.alertPageUrl) : null,
    alertId: alert.id,
    deliveryId: message.deliveryId,
  };
}

/**
 * Builds a channel's payload from the roomiest budget that fits `limit` (as measured by `size`).
 * Every field is bounded, so the last budget always fits the limits the senders use.
 */
export function fitPayload<T>(
  message: OutgoingAlert,
  build: (notice: AlertNotice) => T,
  size: (payload: T) => number,
  limit: number,
): T {
  let payload: T | undefined;
  for (const budget of BUDGET_LADDER) {
    payload = build(alertNotice(message, budget));
    if (size(payload) <= limit) return payload;
  }
  if (payload === undefined) throw new Error("empty budget ladder");
  return payload;
}
