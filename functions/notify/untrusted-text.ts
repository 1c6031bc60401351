/**
 * Crawled strings (seller names, titles, explanations built from them) are written by strangers.
 * Before they reach a group chat they become one inert line: no mentions, no links, no markup,
 * no control or bidi characters, and a bounded length.
 */

const MENTIONS: readonly RegExp[] = [
  /<at\b[^>]*>[\s\S]*?<\/at>/gi, // Feishu/Lark <at id=all></at>
  /<at\b[^>]*\/?>/gi,
  /<![^>]*>/g, // Slack <!channel> <!here> <!subteam^…>
  /<@[^>]*>/g, // Slack <@U123>, WeCom <@userid>
  /[@＠]\s*(所有人|全体成员|all|here|channel|everyone)/gi,
];

/** Text as one neutral line of at most `maxChars` code points (an ellipsis marks a cut). */
export function neutralLine(text: string, maxChars: number): string {
  let out = text
    // Format characters (bidi overrides, zero-width joiners that could hide "@\u200ball").
    .replace(/\p{Cf}/gu, "")
    .replace(/[\p{Cc}\u2028\u2029]/gu, " ");
  for (const pattern of MENTIONS) out = out.replace(pattern, "");
  out = out
    .replace(/@/g, "＠")
    // Defang links: no scheme, no dotted host name an IM client would turn into a link.
    .replace(/:\/\//g, "：//")
    .replace(/(?<=[\p{L}\p{N}-])\.(?=[A-Za-z])/gu, "\u2024")
    .replace(/\s+/g, " ")
    .trim();
  return truncateChars(out, maxChars);
}

const MARKDOWN_LOOKALIKES: Record<string, string> = {
  "\\": "＼",
  "`": "｀",
  "*": "＊",
  _: "＿",
  "~": "～",
  "[": "［",
  "]": "］",
  "(": "（",
  ")": "）",
  "<": "＜",
  ">": "＞",
  "#": "＃",
  "|": "｜",
  "!": "！",
  "&": "＆",
  "{": "｛",
  "}": "｝",
  $: "＄",
};

/**
 * Markdown and HTML metacharacters → their full-width forms. IM markdown dialects (WeCom,
 * DingTalk, lark_md, Slack mrkdwn) differ in which escapes they honour, but none of them parses
 * full-width punctuation, and it reads naturally in Chinese text.
 */
export function inertMarkdown(text: string): string {
  return text.replace(/[\\`*_~[\]()<>#|!&{}$]/g, (c) => MARKDOWN_LOOKALIKES[c] ?? c);
}

export function truncateChars(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  if (maxChars <= 0) return "";
  return `${chars.slice(0, maxChars - 1).join("")}…`;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * A listing URL safe to put inside a markdown or Slack link: http(s) only, and every character
 * that could close the link or start markup percent-encoded. Null when it cannot be linked.
 */
export function linkableUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.href.replace(
    /[()<>[\]|"'`\\{}^*~\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** The host of a URL as inert text, for when the link itself is too long to show. */
export function hostOf(raw: string): string {
  try {
    return neutralLine(new URL(raw).host, 80);
  } catch {
    return "";
  }
}
