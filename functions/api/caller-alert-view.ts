import type { Alert } from "../core/alert.js";
import { toAlertView } from "../core/alert-view.js";
import type { Caller } from "./caller.js";

/**
 * The alert as this caller may see it. Distributors get neither the brand's notification
 * targets nor who on the brand side changed the status and why.
 */
export function alertViewFor(caller: Caller, alert: Alert) {
  const view = toAlertView(alert);
  if (caller.role === "brand") return view;
  const { deliveries: _deliveries, history, ...rest } = view;
  return { ...rest, history: history.map((h) => ({ at: h.at, status: h.status })) };
}
