import type { AlertStatus, AlertVerb, LifecycleReason } from "../core/alert.js";
import type { Locale } from "./locale.js";

/**
 * The words of the alert workflow (verbs, confirmations, reopen reasons, the alert list's tabs,
 * filters and sorts, notice refusals and the pre-check's answer), both languages side by side.
 */

/** What the list's status filter can be: a status, `active` (open + acknowledged) or `all`. */
export type StatusFilterName = AlertStatus | "active" | "all";
export type SortName = "severity" | "newest" | "oldest";
export type FilterField =
  | "status"
  | "type"
  | "severity"
  | "channel"
  | "sku"
  | "seller"
  | "distributor"
  | "from"
  | "to"
  | "sort"
  | "limit"
  | "cursor"
  | "before"
  | "done";

/** Why a notice is not drafted for an alert, as a reader is told (never a rule code). */
export type NoticeRefusal =
  | "not_configured"
  | "operational"
  | "resale_price"
  | "price_drop"
  | "territory"
  | "official_store"
  | "price_not_ground"
  | "other";

export type ActionProblemName = "not_valid_now" | "until_required" | "until_not_after_now";

export interface WorkflowText {
  verbs: Record<AlertVerb, string>;
  /** One short line per verb: what it means. */
  meanings: Record<AlertVerb, string>;
  /** Shown after the action, e.g. "已确认". */
  done: Record<AlertVerb, string>;
  nothingChanged: string;
  note: string;
  notePlaceholder: string;
  snoozeUntil: string;
  actions: string;
  problems: Record<ActionProblemName, string>;
  /** The history line of the lifecycle's own change. */
  reason: (reason: LifecycleReason, when: string, price: string | null) => string;
  snoozedUntil: (when: string) => string;
  reopenedBanner: (when: string, why: string) => string;
  history: { when: string; status: string; who: string; note: string; system: string };
  list: {
    titles: Record<StatusFilterName, string>;
    tabs: Record<StatusFilterName, string>;
    empty: Record<StatusFilterName, string>;
    filters: string;
    fields: Record<Exclude<FilterField, "limit" | "cursor" | "before" | "done">, string>;
    any: string;
    apply: string;
    clear: string;
    sorts: Record<SortName, string>;
    dateHint: string;
    badFilter: string;
    fieldProblem: Record<FilterField, string>;
    unknownParameter: (name: string) => string;
    fromAfterTo: string;
    distributorNewest: string;
  };
  notice: {
    draft: string;
    refused: string;
    refusals: Record<NoticeRefusal, string>;
    useInstead: string;
    noneOnListing: string;
  };
  precheck: {
    clean: string;
    findings: string;
    noted: string;
    noPriceJudgement: string;
    monitoringNote: string;
    yourPrice: string;
  };
}

