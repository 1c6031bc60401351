import type { AlertSeverity, AlertType } from "../core/alert.js";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS } from "../text/labels-text.js";
import { isLocale, type Locale, tenantLocale } from "../text/locale.js";

export type Lang = "zh" | "en";

const en = {
  htmlLang: "en",
  /** The catalogue's language, for the shared label and clock functions. */
  locale: "en" as Locale,
  nav: {
    alerts: "Alerts",
    sellers: "Sellers",
    history: "Price history",
    check: "Pre-check",
    review: "To review",
    imports: "Import HAR",
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
    imports: "Import a browser capture (HAR)",
    importResult: "HAR imported",
    importRefused: "HAR not imported",
  },
  problems: {
    address: "The address has problems:",
    form: "The form has problems:",
    noAlert: "No such alert.",
    noConfig: "No config is published for this tenant.",
    brandStatus: "Only brand users change alert status.",
    brandNotices: "Notices are for brand users.",
    brandReview: "The review list is for brand users.",
    brandImports: "Importing captures is for brand users.",
    noFile: "Choose a HAR file to upload.",
    notHar: "This file could not be imported:",
    tooLarge: (size: string) =>
      `The file is larger than ${size}. Record fewer pages per file, or import it with the command line.`,
  },
  types: ALERT_TYPE_LABELS.en as Record<AlertType, string>,
  severities: SEVERITY_LABELS.en as Record<AlertSeverity, string>,
  pager: { previous: "← Previous", next: "Next →", first: "First page" },
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
  history: {
    noProducts: "No products to show.",
    choose: "Choose a product:",
    none: "No listings of this product seen yet.",
    head: ["Time", "Listed", "Effective", "Per pack", "Stock", "Why recorded"],
    newest: (shown: number, all: number) => `Showing the newest ${shown} of ${all} observations.`,
    newestOnly: (shown: number) =>
      `Showing the newest ${shown} observations; the JSON API's \`since\` narrows the range.`,
  },
  check: {
    intro:
      "Would this listing raise an alert? The same rules as a crawled page, on what you plan to publish.",
    yourShop: " The shop checked is yours on the chosen channel.",
    product: "Product",
    channel: "Channel",
    price: "Price",
    shopName: "Shop name",
    shopId: "Shop id",
    shipsFrom: "Ships from",
    title: "Listing title",
    promotions: "Promotions, one per line",
    submit: "Check",
    compliant: "Compliant",
    notCompliant: "Not compliant",
    shop: "shop",
    priceLine: "Price",
    priceNotJudged:
      "No price rule is checked for a distributor: under the applicable law a supplier may not fix or enforce a distributor's resale price. Seller, region and other rules are checked; the answer is the same for any price.",
    tooMany: (seconds: number) => `Too many pre-checks; try again in ${seconds} s.`,
  },
  alertPage: {
    seller: "Seller",
    channelSku: "Channel · SKU",
    listing: "Listing",
    priceVsThreshold: "Price vs threshold",
    listed: "listed",
    seen: "Seen",
    inputs: "Rule inputs",
    history: "History",
    noHistory: "No status changes yet.",
    evidence: "Evidence",
    noEvidence: "No signed capture of this alert.",
    evidenceHead: ["Captured", "Capture", "Manifest SHA-256", "Screenshot"],
    exportHint: "Export a capture for a lawyer with",
    actions: "Actions",
    unknown: "unknown",
  },
  review: {
    none: "Nothing to review: every listing seen matched a product or does not mention the brand.",
    intro:
      "These listings mention the brand but matched no product closely enough to judge, so no rule ran on them. Add keywords or identifiers to a product in the config if one of them is yours.",
    head: ["Listing", "Seller", "Channel", "Price", "Why not matched", "Seen"],
    bestMatch: "best match",
  },
  notice: {
    none: "No notice",
    toPlatform:
      "To: the marketplace's rights-protection channel (or the shop). Review before sending; nothing is sent from here.",
    toSeller: "To: the shop. Review before sending; nothing is sent from here.",
  },
  imports: {
    intro:
      "Listings you saw in your own browser, signed in, are checked here exactly as crawled pages are: matching, rules, alerts and notifications. No crawler touches the platform.",
    howTo: "How to record a HAR file",
    steps: [
      "Open the browser's developer tools (F12) and choose Network; tick Preserve log (and Disable cache if offered).",
      "Browse as usual, signed in: item pages, searches (scroll through the result pages).",
      "Right-click the request list and choose Save all as HAR with content (Chrome, Edge), or Save All As HAR in the gear menu (Firefox).",
      "Upload the file below.",
    ],
    secret:
      "The file holds your cookies, that is your signed-in session: keep it like a password, and do not send it to anyone. Pricewarden keeps what it reads from the file (the listings, and with evidence the responses used and the file's SHA-256), not the file itself.",
    file: "HAR file",
    submit: "Import",
    limit: (size: string) => `At most ${size}.`,
    summary: (pages: number, listings: number, alertsNew: number) =>
      `${pages} page${pages === 1 ? "" : "s"}, ${listings} listing${listings === 1 ? "" : "s"} recorded, ${alertsNew} new alert${alertsNew === 1 ? "" : "s"}.`,
    sha: "HAR SHA-256",
    evidenceYes:
      "Signed evidence was captured for the alerts: it names this file's SHA-256 and the entries used.",
    evidenceNo:
      "No signed evidence was captured on this server: keep the file (safely) if an alert may need proof.",
    sent: "Notifications were sent.",
    queued: "Notifications are queued and go out with the next delivery round.",
    alerts: "Alerts",
    noAlerts: "No alert: nothing in this file breaks a rule.",
    alertsHead: ["Alert", "Seller", "SKU", "Status"],
    isNew: "new",
    again: "seen before",
    listings: "Listings found",
    noListings: "No listing found in this file.",
    listingsHead: ["Listing", "Price", "To-hand price", "Seller", "Ad", "Source"],
    ad: "ad",
    outcomes: "Pages",
    outcomesHead: ["Page", "Outcome", "Reason"],
    notRecorded: "Not recorded: no channel of the config matches these pages",
    skipped: "Entries left out",
    truncated: "Long lists are cut at their first 2000 rows.",
    importAnother: "Import another file",
  },
};

