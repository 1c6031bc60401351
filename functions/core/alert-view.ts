import { explainAlert } from "../text/explanation-text.js";
import { alertTypeLabel, severityLabel, statusLabel } from "../text/labels-text.js";
import type { Locale } from "../text/locale.js";
import type { Alert } from "./alert.js";
import { minorToDecimal } from "./money.js";

/** What a person reads of an alert, in one language: for webhook receivers that show it. */
export function alertTextOf(alert: Alert, locale: Locale) {
  return {
    locale,
    type: alertTypeLabel(alert.type, locale),
    severity: severityLabel(alert.severity, locale),
    status: statusLabel(alert.status, locale),
    explanation: explainAlert(alert, locale),
  };
}

/**
 * The public shape of an alert (CLI `--json`, API, webhooks): prices as decimal strings,
 * internals dropped; codes stay codes for programs, and `text` (when a language is asked for)
 * carries the same alert in words. `facts` are the finding's structured facts (minor units).
 */
export function toAlertView(alert: Alert, locale?: Locale) {
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
    facts: alert.facts ?? null,
    ...(locale ? { text: alertTextOf(alert, locale) } : {}),
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
