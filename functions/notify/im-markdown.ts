import type { Notice, NoticeLine } from "./alert-notice.js";
import { inertMarkdown } from "./untrusted-text.js";

export type MarkdownDialect = "wecom" | "dingtalk" | "lark";

const WECOM_COLOURS = { high: "warning", medium: "warning", low: "comment" } as const;

function line(notice: Notice, item: NoticeLine, bullet: string): string {
  const colon = notice.text.colon;
  switch (item.kind) {
    case "field":
      return `${bullet} **${item.label}**${colon}${inertMarkdown(item.value)}`;
    case "link":
      return `${bullet} **${item.label}**${colon}[${inertMarkdown(item.text)}](${item.href})`;
    case "heading":
      return `**${inertMarkdown(item.text)}**`;
    case "entry":
      return `${bullet} ${inertMarkdown(item.text)}${item.href ? ` [${inertMarkdown(item.linkText)}](${item.href})` : ""}`;
  }
}

/**
 * The notice as group-chat markdown. Only this function writes markup; every value inside it went
 * through `neutralLine` and is made inert here, so a seller cannot add links, mentions or headings.
 */
export function imMarkdown(notice: Notice, dialect: MarkdownDialect): string {
  const head: string[] = [];
  const title = inertMarkdown(notice.title);
  if (dialect === "wecom") {
    head.push(`**${title}** <font color="${WECOM_COLOURS[notice.severity]}">${notice.eventLabel}</font>`);
  } else if (dialect === "dingtalk") {
    head.push(`#### ${title}`, `**${notice.eventLabel}**`);
  } else {
    head.push(`**${notice.eventLabel}**`);
  }
  if (notice.monitoringNote) head.push(`> **${notice.monitoringNote}**`);
  const bullet = dialect === "wecom" ? ">" : "-";
  const list = notice.lines.map((l) => line(notice, l, bullet));
  // Feishu's card shows the footer in its own note element.
  if (dialect !== "lark") list.push(`${bullet} ${inertMarkdown(notice.footer)}`);
  // DingTalk's markdown joins single-newline paragraphs; its blocks need a blank line between.
  if (dialect === "dingtalk") return `${head.join("\n\n")}\n\n${list.join("\n")}`;
  return [...head, ...list].join("\n");
}

/** The short plain title IM clients show in the notification banner. */
export function plainTitle(notice: Notice): string {
  if (!notice.monitoringNote) return notice.title;
  return notice.locale === "zh-CN"
    ? `${notice.title}（${notice.monitoringNote}）`
    : `${notice.title}, ${notice.monitoringNote}`;
}
