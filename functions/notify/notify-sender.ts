import type { Alert } from "../core/alert.js";
import type { NotifyTarget } from "../core/config.js";
import type { OutboundPolicy } from "../net/outbound-policy.js";
import type { Locale } from "../text/locale.js";
import { envRefRefusalHere } from "./env-secrets.js";

/** Every notify target except `console` is delivered through the persisted queue on the alert item. */
export type DeliveryTarget = Exclude<NotifyTarget, { type: "console" }>;
export type DeliveryTargetType = DeliveryTarget["type"];
export type TargetOf<K extends DeliveryTargetType> = Extract<DeliveryTarget, { type: K }>;

export type SendResult =
  | { ok: true; status: number }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/** One alert's queued delivery, as part of a message. */
export interface OutgoingItem {
  alert: Alert;
  event: "opened" | "reopened";
  /** Stable across retries of this delivery. */
  deliveryId: string;
  /** The alert's dashboard page, when the deployment says where the dashboard is. */
  alertPageUrl: string | null;
}

/**
 * One message to one target: a listing's findings together (`listing`; one alert for webhooks),
 * or every alert a delivery pass has for a digest target (`digest`).
 */
export interface OutgoingMessage {
  kind: "listing" | "digest";
  /** Never empty; a `listing` message's items share one listing. */
  items: readonly OutgoingItem[];
  /** Stable across retries of the same items: receivers de-duplicate on it. */
  deliveryId: string;
  /** Channel id → the tenant's own name for it (京东). */
  channelNames: Readonly<Record<string, string>>;
  locale: Locale;
  /** The tenant's time zone: every time in the message is shown in it, with its label. */
  timeZone: string;
  /** The dashboard's address (no trailing slash), when known: digests link its alert list. */
  dashboardUrl: string | null;
  /** How many alerts a digest lists by name. */
  digestTop: number;
  /** When the message was put together (ISO). */
  composedAt: string;
}

export interface SendContext {
  /** Resolves `env:NAME` refs; undefined when the variable is unset. */
  resolveSecret: (ref: string) => string | undefined;
  timeoutMs?: number;
  /** Address policy for the connection (functions/net); absent: public addresses only. */
  network?: OutboundPolicy;
}

/** One channel's transport: formats the message for that channel and reports the receiver's answer. */
export interface NotifySender<T extends DeliveryTarget> {
  send(target: T, message: OutgoingMessage, ctx: SendContext): Promise<SendResult>;
}

export type NotifySenders = { [K in DeliveryTargetType]: NotifySender<TargetOf<K>> };

/** What the notify stage calls per due delivery; `dispatchTo(senders)` builds one. */
export type NotifySend = (
  target: DeliveryTarget,
  message: OutgoingMessage,
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
