import { type AlertSeverity, type AlertType, SEVERITY_RANK } from "../core/alert.js";
import type { AlertView } from "../core/alert-view.js";
import { decimalToMinor, minorToDecimal } from "../core/money.js";

/** One shop on one channel, as the sellers sheet shows it: what it did, summed over its alerts. */
export interface SellerRow {
  channel: string;
  seller: string | null;
  sellerId: string | null;
  distributorId: string | null;
  openAlerts: number;
  totalAlerts: number;
  types: AlertType[];
  /** Decimal ("93.00") of the lowest effective price any of its alerts saw. */
  lowestPrice: string | null;
  currency: string;
  worstSeverity: AlertSeverity;
  firstSeen: string;
  lastSeen: string;
}

/** A hostile export of a million shops stops growing the sheet here. */
const MAX_SELLERS = 20_000;

/** Sums alerts per shop while the export streams them; only the running totals are kept. */
export class SellerTally {
  private readonly rows = new Map<string, SellerRow>();

  add(alert: AlertView): void {
    // Channel-wide alerts (coverage, sessions) are about no shop.
    if (alert.seller === null && alert.sellerId === null) return;
    const key = `${alert.channel}\u0000${alert.sellerId ?? `name:${alert.seller}`}`;
    let row = this.rows.get(key);
    if (!row) {
      if (this.rows.size >= MAX_SELLERS) return;
      row = {
        channel: alert.channel,
        seller: alert.seller,
        sellerId: alert.sellerId,
        distributorId: alert.distributorId,
        openAlerts: 0,
        totalAlerts: 0,
        types: [],
        lowestPrice: null,
        currency: alert.currency,
        worstSeverity: alert.severity,
        firstSeen: alert.firstSeen,
        lastSeen: alert.lastSeen,
      };
      this.rows.set(key, row);
    }
    row.totalAlerts++;
    if (alert.status === "open" || alert.status === "acknowledged") row.openAlerts++;
    if (!row.types.includes(alert.type)) row.types.push(alert.type);
    const price = alert.price === null ? null : decimalToMinor(alert.price);
    const lowest = row.lowestPrice === null ? null : decimalToMinor(row.lowestPrice);
    if (price !== null && (lowest === null || price < lowest)) row.lowestPrice = minorToDecimal(price);
    if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[row.worstSeverity]) row.worstSeverity = alert.severity;
    if (alert.firstSeen < row.firstSeen) row.firstSeen = alert.firstSeen;
    if (alert.lastSeen > row.lastSeen) row.lastSeen = alert.lastSeen;
  }

  /** Most open alerts first, then most alerts, then by name: whom to call first. */
  sorted(): SellerRow[] {
    return [...this.rows.values()].sort(
      (a, b) =>
        b.openAlerts - a.openAlerts ||
        b.totalAlerts - a.totalAlerts ||
        (a.seller ?? "").localeCompare(b.seller ?? "") ||
        a.channel.localeCompare(b.channel),
    );
  }
}