const ZH: WorkflowText = {
  verbs: { acknowledge: "确认", resolve: "标记已解决", dismiss: "忽略", reopen: "重新打开", snooze: "暂缓" },
  meanings: {
    acknowledge: "已看到，正在处理；告警仍留在待处理列表中。",
    resolve: "问题已解决（如店铺已改价或下架）；之后若再次发现同样的违规，告警会自动重新打开。",
    dismiss: "不构成问题；该链接保持当前价格时不再提醒，价格变化后会重新打开。",
    reopen: "重新放回待处理列表。",
    snooze: "暂时不看，到所选日期自动回到待处理列表；期间价格进一步走低会提前重新打开。",
  },
  done: {
    acknowledge: "已确认",
    resolve: "已标记为已解决",
    dismiss: "已忽略",
    reopen: "已重新打开",
    snooze: "已暂缓",
  },
  nothingChanged: "状态未变：该告警已是此状态。",
  note: "备注",
  notePlaceholder: "处理说明（可选）",
  snoozeUntil: "暂缓至",
  actions: "处理",
  problems: {
    not_valid_now: "该告警当前状态下不能执行此操作，请刷新页面后重试。",
    until_required: "请选择暂缓到哪一天。",
    until_not_after_now: "暂缓日期须晚于今天。",
  },
  reason: (reason, when, price) => {
    const at = price ? `（${price}）` : "";
    switch (reason) {
      case "seen_again":
        return `于 ${when} 重新打开：标记解决后再次发现该违规${at}`;
      case "price_changed":
        return `于 ${when} 重新打开：忽略后该链接价格发生变化${at}`;
      case "price_worse":
        return `于 ${when} 提前结束暂缓：价格进一步恶化${at}`;
      case "snooze_ended":
        return `于 ${when} 暂缓到期，回到待处理`;
      case "cleared":
        return `于 ${when} 自动解决：连续多次检查未再发现该问题`;
    }
  },
  snoozedUntil: (when) => `暂缓至 ${when}`,
  reopenedBanner: (when, why) => `该告警于 ${when} 重新打开。原因：${why}`,
  history: { when: "时间", status: "状态", who: "操作人", note: "说明", system: "系统" },
  list: {
    titles: {
      active: "待处理告警",
      open: "未处理告警",
      acknowledged: "处理中的告警",
      snoozed: "暂缓的告警",
      resolved: "已解决的告警",
      dismissed: "已忽略的告警",
      all: "全部告警",
    },
    tabs: {
      active: "待处理",
      open: "未处理",
      acknowledged: "处理中",
      snoozed: "暂缓",
      resolved: "已解决",
      dismissed: "已忽略",
      all: "全部",
    },
    empty: {
      active: "没有待处理的告警。",
      open: "没有未处理的告警。",
      acknowledged: "没有处理中的告警。",
      snoozed: "没有暂缓的告警。",
      resolved: "没有已解决的告警。",
      dismissed: "没有已忽略的告警。",
      all: "没有符合条件的告警。",
    },
    filters: "筛选",
    fields: {
      status: "状态",
      type: "类型",
      severity: "严重程度",
      channel: "渠道",
      sku: "SKU",
      seller: "店铺",
      distributor: "经销商",
      from: "最近发现 自",
      to: "至",
      sort: "排序",
    },
    any: "全部",
    apply: "筛选",
    clear: "清除筛选",
    sorts: { severity: "按严重程度", newest: "最新发现在前", oldest: "最早发现在前" },
    dateHint: "日期按租户时区计算（含当天）。",
    badFilter: "筛选条件有误：",
    fieldProblem: {
      status: "状态无效，请从标签中选择。",
      type: "告警类型无效。",
      severity: "严重程度应为 高、中 或 低。",
      channel: "渠道编号无效。",
      sku: "SKU 应为 1–64 个字符。",
      seller: "店铺名称应为 1–100 个字符。",
      distributor: "经销商编号无效。",
      from: "开始日期格式应为 2026-12-01。",
      to: "结束日期格式应为 2026-12-31。",
      sort: "排序方式无效。",
      limit: "每页条数应为 1–100。",
      cursor: "翻页位置无效，请回到第一页。",
      before: "翻页位置无效，请回到第一页。",
      done: "确认信息无效。",
    },
    unknownParameter: (name) => `不认识的参数「${name}」。`,
    fromAfterTo: "开始日期不能晚于结束日期。",
    distributorNewest: "按最近发现时间排列。",
  },
  notice: {
    draft: "起草通知函",
    refused: "该告警不能起草通知函",
    refusals: {
      not_configured: "尚未在配置中填写通知函的发函方与联系方式（notices.sender、notices.contact）。",
      operational: "这是关于抓取的运维告警，不涉及具体店铺，无需发函。",
      resale_price:
        "该店铺是授权经销商。依据中国《反垄断法》第十八条（欧盟为《欧盟运行条约》第101条），品牌方不得固定或强制经销商的转售价格，因此价格只作监测记录，不发函。",
      price_drop: "价格骤降仅供品牌方了解行情，不能作为发函依据。",
      territory: "跨区销售属于经销协议管理事项，不能仅凭抓取结果发函。",
      official_store: "该店铺是品牌官方店铺，无需发函。",
      price_not_ground: "该店铺不是品牌的供货对象，价格本身不能作为发函理由；应以“未授权销售”为由发函。",
      other: "该告警不支持起草通知函。",
    },
    useInstead: "同一商品链接下可以起草通知函的告警：",
    noneOnListing: "同一商品链接下暂无可以起草通知函的告警。",
  },
  precheck: {
    clean: "未发现问题：按该计划上架不会触发告警。",
    findings: "按该计划上架会触发以下告警：",
    noted: "以下情况仅作记录，不要求店铺做任何调整：",
    noPriceJudgement:
      "依据适用法律，品牌方不得固定或强制经销商的转售价格，因此预检不评估您的价格，任何价格的结果都相同。",
    monitoringNote: "品牌方仅将此价格作为市场监测信息记录，不要求店铺调整价格。",
    yourPrice: "您填写的价格：",
  },
};

