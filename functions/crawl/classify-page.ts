import type { BlockSignal } from "../core/fetch-outcome.js";

export type PageVerdict =
  | { kind: "ok" }
  | { kind: "blocked"; signal: BlockSignal; reason: string }
  | { kind: "gone"; reason: string }
  | { kind: "not_found"; reason: string };

export interface PageInput {
  status: number;
  url: string;
  /** Where the page finally came from (after redirects), or where a redirect points. */
  finalUrl: string;
  /** The page as text; for a fetched page, without the code of its inline scripts (script-code.ts). */
  body: string;
  /**
   * The first SCAN_BYTES bytes of the page as received, as latin1, scripts included: where the
   * markup patterns (ASCII only) look, since challenge markers often sit in inline scripts.
   * Absent for a rendered page, whose body is its whole markup.
   */
  markupPrefix?: string;
}

/**
 * Where a pattern is looked for:
 * - url: the final URL (login walls and punish pages are redirects);
 * - html: raw markup of the scanned prefix (widget ids, script hosts);
 * - title: the <title>;
 * - text: visible text of the scanned prefix;
 * - shortText: visible text, only when the page is interstitial-sized. Words such as 验证码 sit
 *   in login pop-ups of real product pages, so they count only on small pages; and even there
 *   only phrases of a wall count ("请登录后查看"), never the header greeting "您好，请登录".
 */
type Where = "url" | "html" | "title" | "text" | "shortText";

type PagePattern =
  | { verdict: "blocked"; signal: BlockSignal; where: Where; pattern: RegExp; reason: string }
  | { verdict: "gone" | "not_found"; where: Where; pattern: RegExp; reason: string };

/** Checked in order; the first hit wins, so block signals precede removed-listing ones. */
export const PAGE_PATTERNS: readonly PagePattern[] = [
  // Login walls reached by redirect.
  {
    verdict: "blocked",
    signal: "login",
    where: "url",
    pattern:
      /^https?:\/\/(login\.(taobao|tmall|1688|alibaba)\.com|passport\.(jd|taobao|alibaba)\.com|passport\.jd\.hk)(:\d+)?\//i,
    reason: "redirected to a login page",
  },
  {
    verdict: "blocked",
    signal: "login",
    where: "url",
    pattern: /^https?:\/\/[^/]*(yangkeduo|pinduoduo)\.com\/login\.html/i,
    reason: "redirected to a login page",
  },
  // Alibaba punish / slider pages reached by redirect.
  {
    verdict: "blocked",
    signal: "slider",
    where: "url",
    pattern: /_____tmd_____\/punish|\/punish\?|[?&]x5secdata=/i,
    reason: "redirected to an anti-bot punish page",
  },
  {
    verdict: "blocked",
    signal: "captcha",
    where: "url",
    pattern: /^https?:\/\/(sec\.(taobao|tmall)\.com|verify\.meituan\.com)\/|\/risk_handler\b/i,
    reason: "redirected to a verification page",
  },
  // JD's risk page: a logged-out PC item page bounces there (`?…&reason=403`).
  {
    verdict: "blocked",
    signal: "forbidden",
    where: "url",
    pattern: /^https?:\/\/pc-frequent-pro\.pf\.jd\.com(:\d+)?\//i,
    reason: "redirected to JD's risk page (pc-frequent-pro)",
  },
  // Widget markers: specific enough to trust anywhere in the markup.
  {
    verdict: "blocked",
    signal: "slider",
    where: "html",
    pattern: /\bJDJRV-suspend-slide\b/i,
    reason: "slider captcha widget (JD JDJRV)",
  },
  {
    verdict: "blocked",
    signal: "slider",
    where: "html",
    pattern: /\bnc_1_wrapper\b|\bnc_1_n1z\b|\bnocaptcha\b|\bbaxia-dialog\b/i,
    reason: "slider captcha widget (Alibaba noCaptcha)",
  },
  {
    verdict: "blocked",
    signal: "slider",
    where: "html",
    pattern: /_____tmd_____|\bx5sec\b|\/punish\?/i,
    reason: "anti-bot punish page",
  },
  {
    verdict: "blocked",
    signal: "captcha",
    where: "html",
    pattern: /\bgeetest_|static\.geetest\.com|\bgt_captcha\b|\bh-captcha\b|\bg-recaptcha\b/i,
    reason: "captcha widget",
  },
  {
    verdict: "blocked",
    signal: "interstitial",
    where: "html",
    pattern: /\bcf-browser-verification\b|\b_?cf_chl_opt\b|\/cdn-cgi\/challenge-platform\//i,
    reason: "Cloudflare challenge",
  },
  // Titles of interstitial pages.
  {
    verdict: "blocked",
    signal: "interstitial",
    where: "title",
    pattern: /just a moment|attention required|please wait\b.*\bverif|ddos-guard/i,
    reason: "anti-bot interstitial",
  },
  {
    verdict: "blocked",
    signal: "forbidden",
    where: "title",
    pattern: /access denied|403 forbidden|访问被拒绝|拒绝访问/i,
    reason: "access denied page",
  },
  {
    verdict: "blocked",
    signal: "slider",
    where: "title",
    pattern: /滑块|滑动验证/,
    reason: "slider verification page",
  },
  {
    verdict: "blocked",
    signal: "captcha",
    where: "title",
    // 京东验证: JD's human check, served as HTTP 200 in place of the item page.
    pattern: /验证码|安全验证|人机验证|身份验证|京东验证|verify you are human|are you a robot|captcha/i,
    reason: "verification page",
  },
  {
    verdict: "blocked",
    signal: "login",
    where: "title",
    pattern: /登录|登陆|sign in|log in/i,
    reason: "login page",
  },
  // Words on small pages.
  {
    verdict: "blocked",
    signal: "slider",
    where: "shortText",
    pattern: /滑块|拖动.{0,6}滑|向右滑动|请按住滑块/,
    reason: "slider verification page",
  },
  {
    verdict: "blocked",
    signal: "captcha",
    where: "shortText",
    pattern:
      /验证码|安全验证|人机验证|验证后继续访问|verify you are human|are you a robot|unusual traffic|checking your browser/i,
    reason: "verification page",
  },
  {
    verdict: "blocked",
    signal: "forbidden",
    where: "shortText",
    pattern: /access denied|访问被拒绝|拒绝访问|访问受限/i,
    reason: "access denied page",
  },
  {
    verdict: "blocked",
    signal: "login",
    where: "shortText",
    pattern: /请先登录|请登录后|登录后(查看|继续|访问|才能|可见)|您还未登录|please (log|sign) in to/i,
    reason: "login wall",
  },
  // Removed listings: shown on full-size pages with recommendations, so any visible text counts.
  {
    verdict: "gone",
    where: "text",
    pattern:
      /商品已下架|该商品已下柜|商品已下柜|宝贝已下架|此商品已下架|商品已失效|该商品已失效|宝贝不存在|商品不存在/,
    reason: "listing removed",
  },
  {
    verdict: "not_found",
    where: "title",
    pattern: /页面不存在|页面找不到|404 not found|^\s*404\s*$|page not found/i,
    reason: "not-found page",
  },
  {
    verdict: "not_found",
    where: "shortText",
    pattern: /页面不存在|您访问的页面不存在|页面找不到了|page not found/i,
    reason: "not-found page",
  },
];

