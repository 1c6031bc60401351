import type { AlertSeverity, AlertType } from "../core/alert.js";

export type Lang = "zh" | "en";

const en = {
  htmlLang: "en",
  nav: {
    alerts: "Alerts",
    sellers: "Sellers",
    history: "Price history",
    check: "Pre-check",
    review: "To review",
  },
  signOut: "Sign out",
  distributor: "distributor",
  switchTo: "中文",
  titles: {
    openAlerts: "Open alerts",
    sellers: "Sellers",
    history: "Price history",
    alert: "Alert",
    notice: "Notice draft",
    review: "To review",
    check: "Pre-check a listing",
    checkShort: "Pre-check",
    badRequest: "Bad request",
    notFound: "Not found",
    notAllowed: "Not allowed",
  },
  problems: {
    address: "The address has problems:",
    form: "The form has problems:",
    noAlert: "No such alert.",
    noConfig: "No config is published for this tenant.",
    brandStatus: "Only brand users change alert status.",
    brandNotices: "Notices are for brand users.",
    brandReview: "The review list is for brand users.",
  },
  types: {
    below_min_price: "Below minimum price",
    above_max_price: "Above maximum price",
    unauthorized_seller: "Unauthorized seller",
    out_of_region: "Out of region",
    price_drop: "Price drop",
    listing_compliance: "Listing compliance",
    extraction_failed: "Extraction failed",
    blocked: "Crawl blocked",
  } satisfies Record<AlertType, string>,
  severities: { high: "High", medium: "Medium", low: "Low" } satisfies Record<AlertSeverity, string>,
  alerts: {
    none: "No open alerts.",
    download: "Download these alerts: ",
    alertsCount: (n: number) => `${n} alert${n === 1 ? "" : "s"}`,
    head: ["Alert", "Seller", "Channel · SKU", "Price vs threshold", "Seen", "Status"],
    action: "Action",
    monitoringOnly: "monitoring only",
    monitoringOnlyTitle: "Recorded for information; not enforced against an authorized reseller",
    openListing: "open listing",
    unknownSeller: "unknown seller",
    threshold: "threshold",
    first: "first",
    last: "last",
    acknowledge: "Acknowledge",
    resolve: "Resolve",
    dismiss: "Dismiss",
    draftNotice: "Draft notice",
  },
  sellers: {
    none: "No listings seen yet.",
    priceHistory: "price history",
    head: ["Channel", "Seller", "Authorization", "Listings", "Lowest price"],
    lastChecked: "Last checked",
    lastCheckedTitle:
      "The last check that changed something; unchanged listings are confirmed at least daily",
    notIdentified: "not identified",
    official: "official store",
    authorized: "authorized",
    unauthorized: "unauthorized",
  },
};

export type DashboardText = typeof en;

const zh: DashboardText = {
  htmlLang: "zh-CN",
  nav: { alerts: "告警", sellers: "卖家", history: "价格历史", check: "预检", review: "待复核" },
  signOut: "退出登录",
  distributor: "经销商",
  switchTo: "English",
  titles: {
    openAlerts: "待处理告警",
    sellers: "卖家",
    history: "价格历史",
    alert: "告警详情",
    notice: "通知草稿",
    review: "待复核",
    check: "上架前预检",
    checkShort: "预检",
    badRequest: "请求有误",
    notFound: "未找到",
    notAllowed: "无权访问",
  },
  problems: {
    address: "地址参数有误：",
    form: "表单有误：",
    noAlert: "没有该告警。",
    noConfig: "该租户尚未发布配置。",
    brandStatus: "只有品牌方用户可以更改告警状态。",
    brandNotices: "通知草稿仅供品牌方用户使用。",
    brandReview: "待复核列表仅供品牌方用户使用。",
  },
  types: {
    below_min_price: "低于最低价",
    above_max_price: "高于最高价",
    unauthorized_seller: "未授权销售",
    out_of_region: "跨区销售",
    price_drop: "价格骤降",
    listing_compliance: "合规问题",
    extraction_failed: "信息提取失败",
    blocked: "抓取受阻",
  },
  severities: { high: "高", medium: "中", low: "低" },
  alerts: {
    none: "没有待处理的告警。",
    download: "下载这些告警：",
    alertsCount: (n: number) => `${n} 条告警`,
    head: ["告警", "卖家", "渠道 · SKU", "价格 / 阈值", "时间", "状态"],
    action: "操作",
    monitoringOnly: "仅监测",
    monitoringOnlyTitle: "仅作记录，不对授权经销商执行",
    openListing: "打开商品页",
    unknownSeller: "未知卖家",
    threshold: "阈值",
    first: "首次",
    last: "最近",
    acknowledge: "确认",
    resolve: "解决",
    dismiss: "忽略",
    draftNotice: "起草通知",
  },
  sellers: {
    none: "尚未发现任何商品链接。",
    priceHistory: "价格历史",
    head: ["渠道", "卖家", "授权", "链接数", "最低价"],
    lastChecked: "最近检查",
    lastCheckedTitle: "最近一次有变化的检查；无变化的链接至少每天确认一次",
    notIdentified: "未识别",
    official: "官方店铺",
    authorized: "授权经销商",
    unauthorized: "未授权",
  },
};

export const DASHBOARD_TEXT: Record<Lang, DashboardText> = { en, zh };

export const LANG_COOKIE = "pricewarden-lang";

/** The dashboard's language: the user's choice (cookie), else the browser's first preference. */
export function dashboardLang(request: Request): Lang {
  const cookie = request.headers.get("cookie") ?? "";
  const chosen = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(zh|en)(?:;|$)`).exec(cookie)?.[1];
  if (chosen === "zh" || chosen === "en") return chosen;
  const first = (request.headers.get("accept-language") ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("zh") ? "zh" : "en";
}
