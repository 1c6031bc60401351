import type { Locale } from "./locale.js";

/** The dashboard home: the numbers a channel manager reports upward. */
export interface HomeText {
  title: string;
  active: string;
  activeBreakdown: (high: number, medium: number, low: number) => string;
  newThisWeek: string;
  /** Since when "this week" counts: the Monday's date. */
  weekSince: (monday: string) => string;
  resolveMedian: string;
  resolveDetail: (mean: string, count: number, days: number) => string;
  noneResolved: (days: number) => string;
  lastRun: string;
  lastRunDetail: (coverage: string) => string;
  noRun: string;
  coverageTitle: string;
  coverageHead: readonly string[];
  blind: string;
  seeing: string;
  nothingToCheck: string;
  sellersTitle: string;
  sellersHead: readonly string[];
  sellersNote: string;
  noSellers: string;
  noActive: string;
  allAlerts: string;
  /** The numbers come from the newest alerts only (a tenant with very many). */
  sampled: (perPartition: number) => string;
  duration: (ms: number) => string;
}

function parts(ms: number): { d: number; h: number; m: number } {
  const minutes = Math.round(ms / 60_000);
  return { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: minutes % 60 };
}

export const HOME_TEXT: Record<Locale, HomeText> = {
  "zh-CN": {
    title: "概览",
    active: "待处理告警",
    activeBreakdown: (high, medium, low) => `高 ${high} · 中 ${medium} · 低 ${low}`,
    newThisWeek: "本周新增告警",
    weekSince: (monday) => `自本周一（${monday}）起`,
    resolveMedian: "处理时长（中位数）",
    resolveDetail: (mean, count, days) => `平均 ${mean}；近 ${days} 天共解决 ${count} 条`,
    noneResolved: (days) => `近 ${days} 天没有已解决的告警`,
    lastRun: "最近一次巡检覆盖率",
    lastRunDetail: (at) => `巡检完成于 ${at}`,
    noRun: "尚无巡检记录",
    coverageTitle: "各渠道覆盖率（最近一次巡检）",
    coverageHead: ["渠道", "应查页面", "取得价格", "覆盖率", "状态"],
    blind: "盲区：大部分页面未能读取",
    seeing: "正常",
    nothingToCheck: "本次无页面",
    sellersTitle: "违规店铺排行",
    sellersHead: ["店铺", "渠道", "待处理告警", "最高级别"],
    sellersNote: "按待处理的破价、未授权销售等告警条数排序；授权经销商的转售价格仅作监测，不计入。",
    noSellers: "目前没有违规店铺。",
    noActive: "目前没有待处理的告警。",
    allAlerts: "查看全部告警",
    sampled: (n) => `告警较多：以下数字按每种状态、每个级别最近的 ${n} 条告警统计；完整数量见告警列表。`,
    duration: (ms) => {
      const { d, h, m } = parts(ms);
      if (d > 0) return h > 0 ? `${d} 天 ${h} 小时` : `${d} 天`;
      if (h > 0) return m > 0 ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
      return `${m} 分钟`;
    },
  },
  en: {
    title: "Overview",
    active: "Open alerts",
    activeBreakdown: (high, medium, low) => `high ${high} · medium ${medium} · low ${low}`,
    newThisWeek: "New this week",
    weekSince: (monday) => `since Monday ${monday}`,
    resolveMedian: "Time to resolve (median)",
    resolveDetail: (mean, count, days) => `mean ${mean}; ${count} resolved in the last ${days} days`,
    noneResolved: (days) => `nothing resolved in the last ${days} days`,
    lastRun: "Coverage of the last run",
    lastRunDetail: (at) => `run finished ${at}`,
    noRun: "No run yet",
    coverageTitle: "Coverage per channel (last run)",
    coverageHead: ["Channel", "Pages to check", "Priced", "Coverage", "State"],
    blind: "Blind: most pages could not be read",
    seeing: "OK",
    nothingToCheck: "no pages this run",
    sellersTitle: "Top offending sellers",
    sellersHead: ["Seller", "Channels", "Open alerts", "Highest severity"],
    sellersNote:
      "By open price, seller and listing alerts; an authorized distributor's resale price is monitoring only and not counted.",
    noSellers: "No offending sellers right now.",
    noActive: "No open alerts right now.",
    allAlerts: "All alerts",
    sampled: (n) =>
      `Many alerts: the numbers below count the newest ${n} alerts of each status and severity; the alert list has them all.`,
    duration: (ms) => {
      const { d, h, m } = parts(ms);
      if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
      if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
      return `${m} min`;
    },
  },
};
