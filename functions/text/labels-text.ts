import type { AlertSeverity, AlertStatus, AlertType } from "../core/alert.js";
import type { Availability } from "../core/listing.js";
import type { Locale } from "./locale.js";

/**
 * The names a person reads for the product's codes (severity, status, alert type, stock, channel
 * kind, delivery state), in both languages side by side. Every surface (dashboard, notifications,
 * exports, notices, evidence) prints these instead of the raw code.
 */

type Labels<K extends string> = Record<Locale, Record<K, string>>;

export const ALERT_TYPE_LABELS: Labels<AlertType> = {
  "zh-CN": {
    below_min_price: "低于最低价",
    above_max_price: "高于最高价",
    unauthorized_seller: "未授权销售",
    out_of_region: "跨区销售",
    price_drop: "价格骤降",
    listing_compliance: "合规问题",
    extraction_failed: "信息提取失败",
    blocked: "抓取受阻",
    coverage_drop: "监测覆盖率下降",
    session_expired: "登录会话失效",
  },
  en: {
    below_min_price: "Below minimum price",
    above_max_price: "Above maximum price",
    unauthorized_seller: "Unauthorized seller",
    out_of_region: "Out of region",
    price_drop: "Price drop",
    listing_compliance: "Listing compliance",
    extraction_failed: "Extraction failed",
    blocked: "Crawl blocked",
    coverage_drop: "Coverage drop",
    session_expired: "Session expired",
  },
};

export const SEVERITY_LABELS: Labels<AlertSeverity> = {
  "zh-CN": { high: "高", medium: "中", low: "低" },
  en: { high: "High", medium: "Medium", low: "Low" },
};

/** Statuses, including ones a newer lifecycle may add (snoozed), so a label never falls back to a code. */
export const STATUS_LABELS: Labels<AlertStatus | "snoozed"> = {
  "zh-CN": {
    open: "待处理",
    acknowledged: "已确认",
    resolved: "已解决",
    dismissed: "已忽略",
    snoozed: "暂缓处理",
  },
  en: {
    open: "Open",
    acknowledged: "Acknowledged",
    resolved: "Resolved",
    dismissed: "Dismissed",
    snoozed: "Snoozed",
  },
};

export const STOCK_LABELS: Labels<Availability> = {
  "zh-CN": { InStock: "有货", OutOfStock: "缺货" },
  en: { InStock: "In stock", OutOfStock: "Out of stock" },
};

/** Built-in site profiles a channel is read with; a tenant's own channel names stay as written. */
export const CHANNEL_KIND_LABELS: Labels<string> = {
  "zh-CN": {
    jd: "京东",
    "jd-health": "京东健康",
    tmall: "天猫",
    taobao: "淘宝",
    "ali-health": "阿里健康",
    pdd: "拼多多",
    douyin: "抖音",
    kuaishou: "快手",
    meituan: "美团",
    xiaohongshu: "小红书",
    generic: "其他网站",
    har: "浏览器抓包（HAR）",
  },
  en: {
    jd: "JD.com",
    "jd-health": "JD Health",
    tmall: "Tmall",
    taobao: "Taobao",
    "ali-health": "Ali Health",
    pdd: "Pinduoduo",
    douyin: "Douyin",
    kuaishou: "Kuaishou",
    meituan: "Meituan",
    xiaohongshu: "Xiaohongshu",
    generic: "Other site",
    har: "Browser capture (HAR)",
  },
};

export const DELIVERY_STATE_LABELS: Labels<"pending" | "delivered" | "failed"> = {
  "zh-CN": { pending: "待发送", delivered: "已送达", failed: "发送失败" },
  en: { pending: "Pending", delivered: "Delivered", failed: "Failed" },
};

/** What reading a page came to (crawl and HAR import). */
export const PAGE_OUTCOME_LABELS: Labels<string> = {
  "zh-CN": {
    ok: "已读取",
    blocked: "被拦截",
    login_required: "需要登录",
    rate_limited: "被限流",
    no_price: "无价格",
    error: "出错",
    not_found: "页面不存在",
    gone: "已下架",
    refused: "拒绝访问",
  },
  en: {
    ok: "Read",
    blocked: "Blocked",
    login_required: "Login required",
    rate_limited: "Rate limited",
    no_price: "No price",
    error: "Error",
    not_found: "Not found",
    gone: "Removed",
    refused: "Refused",
  },
};

