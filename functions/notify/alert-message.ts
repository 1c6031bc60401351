import type { Alert } from "../core/alert.js";
import { toAlertView } from "../core/alert-view.js";
import type { Locale } from "../text/locale.js";

/**
 * The JSON body sent for an alert. Prices go out as decimal strings (never floats). For an
 * authorized distributor's min-price finding under a jurisdiction that forbids resale price
 * maintenance, the message is marked monitoring-only and carries no demand.
 */
export function alertMessage(
  alert: Alert,
  event: "opened" | "reopened",
  deliveryId: string,
  alertPageUrl: string | null = null,
  /** The target's language: the body then carries the alert in words too (`alert.text`). */
  locale?: Locale,
) {
  const { history: _history, deliveries: _deliveries, inputs, ...view } = toAlertView(alert, locale);
  return { deliveryId, event, alert: { ...view, inputs }, ...(alertPageUrl ? { alertPageUrl } : {}) };
}
