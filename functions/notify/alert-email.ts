import { escapeHtml } from "../core/escape-html.js";
import { type AlertNotice, alertNotice, BUDGET_LADDER, MONITORING_ONLY_NOTE } from "./alert-notice.js";
import { plainTitle } from "./im-markdown.js";
import type { OutgoingAlert } from "./notify-sender.js";

export interface AlertEmail {
  subject: string;
  text: string;
  html: string;
}

const FOOTER_ZH = "此邮件由 Pricewarden 价格与渠道监测自动发送。";
const FOOTER_EN = "Sent automatically by Pricewarden brand and price monitoring.";

/** The alert as an e-mail: a plain-text part and an HTML part in which every value is escaped. */
export function alertEmail(message: OutgoingAlert): AlertEmail {
  const notice = alertNotice(message, BUDGET_LADDER[0] ?? { seller: 120, explanation: 1000, url: 1500 });
  const subject = `${plainTitle(notice)} — ${notice.eventLabel}`;
  return { subject, text: emailText(notice, subject), html: emailHtml(notice, subject) };
}

function emailText(notice: AlertNotice, subject: string): string {
  const lines = [subject, ""];
  if (notice.monitoringOnly) lines.push(MONITORING_ONLY_NOTE, "");
  for (const field of notice.fields) lines.push(`${field.label}：${field.value}`);
  lines.push(`商品链接：${notice.listingUrl ?? notice.listingUrlText}`);
  if (notice.alertPageUrl) lines.push(`告警详情：${notice.alertPageUrl}`);
  lines.push(`告警 ID：${notice.alertId}`, `投递 ID：${notice.deliveryId}`, "", FOOTER_ZH, FOOTER_EN);
  return `${lines.join("\n")}\n`;
}

function emailHtml(notice: AlertNotice, subject: string): string {
  const rows = notice.fields
    .map(
      (f) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0;white-space:nowrap">${escapeHtml(f.label)}</th><td style="padding:4px 0">${escapeHtml(f.value)}</td></tr>`,
    )
    .join("\n");
  const link = notice.listingUrl
    ? `<a href="${escapeHtml(notice.listingUrl)}">打开商品页</a>`
    : escapeHtml(notice.listingUrlText);
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;color:#222">
<h2 style="font-size:18px">${escapeHtml(notice.title)}</h2>
<p><strong>${escapeHtml(notice.eventLabel)}</strong></p>
${notice.monitoringOnly ? `<p style="padding:8px;background:#eef5ff;border-left:4px solid #4a7bd0">${escapeHtml(MONITORING_ONLY_NOTE)}</p>\n` : ""}<table style="border-collapse:collapse">
${rows}
<tr><th align="left" style="padding:4px 12px 4px 0">商品链接</th><td style="padding:4px 0">${link}</td></tr>
${notice.alertPageUrl ? `<tr><th align="left" style="padding:4px 12px 4px 0">告警详情</th><td style="padding:4px 0"><a href="${escapeHtml(notice.alertPageUrl)}">在 Pricewarden 中查看</a></td></tr>\n` : ""}
</table>
<p style="color:#888;font-size:12px">告警 ID ${escapeHtml(notice.alertId)} · 投递 ID ${escapeHtml(notice.deliveryId)}<br>${escapeHtml(FOOTER_ZH)} ${escapeHtml(FOOTER_EN)}</p>
</body>
</html>
`;
}