/** Only this much of a body is scanned: block pages and shelf notices sit near the top. */
export const SCAN_BYTES = 64 * 1024;
/** Visible text at or under this many characters counts as an interstitial-sized page. */
export const SHORT_TEXT_CHARS = 2_000;

const TITLE = /<title\b[^>]*>([\s\S]{0,1024}?)<\/title\s*>/i;

function visibleText(html: string): string {
  return withoutScripts(html)
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;|&#160;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function withoutScripts(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, " ");
}

/** JavaScript's `\s`, which the text's whitespace collapsing uses. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const SCRIPT_LIKE_OPEN = /<(script|style|noscript|template)\b/iy;
const scriptLikeCloses = new Map<string, RegExp>();

/** Characters of html[from, to) that stay in the text and are not whitespace (an `&` may start an `&nbsp;`: -6). */
function keptIn(html: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = html.charCodeAt(i);
    if (c === 38) count -= 6;
    else if (!isSpace(c)) count++;
  }
  return count;
}

/**
 * A lower bound on the non-whitespace characters of `visibleText(html)`, counted until past
 * `max`, without building any page-sized string: comments and script-like elements are skipped
 * and tags are left out as visibleText's replacements do. Where the markup could make those
 * replacements reach further (a `<` inside a tag, a comment inside a script), it stops: what was
 * counted so far is kept in the text all the same.
 */
