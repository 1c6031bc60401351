import { zonedParts, zoneLabel } from "./clock.js";
import type { Locale } from "./locale.js";

/**
 * What a spreadsheet export says (alerts.xlsx, alerts.csv), in both languages side by side: sheet
 * names and column headers a manager can forward as they are.
 */
export interface ExportText {
  sheets: { alerts: string; sellers: string; history: string };
  alerts: {
    severity: string;
    status: string;
    type: string;
    monitoringOnly: string;
    sku: string;
    channel: string;
    seller: string;
    sellerId: string;
    distributor: string;
    price: string;
    listedPrice: string;
    threshold: string;
    currency: string;
    listing: string;
    explanation: string;
    firstSeen: string;
    lastSeen: string;
    occurrences: string;
    alertPage: string;
    alertId: string;
  };
  sellers: {
    channel: string;
    seller: string;
    sellerId: string;
    distributor: string;
    openAlerts: string;
    totalAlerts: string;
    types: string;
    lowestPrice: string;
    worstSeverity: string;
    firstSeen: string;
    lastSeen: string;
  };
  history: {
    at: string;
    sku: string;
    channel: string;
    seller: string;
    price: string;
    listedPrice: string;
    stock: string;
    reason: string;
    listing: string;
  };
  reasons: { change: string; heartbeat: string };
  openListing: string;
  openAlert: string;
  /** A header naming the zone its times are in: "首次发现（北京时间）". */
  withZone: (header: string, zone: string) => string;
}

const ZH: ExportText = {
  sheets: { alerts: "告警", sellers: "店铺", history: "价格历史" },
  alerts: {
    severity: "级别",
    status: "状态",
    type: "类型",
    monitoringOnly: "仅监测",
    sku: "商品编码",
    channel: "渠道",
    seller: "店铺",
    sellerId: "店铺编号",
    distributor: "经销商",
    price: "到手价",
    listedPrice: "标价",
    threshold: "阈值",
    currency: "币种",
    listing: "商品链接",
    explanation: "说明",
    firstSeen: "首次发现",
    lastSeen: "最近发现",
    occurrences: "出现次数",
    alertPage: "告警详情",
    alertId: "告警编号",
  },
  sellers: {
    channel: "渠道",
    seller: "店铺",
    sellerId: "店铺编号",
    distributor: "经销商",
    openAlerts: "未关闭告警",
    totalAlerts: "告警总数",
    types: "问题类型",
    lowestPrice: "最低到手价",
    worstSeverity: "最高级别",
    firstSeen: "首次发现",
    lastSeen: "最近发现",
  },
  history: {
    at: "记录时间",
    sku: "商品编码",
    channel: "渠道",
    seller: "店铺",
    price: "到手价",
    listedPrice: "标价",
    stock: "库存",
    reason: "记录原因",
    listing: "商品链接",
  },
  reasons: { change: "价格或库存变化", heartbeat: "例行检查" },
  openListing: "打开商品页",
  openAlert: "查看告警",
  withZone: (header, zone) => `${header}（${zone}）`,
};

const EN: ExportText = {
  sheets: { alerts: "Alerts", sellers: "Sellers", history: "Price history" },
  alerts: {
    severity: "Severity",
    status: "Status",
    type: "Type",
    monitoringOnly: "Monitoring only",
    sku: "SKU",
    channel: "Channel",
    seller: "Seller",
    sellerId: "Seller ID",
    distributor: "Distributor",
    price: "Effective price",
    listedPrice: "Listed price",
    threshold: "Threshold",
    currency: "Currency",
    listing: "Listing",
    explanation: "What was found",
    firstSeen: "First seen",
    lastSeen: "Last seen",
    occurrences: "Times seen",
    alertPage: "Alert page",
    alertId: "Alert ID",
  },
  sellers: {
    channel: "Channel",
    seller: "Seller",
    sellerId: "Seller ID",
    distributor: "Distributor",
    openAlerts: "Open alerts",
    totalAlerts: "All alerts",
    types: "Problems",
    lowestPrice: "Lowest effective price",
    worstSeverity: "Highest severity",
    firstSeen: "First seen",
    lastSeen: "Last seen",
  },
  history: {
    at: "Recorded",
    sku: "SKU",
    channel: "Channel",
    seller: "Seller",
    price: "Effective price",
    listedPrice: "Listed price",
    stock: "Stock",
    reason: "Why recorded",
    listing: "Listing",
  },
  reasons: { change: "Price or stock changed", heartbeat: "Routine check" },
  openListing: "Open listing",
  openAlert: "View alert",
  withZone: (header, zone) => `${header} (${zone})`,
};

export const EXPORT_TEXT: Record<Locale, ExportText> = { "zh-CN": ZH, en: EN };

export function exportText(locale: Locale): ExportText {
  return EXPORT_TEXT[locale];
}

/**
 * The zone a header names for a whole column: 北京时间 / UTC+8, or the IANA name for a zone whose
 * offset changes during the year (one label would be wrong for half of it).
 */
export function columnZone(timeZone: string, locale: Locale, now: Date = new Date()): string {
  const year = now.getUTCFullYear();
  const winter = zonedParts(new Date(Date.UTC(year, 0, 1)), timeZone).offset;
  const summer = zonedParts(new Date(Date.UTC(year, 6, 1)), timeZone).offset;
  return winter === summer ? zoneLabel(now, { timeZone, locale }) : timeZone;
}
