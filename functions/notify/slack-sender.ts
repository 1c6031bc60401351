import { type AlertNotice, fitPayload, MONITORING_ONLY_NOTE } from "./alert-notice.js";
import { plainTitle } from "./im-markdown.js";
import { type NotifySender, resolveRef, type SendResult, type TargetOf } from "./notify-sender.js";
import { httpFailure, isSuccessStatus, postJson, type RobotReply } from "./robot-http.js";
import { inertMarkdown, truncateChars } from "./untrusted-text.js";

/** Slack's limits: 3000 characters per section text, 150 per header. */
export const SLACK_SECTION_MAX_CHARS = 3000;
const SLACK_HEADER_MAX_CHARS = 150;

/** mrkdwn: `&`, `<`, `>` are control characters and must be entities; the rest is made inert. */
function mrkdwn(text: string): string {
  return inertMarkdown(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function slackBody(notice: AlertNotice): string {
  const lines = [`*${notice.eventLabel}*`];
  if (notice.monitoringOnly) lines.push(`> *${MONITORING_ONLY_NOTE}*`);
  for (const field of notice.fields) lines.push(`*${field.label}*：${mrkdwn(field.value)}`);
  lines.push(
    notice.listingUrl
      ? `*商品链接*：<${notice.listingUrl}|打开商品页>`
      : `*商品链接*：${mrkdwn(notice.listingUrlText)}`,
  );
  if (notice.alertPageUrl) lines.push(`*告警详情*：<${notice.alertPageUrl}|在 Pricewarden 中查看>`);
  return lines.join("\n");
}

/** Slack incoming webhook: `{text, blocks}`; the reply is `ok` or an error word with a 4xx. */
export const slackSender: NotifySender<TargetOf<"slack">> = {
  async send(target, message, ctx) {
    const url = resolveRef(target.url, ctx);
    if (!url.ok) return url.result;
    const { notice, body } = fitPayload(
      message,
      (n) => ({ notice: n, body: slackBody(n) }),
      (p) => Array.from(p.body).length,
      SLACK_SECTION_MAX_CHARS,
    );
    const title = plainTitle(notice);
    const payload = {
      text: truncateChars(`${title} — ${notice.eventLabel}`, SLACK_SECTION_MAX_CHARS),
      blocks: [
        { type: "header", text: { type: "plain_text", text: truncateChars(title, SLACK_HEADER_MAX_CHARS) } },
        { type: "section", text: { type: "mrkdwn", text: body } },
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: `告警 ID ${mrkdwn(notice.alertId)} · 投递 ID ${mrkdwn(notice.deliveryId)}`,
            },
          ],
        },
      ],
      unfurl_links: false,
      unfurl_media: false,
    };
    const posted = await postJson(url.value, payload, ctx);
    if (!posted.ok) return posted.result;
    return slackResult(posted.reply);
  },
};

function slackResult(reply: RobotReply): SendResult {
  if (isSuccessStatus(reply.status)) return { ok: true, status: reply.status };
  // 400 invalid_payload, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived are
  // final; 429 (with Retry-After) and 5xx are retried.
  return httpFailure(reply, "Slack");
}
