import type { AlertSeverity, AlertType } from "../core/alert.js";
import { type ExplainableAlert, explainAlert } from "./explanation-text.js";
import type { Locale } from "./locale.js";

/**
 * What a notification says (WeCom, DingTalk, Feishu, Slack, e-mail), in both languages side by
 * side. Values are filled in by the caller; every value a stranger wrote is made inert before it
 * gets here. The brand "Pricewarden" stays in every title (DingTalk and Feishu keyword checks).
 */
export interface NotifyText {
  /** Between a label and its value. */
  colon: string;
  /** Between list members ("低于最低价、未授权销售"). */
  listSeparator: string;
  events: { opened: string; reopened: string; digest: string };
  monitoringOnly: string;
  labels: {
    severity: string;
    type: string;
    sku: string;
    channel: string;
    seller: string;
    price: string;
    explanation: string;
    occurrences: string;
    firstSeen: string;
    lastSeen: string;
    listing: string;
    alertPage: string;
    alertId: string;
    deliveryId: string;
    byType: string;
    bySeverity: string;
    byEvent: string;
    period: string;
    allAlerts: string;
  };
  openListing: string;
  viewAlert: string;
  viewAllAlerts: string;
  /** Shown after a listing's host when its URL is too long or not a web address. */
  listingUnlinkable: string;
  thresholds: Partial<Record<AlertType, string>> & { other: string };
  listed: (price: string) => string;
  /** "2 项发现" heading of one finding among a listing's several. */
  findingHeading: (index: number, total: number) => string;
  moreFindings: (count: number) => string;
  /** Before a message's title: 【Pricewarden】 / Pricewarden: */
  titlePrefix: string;
  digestTitle: (count: number) => string;
  topHeading: (shown: number, total: number) => string;
  moreEntries: (count: number) => string;
  count: (n: number) => string;
  emailFooter: string;
  /** What the finding means, from its structured fields (never the rule's English sentence). */
  explain: (facts: ExplainFacts) => string;
}

/** The structured facts an explanation is built from; every string is already inert. */
export interface ExplainFacts {
  type: AlertType;
  severity: AlertSeverity;
  price: string | null;
  threshold: string | null;
  seller: string | null;
  channel: string;
  monitoringOnly: boolean;
}

const ZH: NotifyText = {
  colon: "：",
  listSeparator: "、",
  events: { opened: "新告警", reopened: "再次出现", digest: "监测汇总" },
  monitoringOnly: "监测信息（不构成价格要求）",
  labels: {
    severity: "级别",
    type: "类型",
    sku: "商品编码",
    channel: "渠道",
    seller: "店铺",
    price: "价格",
    explanation: "说明",
    occurrences: "出现次数",
    firstSeen: "首次发现",
    lastSeen: "最近发现",
    listing: "商品链接",
    alertPage: "告警详情",
    alertId: "告警编号",
    deliveryId: "投递编号",
    byType: "按类型",
    bySeverity: "按级别",
    byEvent: "新增与复现",
    period: "汇总时间",
    allAlerts: "全部告警",
  },
  openListing: "打开商品页",
  viewAlert: "查看告警",
  viewAllAlerts: "在告警列表中查看",
  listingUnlinkable: "（链接过长或无效，请在告警详情中查看）",
  thresholds: { below_min_price: "最低价", above_max_price: "最高价", price_drop: "对比价", other: "阈值" },
  listed: (price) => `（标价 ${price}）`,
  findingHeading: (index, total) => `问题 ${index}/${total}`,
  moreFindings: (count) => `另有 ${count} 项问题，请在告警详情中查看`,
  titlePrefix: "【Pricewarden】",
  digestTitle: (count) => `【Pricewarden】本轮 ${count} 条告警`,
  topHeading: (shown, total) => (shown < total ? `最需关注的 ${shown} 条` : `告警明细（共 ${total} 条）`),
  moreEntries: (count) => `另有 ${count} 条未列出`,
  count: (n) => `${n} 条`,
  emailFooter: "此邮件由 Pricewarden 价格与渠道监测自动发送，请勿直接回复。",
  explain: (f) => {
    const seller = f.seller ? `「${f.seller}」` : "该店铺";
    switch (f.type) {
      case "below_min_price":
        return f.monitoringOnly
          ? `到手价 ${f.price ?? "—"}，低于参考价 ${f.threshold ?? "—"}（授权经销商自主定价，仅作监测记录）`
          : `到手价 ${f.price ?? "—"} 低于最低价 ${f.threshold ?? "—"}，属于破价`;
      case "above_max_price":
        return `到手价 ${f.price ?? "—"} 高于最高价 ${f.threshold ?? "—"}`;
      case "price_drop":
        return `到手价降至 ${f.price ?? "—"}，明显低于此前的 ${f.threshold ?? "—"}`;
      case "unauthorized_seller":
        return `${seller}不在授权经销商和官方店铺名单内，属于未授权店铺`;
      case "out_of_region":
        return `${seller}在授权区域以外的渠道（${f.channel}）销售，疑似窜货`;
      case "listing_compliance":
        return "商品页存在合规问题，请在告警详情中查看具体条目";
      case "extraction_failed":
        return "未能从商品页读取价格，需人工核实";
      case "blocked":
        return `${f.channel} 拦截了本次监测访问，未能读取该页面`;
      case "coverage_drop":
        return `本轮 ${f.channel} 的大部分页面未能取得价格，监测结果不完整`;
      case "session_expired":
        return `${f.channel} 的登录会话已失效，请重新登录后继续监测`;
    }
  },
};

