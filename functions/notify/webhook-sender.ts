import { createHmac } from "node:crypto";
import { alertMessage } from "./alert-message.js";
import { guardedPost } from "./guarded-post.js";
import {
  type NotifySender,
  resolveRef,
  type SendContext,
  type SendResult,
  type TargetOf,
} from "./notify-sender.js";
import { httpFailure, isSuccessStatus } from "./robot-http.js";

export type { SendResult } from "./notify-sender.js";

export interface WebhookRequest {
  url: string;
  body: string;
  deliveryId: string;
  /** Resolved secret; the signature header is sent only when there is one. */
  secret?: string;
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * One POST through the address guard. `X-Pricewarden-Delivery` is stable across retries so a
 * receiver can drop repeats; `X-Pricewarden-Signature` is the HMAC-SHA256 of the exact body.
 */
export async function sendWebhook(req: WebhookRequest, ctx: SendContext): Promise<SendResult> {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Pricewarden-Webhook/0.1",
    "x-pricewarden-delivery": req.deliveryId,
  };
  if (req.secret) headers["x-pricewarden-signature"] = signBody(req.secret, req.body);
  const posted = await guardedPost(req.url, req.body, headers, ctx);
  if (!posted.ok) return posted.result;
  const { reply } = posted;
  return isSuccessStatus(reply.status) ? { ok: true, status: reply.status } : httpFailure(reply, "webhook");
}

/** The generic signed webhook as a channel: the JSON alert body of `alertMessage`. */
export const webhookSender: NotifySender<TargetOf<"webhook">> = {
  async send(target, message, ctx) {
    // The webhook contract is one JSON alert per delivery: the delivery pass never groups for it.
    const [item] = message.items;
    if (!item || message.items.length !== 1)
      return { ok: false, retryable: false, reason: "a webhook message carries exactly one alert" };
    const body = JSON.stringify(
      alertMessage(item.alert, item.event, item.deliveryId, item.alertPageUrl, message.locale),
    );
    let secret: string | undefined;
    if (target.secret) {
      const resolved = resolveRef(target.secret, ctx);
      // Unset secret: sent unsigned (the receiver decides); a variable the operator does not
      // allow is a config error and nothing is sent.
      if (resolved.ok) secret = resolved.value;
      else if (!resolved.unset) return resolved.result;
    }
    return sendWebhook(
      { url: target.url, body, deliveryId: message.deliveryId, ...(secret ? { secret } : {}) },
      ctx,
    );
  },
};
