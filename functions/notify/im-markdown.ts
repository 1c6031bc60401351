import { type AlertNotice, MONITORING_ONLY_NOTE } from "./alert-notice.js";
import { inertMarkdown } from "./untrusted-text.js";

export type MarkdownDialect = "wecom" | "dingtalk" | "lark";

const WECOM_COLOURS = { high: "warning", medium: "warning", low: "comment" } as const;

/**
 * The alert as group-chat markdown. Only this function writes markup; every value inside it went
 * through `neutralLine` and is made inert here, so a seller cannot add links, mentions or headings.
 */
export function imMarkdown(notice: AlertNotice, dialect: MarkdownDialect): string {
  const head: string[] = [];
  const title = inertMarkdown(notice.title);
  if (dialect === "wecom") {
    head.push(`**${title}** <font color="${WECOM_COLOURS[notice.severity]}">${notice.eventLabel}</font>`);
  } else if (dialect === "dingtalk") {
    head.push(`#### ${title}`, `**${notice.eventLabel}**`);
  } else {
    head.push(`**${notice.eventLabel}**`);
  }
  if (notice.monitoringOnly) head.push(`> **${MONITORING_ONLY_NOTE}**`);
  const bullet = dialect === "wecom" ? ">" : "-";
  const list = notice.fields.map((f) => `${bullet} **${f.label}**：${inertMarkdown(f.value)}`);
  list.push(
    notice.listingUrl
      ? `${bullet} **商品链接**：[打开商品页](${notice.listingUrl})`
      : `${bullet} **商品链接**：${inertMarkdown(notice.listingUrlText)}`,
  );
  if (notice.alertPageUrl)
    list.push(`${bullet} **告警详情**：[在 Pricewarden 中查看](${notice.alertPageUrl})`);
  list.push(`${bullet} **告警 ID**：${inertMarkdown(notice.alertId)}`);
  // DingTalk's markdown joins single-newline paragraphs; its blocks need a blank line between.
  if (dialect === "dingtalk") return `${head.join("\n\n")}\n\n${list.join("\n")}`;
  return [...head, ...list].join("\n");
}

/** The short plain title IM clients show in the notification banner. */
export function plainTitle(notice: AlertNotice): string {
  return notice.monitoringOnly ? `${notice.title}（${MONITORING_ONLY_NOTE}）` : notice.title;
}
