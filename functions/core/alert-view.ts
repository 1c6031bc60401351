import type { Alert } from "./alert.js";
import { minorToDecimal } from "./money.js";

/** The public shape of an alert (CLI `--json`, API): prices as decimal strings, internals dropped. */
export function toAlertView(alert: Alert) {
  const money = (minor: number | null) => (minor === null ? null : minorToDecimal(minor));
  return {
    id: alert.id,
    tenant: alert.tenant,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    monitoringOnly: alert.monitoringOnly,
    sku: alert.sku,
    channel: alert.channel,
    url: alert.url,
    seller: alert.seller,
    sellerId: alert.sellerId,
    distributorId: alert.distributorId,
    price: money(alert.price),
    listedPrice: money(alert.listedPrice),
    threshold: money(alert.threshold),
    currency: alert.currency,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    occurrences: alert.occurrences,
    evidence: alert.evidence,
    explanation: alert.explanation,
    inputs: alert.inputs,
    history: alert.history,
    deliveries: Object.fromEntries(
      Object.entries(alert.deliveries).map(([target, d]) => [
        target,
        { state: d.state, attempts: d.attempts, ...(d.lastError ? { lastError: d.lastError } : {}) },
      ]),
    ),
  };
}
export type AlertView = ReturnType<typeof toAlertView>;
