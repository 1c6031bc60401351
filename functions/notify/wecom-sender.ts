import { fitPayload } from "./alert-notice.js";
import { imMarkdown } from "./im-markdown.js";
import { type NotifySender, resolveRef, type SendResult, type TargetOf } from "./notify-sender.js";
import { codeReason, httpFailure, isSuccessStatus, numberField, postJson } from "./robot-http.js";
import { utf8Bytes } from "./untrusted-text.js";

/** WeCom rejects markdown content over 4096 bytes (UTF-8). */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

/** -1 system busy, 45009 over the 20-messages-a-minute limit, 45033 too many concurrent calls. */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45033]);
const RATE_LIMITED = 45009;
/** What the codes mean, in this product's words (the robot's errmsg is never stored). */
const KNOWN_ERRCODES = new Map([
  [-1, "system busy"],
  [45009, "over 20 messages a minute"],
  [45033, "too many concurrent calls"],
  [93000, "invalid webhook URL or key"],
]);

/** 企业微信群机器人: POST `{msgtype: "markdown", markdown: {content}}`; `errcode` 0 is success. */
export const wecomSender: NotifySender<TargetOf<"wecom">> = {
  async send(target, message, ctx) {
    const url = resolveRef(target.url, ctx);
    if (!url.ok) return url.result;
    const content = fitPayload(
      message,
      (notice) => imMarkdown(notice, "wecom"),
      utf8Bytes,
      WECOM_MARKDOWN_MAX_BYTES,
    );
    const posted = await postJson(url.value, { msgtype: "markdown", markdown: { content } }, ctx);
    if (!posted.ok) return posted.result;
    return wecomResult(posted.reply);
  },
};

function wecomResult(reply: Parameters<typeof httpFailure>[0]): SendResult {
  if (!isSuccessStatus(reply.status)) return httpFailure(reply, "WeCom");
  const errcode = numberField(reply.json, "errcode");
  if (errcode === 0) return { ok: true, status: reply.status };
  if (errcode === undefined) return { ok: false, retryable: true, reason: "WeCom reply without errcode" };
  return {
    ok: false,
    retryable: RETRYABLE_ERRCODES.has(errcode),
    reason: codeReason("WeCom", "errcode", errcode, KNOWN_ERRCODES),
    ...(errcode === RATE_LIMITED ? { retryAfterMs: 60_000 } : {}),
  };
}
