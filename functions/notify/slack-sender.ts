import { fitPayload, type Notice, type NoticeLine } from "./alert-notice.js";
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

function slackLine(notice: Notice, line: NoticeLine): string {
  const colon = notice.text.colon;
  switch (line.kind) {
    case "field":
      return `*${line.label}*${colon}${mrkdwn(line.value)}`;
    case "link":
      return `*${line.label}*${colon}<${line.href}|${mrkdwn(line.text)}>`;
    case "heading":
      return `*${mrkdwn(line.text)}*`;
    case "entry":
      return `${mrkdwn(line.text)}${line.href ? ` <${line.href}|${mrkdwn(line.linkText)}>` : ""}`;
  }
}

function slackBody(notice: Notice): string {
  const lines = [`*${notice.eventLabel}*`];
  if (notice.monitoringNote) lines.push(`> *${notice.monitoringNote}*`);
  for (const line of notice.lines) lines.push(slackLine(notice, line));
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
        { type: "context", elements: [{ type: "mrkdwn", text: mrkdwn(notice.footer) }] },
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