function keptCharacters(html: string, max: number): number {
  let count = 0;
  let pos = 0;
  // The `<` after the last tag, found while checking that tag: the next search starts there.
  let known = -1;
  while (pos < html.length && count <= max) {
    const lt = known >= pos ? known : html.indexOf("<", pos);
    if (lt === -1) return count + keptIn(html, pos, html.length);
    count += keptIn(html, pos, lt);
    const after = html.charCodeAt(lt + 1);
    if (after === 33 && html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      if (close !== -1) {
        pos = close + 3;
        continue;
      }
    }
    // Only s(cript|tyle), n(oscript) and t(emplate) can open a script-like element.
    const lower = after | 0x20;
    let script: RegExpExecArray | null = null;
    if (lower === 115 || lower === 110 || lower === 116) {
      SCRIPT_LIKE_OPEN.lastIndex = lt;
      script = SCRIPT_LIKE_OPEN.exec(html);
    }
    if (script) {
      const name = script[1]!.toLowerCase();
      let close = scriptLikeCloses.get(name);
      if (!close) {
        close = new RegExp(`</${name}\\s*>`, "gi");
        scriptLikeCloses.set(name, close);
      }
      close.lastIndex = lt + script[0].length;
      const end = close.exec(html);
      if (end) {
        // A comment opened inside would be removed first and could hide this end tag.
        if (html.slice(lt, end.index).includes("<!--")) return count;
        pos = end.index + end[0].length;
        continue;
      }
    }
    const gt = html.indexOf(">", lt + 1);
    const next = html.indexOf("<", lt + 1);
    // No end to this tag, or a `<` inside it: stop, the count so far stands.
    if (gt === -1 || (next !== -1 && next < gt)) return count;
    pos = gt + 1;
    known = next;
  }
  return count;
}

/** Whether `visibleText(html)` is longer than `max`; built and measured only when the bound does not tell. */
function textLongerThan(html: string, max: number): boolean {
  return keptCharacters(html, max) > max || visibleText(html).length > max;
}

/** A pattern of literal words only: any match in the text is also written out in the markup. */
function literalWords(pattern: RegExp): boolean {
  return !pattern.flags.includes("i") && /^[\p{L}\p{N}|]+$/u.test(pattern.source);
}

/** One scan of the markup tells whether any markup pattern can match; only then are they tried in order. */
const PREFILTERED = PAGE_PATTERNS.filter((p) => p.where === "html" && p.pattern.flags === "i");
const ANY_PREFILTERED = new RegExp(PREFILTERED.map((p) => `(?:${p.pattern.source})`).join("|"), "i");

/**
 * What a fetched page is, from status, URL and body. Pure and bounded, so the HTTP fetcher and
 * the Chromium renderer share it. A blocked page never yields a price.
 */
export function classifyPage(input: PageInput): PageVerdict {
  const scanned = input.body.length > SCAN_BYTES ? input.body.slice(0, SCAN_BYTES) : input.body;
  const markup = input.markupPrefix ?? scanned;
  const title = TITLE.exec(scanned)?.[1] ?? "";
  let text: string | undefined;
  let long: boolean | undefined;
  let possible: boolean | undefined;
  const ruledOut = (p: PagePattern): boolean => {
    if (!PREFILTERED.includes(p)) return false;
    possible ??= ANY_PREFILTERED.test(markup);
    return !possible;
  };
  // The visible text costs more than the rest together: built only when a pattern needs it.
  const haystack = (p: PagePattern): string | null => {
    switch (p.where) {
      case "url":
        return input.finalUrl;
      case "html":
        return ruledOut(p) ? null : markup;
      case "title":
        return title;
      case "text":
        if (text === undefined && literalWords(p.pattern) && !p.pattern.test(scanned)) return null;
        text ??= visibleText(scanned);
        return text;
      case "shortText":
        long ??=
          text === undefined ? textLongerThan(scanned, SHORT_TEXT_CHARS) : text.length > SHORT_TEXT_CHARS;
        if (long) return null;
        text ??= visibleText(scanned);
        return text;
    }
  };
  for (const p of PAGE_PATTERNS) {
    const hay = haystack(p);
    if (hay === null || hay === "") continue;
    const match = p.pattern.exec(hay);
    if (!match) continue;
    const reason = `${p.reason} (${p.where} matched "${match[0].slice(0, 40)}")`;
    if (p.verdict === "blocked") return { kind: "blocked", signal: p.signal, reason };
    return { kind: p.verdict, reason };
  }
  if (input.status === 404) return { kind: "not_found", reason: "HTTP 404" };
  if (input.status === 410) return { kind: "gone", reason: "HTTP 410" };
  if (input.status === 401 || input.status === 403)
    return { kind: "blocked", signal: "forbidden", reason: `HTTP ${input.status}` };
  return { kind: "ok" };
}
