import type { Locale } from "./locale.js";

/** Words drawn inside the server-rendered charts (price history, the home's bar charts). */
export interface ChartText {
  /** The y axis of the price chart: what each point is. */
  priceAxis: string;
  /** The x axis, with the zone the times are shown in ("北京时间", "UTC+8"). */
  timeAxis: (zone: string) => string;
  floor: (money: string) => string;
  ceiling: (money: string) => string;
  /** With the margin a rule tolerates before it raises an alert (shaded on the chart). */
  floorWithTolerance: (money: string, alertBelow: string) => string;
  ceilingWithTolerance: (money: string, alertAbove: string) => string;
  /** ECharts time-axis label templates per level (the axis shows the tenant's wall clock). */
  timeLabels: { year: string; month: string; day: string; hour: string; minute: string };
  violations: string;
  unknownSeller: string;
  /** Several floors or ceilings when channels have their own (per-channel overrides). */
  onChannel: (label: string, channel: string) => string;
  /** Screen-reader summary of the price chart. */
  priceSummary: (sellers: number, points: number, violations: number) => string;
  /** Home bar charts. */
  alertsByType: string;
  alertsByChannel: string;
  alertCount: string;
}

export const CHART_TEXT: Record<Locale, ChartText> = {
  "zh-CN": {
    priceAxis: "每盒到手价",
    timeAxis: (zone) => `时间（${zone}）`,
    floor: (money) => `最低限价 ${money}`,
    ceiling: (money) => `最高限价 ${money}`,
    floorWithTolerance: (money, alertBelow) => `最低限价 ${money}（低于 ${alertBelow} 告警）`,
    ceilingWithTolerance: (money, alertAbove) => `最高限价 ${money}（高于 ${alertAbove} 告警）`,
    timeLabels: {
      year: "{yyyy}年",
      month: "{M}月",
      day: "{M}月{d}日",
      hour: "{HH}:{mm}",
      minute: "{HH}:{mm}",
    },
    violations: "破价 / 超限价记录",
    unknownSeller: "店铺未识别",
    onChannel: (label, channel) => `${label}（${channel}）`,
    priceSummary: (sellers, points, violations) =>
      `价格走势图：${sellers} 个店铺，${points} 次观测，其中 ${violations} 次违反限价。明细见下表。`,
    alertsByType: "待处理告警（按类型）",
    alertsByChannel: "待处理告警（按渠道）",
    alertCount: "条数",
  },
  en: {
    priceAxis: "Effective price per pack",
    timeAxis: (zone) => `Time (${zone})`,
    floor: (money) => `Floor ${money}`,
    ceiling: (money) => `Ceiling ${money}`,
    floorWithTolerance: (money, alertBelow) => `Floor ${money} (alert below ${alertBelow})`,
    ceilingWithTolerance: (money, alertAbove) => `Ceiling ${money} (alert above ${alertAbove})`,
    timeLabels: { year: "{yyyy}", month: "{MMM}", day: "{d} {MMM}", hour: "{HH}:{mm}", minute: "{HH}:{mm}" },
    violations: "Floor / ceiling breaches",
    unknownSeller: "Seller not identified",
    onChannel: (label, channel) => `${label} (${channel})`,
    priceSummary: (sellers, points, violations) =>
      `Price chart: ${sellers} sellers, ${points} observations, ${violations} of them breaching a price limit. The tables below have every value.`,
    alertsByType: "Open alerts by type",
    alertsByChannel: "Open alerts by channel",
    alertCount: "Alerts",
  },
};