/** Which structured part of a page a field was read from. */
export const FIELD_SOURCE_LABELS: Labels<string> = {
  "zh-CN": {
    "json-ld": "结构化数据（JSON-LD）",
    microdata: "页面微数据",
    opengraph: "分享元数据",
    meta: "页面元数据",
    "css-profile": "站点解析规则",
    text: "页面文字",
    "inline-state": "页面脚本数据",
    response: "页面接口数据",
    "search-row": "搜索结果行",
    markup: "页面标记",
  },
  en: {
    "json-ld": "JSON-LD",
    microdata: "microdata",
    opengraph: "Open Graph",
    meta: "meta tags",
    "css-profile": "site profile",
    text: "page text",
    "inline-state": "page script data",
    response: "page's own data responses",
    "search-row": "search row",
    markup: "markup",
  },
};

/** Why a price observation was recorded: it changed, or the daily confirmation of no change. */
export const OBSERVATION_REASON_LABELS: Labels<"change" | "heartbeat"> = {
  "zh-CN": { change: "价格或库存变化", heartbeat: "每日确认（无变化）" },
  en: { change: "changed", heartbeat: "daily confirmation (unchanged)" },
};

/** Whether a signed capture has its screenshot. */
export const SCREENSHOT_LABELS: Labels<"captured" | "failed" | "disabled"> = {
  "zh-CN": { captured: "已截图", failed: "截图失败", disabled: "未截图（已关闭）" },
  en: { captured: "captured", failed: "failed", disabled: "off" },
};

export const YES_NO: Record<Locale, { yes: string; no: string }> = {
  "zh-CN": { yes: "是", no: "否" },
  en: { yes: "Yes", no: "No" },
};

function lookup<K extends string>(labels: Labels<K>, code: string, locale: Locale): string {
  return (labels[locale] as Record<string, string>)[code] ?? code;
}

export function alertTypeLabel(type: AlertType | string, locale: Locale): string {
  return lookup(ALERT_TYPE_LABELS, type, locale);
}

export function severityLabel(severity: AlertSeverity | string, locale: Locale): string {
  return lookup(SEVERITY_LABELS, severity, locale);
}

export function statusLabel(status: AlertStatus | string, locale: Locale): string {
  return lookup(STATUS_LABELS, status, locale);
}

/** "有货" / "缺货"; "–" when the page said nothing. */
export function stockLabel(availability: Availability | string | null | undefined, locale: Locale): string {
  if (availability === null || availability === undefined || availability === "") return "–";
  return lookup(STOCK_LABELS, availability, locale);
}

/** A built-in channel kind's name ("tmall" → 天猫); anything else is shown as given. */
export function channelKindLabel(kind: string, locale: Locale): string {
  return lookup(CHANNEL_KIND_LABELS, kind, locale);
}

export function deliveryStateLabel(state: string, locale: Locale): string {
  return lookup(DELIVERY_STATE_LABELS, state, locale);
}

export function pageOutcomeLabel(outcome: string, locale: Locale): string {
  return lookup(PAGE_OUTCOME_LABELS, outcome, locale);
}

/** A field source code as a reader names it; a longer recorded reason is shown as written. */
export function fieldSourceLabel(source: string, locale: Locale): string {
  return lookup(FIELD_SOURCE_LABELS, source, locale);
}

export function observationReasonLabel(reason: string, locale: Locale): string {
  return lookup(OBSERVATION_REASON_LABELS, reason, locale);
}

export function screenshotLabel(status: string, locale: Locale): string {
  return lookup(SCREENSHOT_LABELS, status, locale);
}

export function yesNo(value: boolean, locale: Locale): string {
  return value ? YES_NO[locale].yes : YES_NO[locale].no;
}

/**
 * A channel as a person names it: the tenant's own name from the config, else the built-in
 * kind's name when the id is one ("tmall" → 天猫), else the id.
 */
export function channelLabel(
  channels: readonly { id: string; name: string }[] | null | undefined,
  channel: string,
  locale: Locale,
): string {
  const own = channels?.find((c) => c.id === channel)?.name;
  return own ?? channelKindLabel(channel, locale);
}
