import type { Alert } from "../core/alert.js";
import type { NotifyTarget } from "../core/config.js";
import type { OutboundPolicy } from "../net/outbound-policy.js";
import { envRefRefusalHere } from "./env-secrets.js";

/** Every notify target except `console` is delivered through the persisted queue on the alert item. */
export type DeliveryTarget = Exclude<NotifyTarget, { type: "console" }>;
export type DeliveryTargetType = DeliveryTarget["type"];
export type TargetOf<K extends DeliveryTargetType> = Extract<DeliveryTarget, { type: K }>;

export type SendResult =
  | { ok: true; status: number }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/** One queued delivery of one alert to one target. */
export interface OutgoingAlert {
  alert: Alert;
  event: "opened" | "reopened";
  /** Stable across retries of this delivery: receivers de-duplicate on it. */
  deliveryId: string;
  /** The channel's display name from the config (京东), when the channel is still configured. */
  channelName: string | null;
  /** The alert's dashboard page, when the deployment says where the dashboard is. */
  alertPageUrl: string | null;
}

export interface SendContext {
  /** Resolves `env:NAME` refs; undefined when the variable is unset. */
  resolveSecret: (ref: string) => string | undefined;
  timeoutMs?: number;
  /** Address policy for the connection (functions/net); absent: public addresses only. */
  network?: OutboundPolicy;
}

/** One channel's transport: formats the alert for that channel and reports the receiver's answer. */
export interface NotifySender<T extends DeliveryTarget> {
  send(target: T, message: OutgoingAlert, ctx: SendContext): Promise<SendResult>;
}

export type NotifySenders = { [K in DeliveryTargetType]: NotifySender<TargetOf<K>> };

/** What the notify stage calls per due delivery; `dispatchTo(senders)` builds one. */
export type NotifySend = (
  target: DeliveryTarget,
  message: OutgoingAlert,
  ctx: SendContext,
) => Promise<SendResult>;

/**
 * A `url`, `secret`, … written as `env:NAME`, resolved now; a failure result when the variable is
 * unset or not on the operator's allow-list (`unset` tells the two apart).
 */
export function resolveRef(
  value: string,
  ctx: SendContext,
): { ok: true; value: string } | { ok: false; result: SendResult; unset: boolean } {
  if (!value.startsWith("env:")) return { ok: true, value };
  // Checked before the resolver runs, so a refused variable's value is never read.
  const refusal = envRefRefusalHere(value);
  // Retryable like an unset variable: the operator may allow it; the reason names it and the rule.
  if (refusal !== null)
    return { ok: false, result: { ok: false, retryable: true, reason: refusal }, unset: false };
  const resolved = ctx.resolveSecret(value);
  if (resolved) return { ok: true, value: resolved };
  // Retryable: the operator can set the variable; the attempt and its reason stay on the alert.
  return { ok: false, result: { ok: false, retryable: true, reason: `${value} is not set` }, unset: true };
}
