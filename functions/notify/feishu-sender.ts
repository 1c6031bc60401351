import { createHmac } from "node:crypto";
import { fitPayload } from "./alert-notice.js";
import { imMarkdown, plainTitle } from "./im-markdown.js";
import { type NotifySender, resolveRef, type SendResult, type TargetOf } from "./notify-sender.js";
import { codeReason, httpFailure, numberField, postJson, type RobotReply } from "./robot-http.js";
import { truncateChars, utf8Bytes } from "./untrusted-text.js";

/** Feishu/Lark custom bots take request bodies up to 20 KB (自定义机器人使用指南). */
export const FEISHU_MAX_BYTES = 20 * 1024;

/** 11232: over the bot's frequency limit (100 a minute, 5 a second). */
const RATE_LIMITED = 11232;
/** What the codes mean, in this product's words (the bot's msg is never stored). */
const KNOWN_CODES = new Map([
  [11232, "frequency limited"],
  [19021, "signature or timestamp check failed"],
  [19022, "IP not allowed"],
  [19024, "keyword check failed"],
  [9499, "bad request"],
]);

const HEADER_COLOURS = { high: "red", medium: "orange", low: "blue" } as const;

/**
 * 签名校验: Base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message = "")), timestamp in
 * seconds; both go in the body.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

/** 飞书/Lark custom bot: an interactive card (lark_md body, a button to the listing). */
export const feishuSender: NotifySender<TargetOf<"feishu">> = {
  async send(target, message, ctx) {
    const url = resolveRef(target.url, ctx);
    if (!url.ok) return url.result;
    let signature: { timestamp: string; sign: string } | undefined;
    if (target.secret) {
      const secret = resolveRef(target.secret, ctx);
      if (!secret.ok) return secret.result;
      // The bot rejects timestamps more than an hour from its clock, so this is the real time.
      const timestamp = Math.floor(Date.now() / 1000);
      signature = { timestamp: String(timestamp), sign: feishuSign(secret.value, timestamp) };
    }
    const payload = fitPayload(
      message,
      (notice) => ({
        ...signature,
        msg_type: "interactive",
        card: {
          config: { wide_screen_mode: true },
          header: {
            template: HEADER_COLOURS[notice.severity],
            title: { tag: "plain_text", content: truncateChars(plainTitle(notice), 100) },
          },
          elements: [
            { tag: "div", text: { tag: "lark_md", content: imMarkdown(notice, "lark") } },
            ...(notice.buttons.length > 0
              ? [
                  {
                    tag: "action",
                    actions: notice.buttons.map((b) => ({
                      tag: "button",
                      type: b.primary ? "primary" : "default",
                      text: { tag: "plain_text", content: b.text },
                      url: b.href,
                    })),
                  },
                ]
              : []),
            {
              tag: "note",
              elements: [{ tag: "plain_text", content: notice.footer }],
            },
          ],
        },
      }),
      (p) => utf8Bytes(JSON.stringify(p)),
      FEISHU_MAX_BYTES,
    );
    const posted = await postJson(url.value, payload, ctx);
    if (!posted.ok) return posted.result;
    return feishuResult(posted.reply);
  },
};

function feishuResult(reply: RobotReply): SendResult {
  if (reply.status === 429 || reply.status >= 500) return httpFailure(reply, "Feishu");
  // Current replies carry `code`/`msg`; older ones `StatusCode`/`StatusMessage`. Errors may come
  // with HTTP 200 or 400.
  const code = numberField(reply.json, "code", "StatusCode");
  if (code === undefined) {
    if (reply.status >= 200 && reply.status < 300)
      return { ok: false, retryable: true, reason: "Feishu reply without code" };
    return httpFailure(reply, "Feishu");
  }
  if (code === 0) return { ok: true, status: reply.status };
  return {
    ok: false,
    retryable: code === RATE_LIMITED,
    reason: codeReason("Feishu", "code", code, KNOWN_CODES),
    ...(code === RATE_LIMITED ? { retryAfterMs: 60_000 } : {}),
  };
}