const EN: NotifyText = {
  colon: ": ",
  listSeparator: ", ",
  events: { opened: "New alert", reopened: "Seen again", digest: "Monitoring digest" },
  monitoringOnly: "For monitoring only, not a price requirement",
  labels: {
    severity: "Severity",
    type: "Type",
    sku: "SKU",
    channel: "Channel",
    seller: "Seller",
    price: "Price",
    explanation: "What was found",
    occurrences: "Times seen",
    firstSeen: "First seen",
    lastSeen: "Last seen",
    listing: "Listing",
    alertPage: "Alert",
    alertId: "Alert ID",
    deliveryId: "Delivery ID",
    byType: "By type",
    bySeverity: "By severity",
    byEvent: "New and returning",
    period: "As of",
    allAlerts: "All alerts",
  },
  openListing: "Open listing",
  viewAlert: "View alert",
  viewAllAlerts: "Open the alert list",
  listingUnlinkable: ": link too long or invalid, see the alert",
  thresholds: {
    below_min_price: "minimum price",
    above_max_price: "maximum price",
    price_drop: "reference price",
    other: "threshold",
  },
  // No brackets: chat markdown would show ASCII brackets as their full-width look-alikes.
  listed: (price) => `, listed at ${price}`,
  findingHeading: (index, total) => `Finding ${index} of ${total}`,
  moreFindings: (count) => `${count} more finding${count === 1 ? "" : "s"}: see the alert`,
  titlePrefix: "Pricewarden: ",
  digestTitle: (count) => `Pricewarden: ${count} alert${count === 1 ? "" : "s"} this cycle`,
  topHeading: (shown, total) => (shown < total ? `Top ${shown} of ${total}` : `All ${total}`),
  moreEntries: (count) => `${count} more not listed`,
  count: (n) => String(n),
  emailFooter: "Sent automatically by Pricewarden brand and price monitoring. Please do not reply.",
  explain: (f) => {
    const seller = f.seller ? `Seller “${f.seller}”` : "The seller";
    switch (f.type) {
      case "below_min_price":
        return f.monitoringOnly
          ? `Effective price ${f.price ?? "—"} is below the ${f.threshold ?? "—"} reference: an authorized distributor sets its own price, so this is recorded for monitoring only`
          : `Effective price ${f.price ?? "—"} is below the ${f.threshold ?? "—"} minimum price`;
      case "above_max_price":
        return `Effective price ${f.price ?? "—"} is above the ${f.threshold ?? "—"} maximum price`;
      case "price_drop":
        return `Effective price fell to ${f.price ?? "—"}, well below the earlier ${f.threshold ?? "—"}`;
      case "unauthorized_seller":
        return `${seller} is neither an authorized distributor nor an official store`;
      case "out_of_region":
        return `${seller} sells outside its authorized region, on ${f.channel}`;
      case "listing_compliance":
        return "The listing has compliance problems; see the alert for each one";
      case "extraction_failed":
        return "No price could be read from the listing; check it by hand";
      case "blocked":
        return `${f.channel} blocked this check; the page could not be read`;
      case "coverage_drop":
        return `Most of ${f.channel}'s pages gave no price this cycle; the results are incomplete`;
      case "session_expired":
        return `The ${f.channel} sign-in session has expired; sign in again to keep monitoring`;
    }
  },
};

export const NOTIFY_TEXT: Record<Locale, NotifyText> = { "zh-CN": ZH, en: EN };

export function notifyText(locale: Locale): NotifyText {
  return NOTIFY_TEXT[locale];
}

/**
 * What an alert means in the reader's language: the explanation rendered from the finding's facts
 * (or an operational alert's inputs) when there is one, else a sentence from its structured
 * fields; never the rule's stored English sentence.
 */
export function readableExplanation(alert: ExplainableAlert, facts: ExplainFacts, locale: Locale): string {
  const rendered = explainAlert(alert, locale, facts.channel);
  return rendered !== alert.explanation ? rendered : NOTIFY_TEXT[locale].explain(facts);
}
