import { createHmac } from "node:crypto";
import { request } from "undici";
import { alertMessage } from "./alert-message.js";
import type { NotifySender, SendResult, TargetOf } from "./notify-sender.js";

export type { SendResult } from "./notify-sender.js";

export interface WebhookRequest {
  url: string;
  body: string;
  deliveryId: string;
  /** Resolved secret; the signature header is sent only when there is one. */
  secret?: string;
  timeoutMs?: number;
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * One POST. `X-Pricewarden-Delivery` is stable across retries so a receiver can drop repeats;
 * `X-Pricewarden-Signature` is the HMAC-SHA256 of the exact body.
 */
export async function sendWebhook(req: WebhookRequest): Promise<SendResult> {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Pricewarden-Webhook/0.1",
    "x-pricewarden-delivery": req.deliveryId,
  };
  if (req.secret) headers["x-pricewarden-signature"] = signBody(req.secret, req.body);
  const timeout = req.timeoutMs ?? 10_000;
  try {
    const res = await request(req.url, {
      method: "POST",
      headers,
      body: req.body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      maxRedirections: 0,
    } as Parameters<typeof request>[1]);
    await res.body.dump({ limit: 64 * 1024 });
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, status: res.statusCode };
    const retryable = res.statusCode === 408 || res.statusCode === 429 || res.statusCode >= 500;
    const retryAfter = Number(res.headers["retry-after"]);
    return {
      ok: false,
      retryable,
      reason: `HTTP ${res.statusCode}`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  } catch (error) {
    return { ok: false, retryable: true, reason: (error as Error).message || String(error) };
  }
}

/** The generic signed webhook as a channel: the JSON alert body of `alertMessage`. */
export const webhookSender: NotifySender<TargetOf<"webhook">> = {
  send(target, message, ctx) {
    const body = JSON.stringify(
      alertMessage(message.alert, message.event, message.deliveryId, message.alertPageUrl),
    );
    // Unset secret: sent unsigned (the receiver decides whether to accept that).
    const secret = target.secret ? ctx.resolveSecret(target.secret) : undefined;
    return sendWebhook({
      url: target.url,
      body,
      deliveryId: message.deliveryId,
      ...(secret ? { secret } : {}),
      ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
    });
  },
};