export type DashboardText = typeof en;

const zh: DashboardText = {
  htmlLang: "zh-CN",
  locale: "zh-CN",
  nav: {
    alerts: "告警",
    sellers: "卖家",
    history: "价格历史",
    check: "预检",
    review: "待复核",
    imports: "导入 HAR",
  },
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
    imports: "导入浏览器抓包（HAR）",
    importResult: "HAR 已导入",
    importRefused: "HAR 未导入",
  },
  problems: {
    address: "地址参数有误：",
    form: "表单有误：",
    noAlert: "没有该告警。",
    noConfig: "该租户尚未发布配置。",
    brandStatus: "只有品牌方用户可以更改告警状态。",
    brandNotices: "通知草稿仅供品牌方用户使用。",
    brandReview: "待复核列表仅供品牌方用户使用。",
    brandImports: "导入抓包仅供品牌方用户使用。",
    noFile: "请选择要上传的 HAR 文件。",
    notHar: "该文件无法导入：",
    tooLarge: (size: string) => `文件超过 ${size}。请每个文件少录一些页面，或用命令行导入。`,
  },
  types: ALERT_TYPE_LABELS["zh-CN"],
  severities: SEVERITY_LABELS["zh-CN"],
  pager: { previous: "← 上一页", next: "下一页 →", first: "第一页" },
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
  history: {
    noProducts: "没有可显示的商品。",
    choose: "请选择商品：",
    none: "尚未发现该商品的任何链接。",
    head: ["时间", "标价", "到手价", "单件价", "库存", "记录原因"],
    newest: (shown: number, all: number) => `显示最近 ${shown} 条，共 ${all} 条记录。`,
    newestOnly: (shown: number) => `显示最近 ${shown} 条记录；如需更早的记录，可通过数据接口按时间范围查询。`,
  },
  check: {
    intro: "这个商品页会触发告警吗？用与抓取页面相同的规则，检查您计划上架的内容。",
    yourShop: "检查的是您在所选渠道上的店铺。",
    product: "商品",
    channel: "渠道",
    price: "价格",
    shopName: "店铺名称",
    shopId: "店铺 ID",
    shipsFrom: "发货地",
    title: "商品标题",
    promotions: "促销信息（每行一条）",
    submit: "检查",
    compliant: "合规",
    notCompliant: "不合规",
    shop: "店铺",
    priceLine: "价格",
    priceNotJudged:
      "不对经销商检查任何价格规则：依照适用法律，供应商不得固定或强制经销商的转售价格。卖家、区域等其他规则照常检查；任何价格的结果都相同。",
    tooMany: (seconds: number) => `预检过于频繁，请 ${seconds} 秒后再试。`,
  },
  alertPage: {
    seller: "卖家",
    channelSku: "渠道 · SKU",
    listing: "商品链接",
    priceVsThreshold: "价格 / 阈值",
    listed: "标价",
    seen: "时间",
    inputs: "规则输入",
    history: "处理记录",
    noHistory: "尚无状态变更。",
    evidence: "证据",
    noEvidence: "该告警尚无签名取证。",
    evidenceHead: ["取证时间", "取证编号", "清单 SHA-256", "截图"],
    exportHint: "为律师导出取证包：",
    actions: "操作",
    unknown: "未知",
  },
  review: {
    none: "没有待复核的链接：所有链接都已匹配到商品，或未提及品牌。",
    intro:
      "这些链接提到了品牌，但无法足够确定地匹配到商品，因此没有运行任何规则。如果其中有您的商品，请在配置中为该商品补充关键词或标识。",
    head: ["商品", "卖家", "渠道", "价格", "未匹配原因", "时间"],
    bestMatch: "最佳匹配",
  },
  notice: {
    none: "不起草通知",
    toPlatform: "收件方：平台的知识产权/权利保护投诉渠道（或店铺）。发送前请审阅；此处不会发送任何内容。",
    toSeller: "收件方：店铺。发送前请审阅；此处不会发送任何内容。",
  },
  imports: {
    intro:
      "您在自己浏览器中（已登录）看到的商品，在这里按与抓取页面完全相同的方式检查：匹配、规则、告警和通知。不会有任何爬虫访问平台。",
    howTo: "如何录制 HAR 文件",
    steps: [
      "打开浏览器开发者工具（F12），选择“网络”面板，勾选“保留日志”，如有“停用缓存”也一并勾选。",
      "像平时一样在登录状态下浏览：商品页、搜索（翻看搜索结果各页）。",
      "在请求列表上右键，选择“以 HAR 格式保存所有内容”（谷歌浏览器、微软浏览器），或在齿轮菜单中选择“全部另存为 HAR”（火狐浏览器）。",
      "在下方上传该文件。",
    ],
    secret:
      "该文件包含您浏览器的登录凭据，即您的登录会话：请像保管密码一样保管它，不要发给任何人。本系统只保留从文件中读取的内容（商品信息；生成证据时还有所用的响应和文件的 SHA-256 校验值），不保留文件本身。",
    file: "HAR 文件",
    submit: "导入",
    limit: (size: string) => `最大 ${size}。`,
    summary: (pages: number, listings: number, alertsNew: number) =>
      `${pages} 个页面，记录 ${listings} 个商品链接，新增 ${alertsNew} 条告警。`,
    sha: "HAR SHA-256",
    evidenceYes: "已为告警生成签名证据：证据中注明了此文件的 SHA-256 及所用条目。",
    evidenceNo: "本服务器未生成签名证据：如告警可能需要举证，请（妥善）保留该文件。",
    sent: "通知已发送。",
    queued: "通知已排队，将在下一轮投递时发出。",
    alerts: "告警",
    noAlerts: "没有告警：此文件中没有违反规则的内容。",
    alertsHead: ["告警", "卖家", "SKU", "状态"],
    isNew: "新",
    again: "此前已有",
    listings: "发现的商品",
    noListings: "此文件中未发现商品。",
    listingsHead: ["商品", "价格", "到手价", "卖家", "广告", "来源"],
    ad: "广告",
    outcomes: "页面",
    outcomesHead: ["页面", "结果", "原因"],
    notRecorded: "未记录：配置中没有渠道匹配这些页面",
    skipped: "未读取的条目",
    truncated: "较长的列表只显示前 2000 行。",
    importAnother: "导入另一个文件",
  },
};

export const DASHBOARD_TEXT: Record<Lang, DashboardText> = { en, zh };

export const LANG_COOKIE = "pricewarden-lang";

/**
 * The dashboard's language: the user's choice (cookie); else the tenant's own `locale` when the
 * tenant set one; else the browser's first preference when it is Chinese or English; else the
 * tenant's default (zh-CN for a CN tenant). An explicit tenant setting outranks the browser
 * because the brand chose it for its staff; without one the browser knows the person best.
 */
export function dashboardLang(
  request: Request,
  tenant?: { locale?: Locale | undefined; jurisdiction?: string; currency?: string } | null,
): Lang {
  const cookie = request.headers.get("cookie") ?? "";
  const chosen = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(zh|en)(?:;|$)`).exec(cookie)?.[1];
  if (chosen === "zh" || chosen === "en") return chosen;
  if (tenant && isLocale(tenant.locale)) return langOf(tenant.locale);
  const first = (request.headers.get("accept-language") ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  if (first.startsWith("zh")) return "zh";
  if (first.startsWith("en")) return "en";
  return tenant ? langOf(tenantLocale(tenant)) : "zh";
}

export function langOf(locale: Locale): Lang {
  return locale === "zh-CN" ? "zh" : "en";
}
