import { createHmac } from "node:crypto";
import { fitPayload } from "./alert-notice.js";
import { imMarkdown, plainTitle } from "./im-markdown.js";
import { type NotifySender, resolveRef, type SendResult, type TargetOf } from "./notify-sender.js";
import { codeReason, httpFailure, isSuccessStatus, numberField, postJson } from "./robot-http.js";
import { truncateChars, utf8Bytes } from "./untrusted-text.js";

/** DingTalk documents about 20 KB per message; the whole JSON body is kept under it. */
export const DINGTALK_MAX_BYTES = 20_000;

/** -1 system busy; 130101 and 410100 "send too fast" (20 a minute, then a 10-minute pause). */
const RETRYABLE_ERRCODES = new Set([-1, 130101, 410100]);
const THROTTLED = new Set([130101, 410100]);
/** What the codes mean, in this product's words (the robot's errmsg is never stored). */
const KNOWN_ERRCODES = new Map([
  [-1, "system busy"],
  [130101, "sending too fast"],
  [410100, "sending too fast"],
  [310000, "sign, keyword or IP check failed"],
  [300001, "invalid access_token"],
]);

/** 加签: Base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

/** 钉钉自定义机器人: markdown message; with 加签, `timestamp` and `sign` go in the query string. */
export const dingtalkSender: NotifySender<TargetOf<"dingtalk">> = {
  async send(target, message, ctx) {
    const base = resolveRef(target.url, ctx);
    if (!base.ok) return base.result;
    let url: URL;
    try {
      url = new URL(base.value);
    } catch {
      return { ok: false, retryable: false, reason: "the DingTalk robot URL is not a valid URL" };
    }
    if (target.secret) {
      const secret = resolveRef(target.secret, ctx);
      if (!secret.ok) return secret.result;
      // The robot rejects timestamps more than an hour from its clock, so this is the real time.
      const timestamp = Date.now();
      url.searchParams.set("timestamp", String(timestamp));
      url.searchParams.set("sign", dingtalkSign(secret.value, timestamp));
    }
    const payload = fitPayload(
      message,
      (notice) => ({
        msgtype: "markdown",
        markdown: { title: truncateChars(plainTitle(notice), 100), text: imMarkdown(notice, "dingtalk") },
        at: { isAtAll: false, atMobiles: [], atUserIds: [] },
      }),
      (p) => utf8Bytes(JSON.stringify(p)),
      DINGTALK_MAX_BYTES,
    );
    const posted = await postJson(url.toString(), payload, ctx);
    if (!posted.ok) return posted.result;
    return dingtalkResult(posted.reply);
  },
};

function dingtalkResult(reply: Parameters<typeof httpFailure>[0]): SendResult {
  if (!isSuccessStatus(reply.status)) return httpFailure(reply, "DingTalk");
  const errcode = numberField(reply.json, "errcode");
  if (errcode === 0) return { ok: true, status: reply.status };
  if (errcode === undefined) return { ok: false, retryable: true, reason: "DingTalk reply without errcode" };
  return {
    ok: false,
    retryable: RETRYABLE_ERRCODES.has(errcode),
    reason: codeReason("DingTalk", "errcode", errcode, KNOWN_ERRCODES),
    ...(THROTTLED.has(errcode) ? { retryAfterMs: 10 * 60_000 } : {}),
  };
}