const EN: WorkflowText = {
  verbs: {
    acknowledge: "Acknowledge",
    resolve: "Resolve",
    dismiss: "Dismiss",
    reopen: "Reopen",
    snooze: "Snooze",
  },
  meanings: {
    acknowledge: "Seen, someone is working on it; it stays in the open list.",
    resolve:
      "Fixed (the shop changed the price or delisted); it reopens by itself if the violation is seen again.",
    dismiss: "Not a problem: no more alerts for this listing at this price; another price reopens it.",
    reopen: "Back to the open list.",
    snooze: "Out of the open list until the date chosen; a worse price brings it back earlier.",
  },
  done: {
    acknowledge: "Acknowledged",
    resolve: "Marked resolved",
    dismiss: "Dismissed",
    reopen: "Reopened",
    snooze: "Snoozed",
  },
  nothingChanged: "Nothing changed: the alert already had that status.",
  note: "Note",
  notePlaceholder: "What was done (optional)",
  snoozeUntil: "Snooze until",
  actions: "Actions",
  problems: {
    not_valid_now:
      "That action does not apply to the alert in its current state; reload the page and try again.",
    until_required: "Choose the day the snooze ends.",
    until_not_after_now: "The snooze must end after today.",
  },
  reason: (reason, when, price) => {
    const at = price ? ` (${price})` : "";
    switch (reason) {
      case "seen_again":
        return `Reopened ${when}: the violation was seen again after it was resolved${at}`;
      case "price_changed":
        return `Reopened ${when}: the listing's price changed after it was dismissed${at}`;
      case "price_worse":
        return `Snooze ended early ${when}: the price got worse${at}`;
      case "snooze_ended":
        return `Snooze ended ${when}: back in the open list`;
      case "cleared":
        return `Resolved automatically ${when}: consecutive checks no longer found the problem`;
    }
  },
  snoozedUntil: (when) => `Snoozed until ${when}`,
  reopenedBanner: (when, why) => `This alert reopened ${when}. Why: ${why}`,
  history: { when: "When", status: "Status", who: "By", note: "Note", system: "system" },
  list: {
    titles: {
      active: "Alerts to act on",
      open: "Open alerts",
      acknowledged: "Acknowledged alerts",
      snoozed: "Snoozed alerts",
      resolved: "Resolved alerts",
      dismissed: "Dismissed alerts",
      all: "All alerts",
    },
    tabs: {
      active: "To act on",
      open: "Open",
      acknowledged: "Acknowledged",
      snoozed: "Snoozed",
      resolved: "Resolved",
      dismissed: "Dismissed",
      all: "All",
    },
    empty: {
      active: "No alerts to act on.",
      open: "No open alerts.",
      acknowledged: "No acknowledged alerts.",
      snoozed: "No snoozed alerts.",
      resolved: "No resolved alerts.",
      dismissed: "No dismissed alerts.",
      all: "No alerts match.",
    },
    filters: "Filters",
    fields: {
      status: "Status",
      type: "Type",
      severity: "Severity",
      channel: "Channel",
      sku: "SKU",
      seller: "Shop",
      distributor: "Distributor",
      from: "Last seen from",
      to: "to",
      sort: "Sort",
    },
    any: "Any",
    apply: "Filter",
    clear: "Clear filters",
    sorts: { severity: "Most severe first", newest: "Newest first", oldest: "Oldest first" },
    dateHint: "Days in the tenant's time zone, both ends included.",
    badFilter: "The filters have a problem:",
    fieldProblem: {
      status: "Not a status: pick one of the tabs.",
      type: "Not an alert type.",
      severity: "Severity is high, medium or low.",
      channel: "Not a channel id.",
      sku: "A SKU has 1–64 characters.",
      seller: "A shop name has 1–100 characters.",
      distributor: "Not a distributor id.",
      from: "A start date like 2026-12-01.",
      to: "An end date like 2026-12-31.",
      sort: "Not a sort order.",
      limit: "Rows per page: 1–100.",
      cursor: "Not a page position of this list; go back to the first page.",
      before: "Not a page position of this list; go back to the first page.",
      done: "Not a confirmation.",
    },
    unknownParameter: (name) => `Unknown parameter “${name}”.`,
    fromAfterTo: "The start date is after the end date.",
    distributorNewest: "Newest first.",
  },
  notice: {
    draft: "Draft notice",
    refused: "No notice for this alert",
    refusals: {
      not_configured:
        "The config does not yet name who sends notices and how to reach them (notices.sender, notices.contact).",
      operational:
        "This is an operational alert about the crawl, not about a shop: there is nobody to write to.",
      resale_price:
        "The shop is an authorized distributor. Under Chinese law (Anti-Monopoly Law Art. 18; in the EU, Art. 101 TFEU) a brand may not fix or enforce a distributor's resale price, so its price is recorded for monitoring only and no notice is drafted.",
      price_drop: "A price drop is market information for the brand, not a ground for a notice.",
      territory:
        "Selling outside a territory is a matter of the distribution agreement, not of a notice drafted from a crawl.",
      official_store: "The shop is the brand's own official store.",
      price_not_ground:
        "The brand does not supply this shop, so its price is never the ground of a notice; write about the unauthorized sale instead.",
      other: "This alert supports no notice.",
    },
    useInstead: "Alerts on the same listing that can carry a notice:",
    noneOnListing: "No alert on the same listing can carry a notice yet.",
  },
  precheck: {
    clean: "No problem found: this listing as planned raises no alert.",
    findings: "This listing as planned would raise:",
    noted: "Recorded for information only; nothing is required of the shop:",
    noPriceJudgement:
      "Under the applicable law a brand may not fix or enforce a distributor's resale price, so the pre-check does not judge your price: the answer is the same for any price.",
    monitoringNote:
      "The brand records this price as market information only; the shop is not asked to change it.",
    yourPrice: "The price you entered: ",
  },
};

export const WORKFLOW_TEXT: Record<Locale, WorkflowText> = { "zh-CN": ZH, en: EN };

export function workflowText(locale: Locale): WorkflowText {
  return WORKFLOW_TEXT[locale];
}

/** The dashboard's text object names its language; this is the same choice as a Locale. */
export function localeOfPage(text: { htmlLang: string }): Locale {
  return text.htmlLang === "zh-CN" ? "zh-CN" : "en";
}
