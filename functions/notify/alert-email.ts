import { escapeHtml } from "../core/escape-html.js";
import { BUDGET_LADDER, buildNotice, type Notice, type NoticeLine } from "./alert-notice.js";
import { plainTitle } from "./im-markdown.js";
import type { OutgoingMessage } from "./notify-sender.js";

export interface AlertEmail {
  subject: string;
  text: string;
  html: string;
}

/** The message as an e-mail: a plain-text part and an HTML part in which every value is escaped. */
export function alertEmail(message: OutgoingMessage): AlertEmail {
  const notice = buildNotice(
    message,
    BUDGET_LADDER[0] ?? { seller: 120, explanation: 1000, url: 1500, findings: 10, entries: 50 },
  );
  const subject = `${plainTitle(notice)} — ${notice.eventLabel}`;
  return { subject, text: emailText(notice, subject), html: emailHtml(notice, subject) };
}

function textLine(notice: Notice, line: NoticeLine): string {
  const colon = notice.text.colon;
  switch (line.kind) {
    case "field":
      return `${line.label}${colon}${line.value}`;
    case "link":
      return `${line.label}${colon}${line.href}`;
    case "heading":
      return `\n${line.text}`;
    case "entry":
      return line.href ? `${line.text}\n   ${line.href}` : line.text;
  }
}

function emailText(notice: Notice, subject: string): string {
  const lines = [subject, ""];
  if (notice.monitoringNote) lines.push(notice.monitoringNote, "");
  for (const line of notice.lines) lines.push(textLine(notice, line));
  lines.push("", notice.footer, notice.text.emailFooter);
  return `${lines.join("\n")}\n`;
}

const TH = 'align="left" style="padding:4px 12px 4px 0;white-space:nowrap;vertical-align:top"';
const TD = 'style="padding:4px 0"';

function htmlRow(line: NoticeLine): string {
  switch (line.kind) {
    case "field":
      return `<tr><th ${TH}>${escapeHtml(line.label)}</th><td ${TD}>${escapeHtml(line.value)}</td></tr>`;
    case "link":
      return `<tr><th ${TH}>${escapeHtml(line.label)}</th><td ${TD}><a href="${escapeHtml(line.href)}">${escapeHtml(line.text)}</a></td></tr>`;
    case "heading":
      return `<tr><td colspan="2" style="padding:12px 0 4px;font-weight:bold">${escapeHtml(line.text)}</td></tr>`;
    case "entry":
      return `<tr><td colspan="2" ${TD}>${escapeHtml(line.text)}${line.href ? ` <a href="${escapeHtml(line.href)}">${escapeHtml(line.linkText)}</a>` : ""}</td></tr>`;
  }
}

function emailHtml(notice: Notice, subject: string): string {
  return `<!DOCTYPE html>
<html lang="${notice.locale}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;color:#222">
<h2 style="font-size:18px">${escapeHtml(notice.title)}</h2>
<p><strong>${escapeHtml(notice.eventLabel)}</strong></p>
${notice.monitoringNote ? `<p style="padding:8px;background:#eef5ff;border-left:4px solid #4a7bd0">${escapeHtml(notice.monitoringNote)}</p>\n` : ""}<table style="border-collapse:collapse">
${notice.lines.map(htmlRow).join("\n")}
</table>
<p style="color:#888;font-size:12px">${escapeHtml(notice.footer)}<br>${escapeHtml(notice.text.emailFooter)}</p>
</body>
</html>
`;
}
