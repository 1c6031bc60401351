import type { AlertView } from "../core/alert-view.js";

/** One column of the alert export, shared by CSV and XLSX so both carry the same data. */
export interface ExportColumn {
  header: string;
  /** Width in characters for XLSX. */
  width: number;
  /** Crawled or free text: neutralized and bounded to `max`. */
  text?: (a: AlertView) => string | null;
  max?: number;
  /** Trusted numeric value (prices as decimals, counts): written as a number in XLSX. */
  decimal?: (a: AlertView) => string | null;
  count?: (a: AlertView) => number;
}

export const ALERT_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: "id", width: 26, text: (a) => a.id },
  { header: "severity", width: 9, text: (a) => a.severity },
  { header: "status", width: 13, text: (a) => a.status },
  { header: "type", width: 20, text: (a) => a.type },
  { header: "monitoring_only", width: 10, text: (a) => (a.monitoringOnly ? "yes" : "no") },
  { header: "sku", width: 12, text: (a) => a.sku, max: 64 },
  { header: "channel", width: 10, text: (a) => a.channel, max: 64 },
  { header: "seller", width: 30, text: (a) => a.seller, max: 200 },
  { header: "seller_id", width: 14, text: (a) => a.sellerId, max: 100 },
  { header: "distributor_id", width: 14, text: (a) => a.distributorId, max: 64 },
  { header: "price", width: 10, decimal: (a) => a.price },
  { header: "listed_price", width: 10, decimal: (a) => a.listedPrice },
  { header: "threshold", width: 10, decimal: (a) => a.threshold },
  { header: "currency", width: 8, text: (a) => a.currency, max: 8 },
  { header: "url", width: 40, text: (a) => a.url, max: 2000 },
  { header: "explanation", width: 60, text: (a) => a.explanation, max: 1000 },
  { header: "first_seen", width: 24, text: (a) => a.firstSeen, max: 40 },
  { header: "last_seen", width: 24, text: (a) => a.lastSeen, max: 40 },
  { header: "occurrences", width: 8, count: (a) => a.occurrences },
];
