import { decodeReporting } from "./html-entities.js";

const ALWAYS_HIDDEN = [
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "head",
  "iframe",
  "object",
  "select",
];
/** Page chrome: dropped when reading statements about the product itself. */
const LAYOUT = ["header", "footer", "nav", "aside"];
// `[^<>]` bounds each attempt at the next `<`: linear even on "<<<<" floods.
const TAG = /<\/?[a-zA-Z][^<>]*>/g;
const TAG_NAME = /^<([a-z][a-z0-9-]*)/;
const VOID = new Set(["input", "img", "br", "hr", "meta", "link", "source", "area", "col", "embed", "wbr"]);
const MAX_HIDDEN_SCAN = 100_000;

const HIDDEN = "display\\s*:\\s*none|\\shidden[\\s=>/]";
/**
 * Blocks about other things than the product on sale: reviews and comments (their dates and
 * "价格实惠" are not the price), recommendation and related-item lists, and modal dialogs (hidden
 * until opened). Matched as whole class/id tokens, and never on html/body/main.
 */
const OFF_PRODUCT =
  "\\s(?:class|id)\\s*=\\s*[\"']?(?:[^\"'<>]*?[\\s_-])?(?:comments?|reviews?|recommend\\w*|reco|rec|related|similar|upsell|cross-?sell|sponsored|also-?(?:bought|viewed)|recently-?viewed|modal|评价|评论|猜你喜欢|为你推荐|推荐)(?=[\\s_\"'>-])|\\srole\\s*=\\s*[\"']?(?:alert)?dialog\\b";

// What the text leaves out, found in one scan: comments, elements that are never text (by name),
// and hints of hidden or off-product attributes, tried as tags only where a hint occurs (most
// tags have none). The page is not lower-cased: the regexes ignore case.
const BASIC_EVENTS = new RegExp(`(<!--)|<(${ALWAYS_HIDDEN.join("|")})\\b|display|hidden`, "gi");
const MAIN_EVENTS = new RegExp(
  `(<!--)|<(${[...ALWAYS_HIDDEN, ...LAYOUT].join("|")})\\b|display|hidden|comment|review|rec|related|similar|upsell|cross|sponsored|also|modal|评价|评论|猜你喜欢|为你推荐|推荐|role`,
  "gi",
);
const BASIC_TAG = new RegExp(`<[a-z][a-z0-9-]*\\b[^<>]*?(?:${HIDDEN})`, "iy");
const MAIN_TAG = new RegExp(
  `<(?!(?:html|body|main)\\b)[a-z][a-z0-9-]*\\b[^<>]*?(?:${HIDDEN}|${OFF_PRODUCT})`,
  "iy",
);

interface Skip {
  index: number;
  comment: boolean;
  /** The matched start of the tag, up to its hidden/off-product attribute. */
  text: string;
  /** Lower-cased name of an always-hidden (or layout) element, when found by name. */
  name?: string;
}

/** The first comment or left-out element at or after `from` (the original regexes' leftmost match). */
function nextSkip(html: string, from: number, mainOnly: boolean): Skip | null {
  const events = mainOnly ? MAIN_EVENTS : BASIC_EVENTS;
  const tag = mainOnly ? MAIN_TAG : BASIC_TAG;
  events.lastIndex = from;
  let checked = -1;
  for (let m = events.exec(html); m !== null; m = events.exec(html)) {
    if (m[1] !== undefined) return { index: m.index, comment: true, text: m[0] };
    if (m[2] !== undefined) return { index: m.index, comment: false, text: m[0], name: m[2].toLowerCase() };
    // A hint: is it inside a tag that the tag regex leaves out?
    const start = html.lastIndexOf("<", m.index);
    if (start < from || start <= checked) continue;
    checked = start;
    const close = html.indexOf(">", start);
    if (close !== -1 && close < m.index) continue;
    tag.lastIndex = start;
    const found = tag.exec(html);
    if (found) return { index: start, comment: false, text: found[0] };
  }
  return null;
}

const closeTags = new Map<string, RegExp>();
const nestTags = new Map<string, RegExp>();

function cachedRegex(cache: Map<string, RegExp>, name: string, source: string): RegExp {
  let re = cache.get(name);
  if (!re) {
    re = new RegExp(source, "gi");
    // Tag names come from pages: a page inventing thousands must not grow this for ever.
    if (cache.size >= 500) cache.clear();
    cache.set(name, re);
  }
  return re;
}

/** End of the element opened at `start` named `name`: nesting of the same name is counted. */
function elementEnd(html: string, start: number, name: string, limit: number): number {
  const re = cachedRegex(nestTags, name, `<(/?)${name}\\b`);
  re.lastIndex = start + 1;
  let depth = 1;
  for (let m = re.exec(html); m !== null && m.index < limit; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      const end = html.indexOf(">", m.index);
      return end === -1 ? html.length : end + 1;
    }
  }
  return -1;
}

/** Whether a tag opened in html[from, to) may run past `to` (the slices are joined with spaces). */
function endsInOpenTag(html: string, from: number, to: number): boolean {
  const lt = html.lastIndexOf("<", to - 1);
  if (lt < from || html.indexOf(">", lt) < to) return false;
  const c = html.charCodeAt(lt + 1) === 47 ? html.charCodeAt(lt + 2) : html.charCodeAt(lt + 1);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A run of tags and whitespace: each becomes one space (the same text as spaces for tags, then collapsing). */
const TAGS_AND_SPACE = /(?:<\/?[a-zA-Z][^<>]*>|[\s\u00a0\u3000])+/g;
const SPACE_RUN = /[\s\u00a0\u3000]+/g;
/** The runs SPACE_RUN would change: a lone space is left alone (far fewer matches). */
const EXTRA_SPACE = /[\s\u00a0\u3000]{2,}|[^\S ]/g;

/**
 * The slices joined with a space after each, tags replaced by spaces and whitespace collapsed,
 * not trimmed. Slice by slice (no page-sized string), unless a tag could span two slices (an
 * attribute holding "<!--"): then as one string, as before.
 */
function collapsedText(html: string, ranges: number[], lines: boolean): string {
  if (lines) return linedText(html, ranges);
  const pieces: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const from = ranges[i]!;
    const to = ranges[i + 1]!;
    if (endsInOpenTag(html, from, to) && i + 2 < ranges.length) {
      const parts: string[] = [];
      for (let j = 0; j < ranges.length; j += 2) parts.push(html.slice(ranges[j]!, ranges[j + 1]!), " ");
      return parts.join("").replace(TAG, " ").replace(SPACE_RUN, " ");
    }
    // After the replacement a piece starts and ends with one space at most: joining trimmed
    // pieces with single spaces is the collapsed concatenation.
    let piece = html.slice(from, to).replace(TAGS_AND_SPACE, " ");
    if (piece.charCodeAt(0) === 32) piece = piece.slice(1);
    if (piece.charCodeAt(piece.length - 1) === 32) piece = piece.slice(0, -1);
    if (piece !== "") pieces.push(piece);
  }
  return pieces.join(" ");
}

// Elements that start a new line of text where a reader sees one (list items, paragraphs, cells).
const BLOCK_TAG =
  /<\/?(?:li|p|div|br|tr|td|th|dd|dt|h[1-6]|section|article|ul|ol|table|header|footer|aside|nav|form|label|button|option|blockquote)\b[^<>]*>/gi;

/**
 * `collapsedText` with a line break where a block element starts or ends (and between slices),
 * spaces collapsed within a line: what a reader sees as separate lines stays separate, so a
 * phrase read from one line cannot run on into the next.
 */
function linedText(html: string, ranges: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) parts.push(html.slice(ranges[i]!, ranges[i + 1]!));
  return parts
    .join("\n")
    .replace(SPACE_RUN, (run) => (run.includes("\n") ? "\n" : " "))
    .replace(BLOCK_TAG, "\n")
    .replace(TAG, " ")
    .replace(/[ \t\u00a0\u3000]*\n[\s\u00a0\u3000]*/g, "\n")
    .replace(/[ \t\u00a0\u3000]{2,}/g, " ");
}

/** `ranges` minus `skip` (both flat [start, end) pairs, ascending and disjoint). */
function withoutRanges(ranges: readonly number[], skip: readonly number[]): number[] {
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    let from = ranges[i]!;
    const to = ranges[i + 1]!;
    while (k < skip.length && skip[k + 1]! <= from) k += 2;
    for (let j = k; j < skip.length && skip[j]! < to && from < to; j += 2) {
      if (skip[j]! > from) out.push(from, skip[j]!);
      from = Math.max(from, skip[j + 1]!);
    }
    if (from < to) out.push(from, to);
  }
  return out;
}

/**
 * Visible text without a DOM: drops comments, script/style/head and inline-hidden elements
 * (`display:none`, `hidden`) by index search, replaces tags with spaces and collapses
 * whitespace. With `mainOnly`, header/footer/nav/aside go too, and so do review, comment,
 * recommendation and dialog blocks (see OFF_PRODUCT). `skip` leaves out further source ranges
 * (flat [start, end) pairs, ascending and disjoint): the page's furniture. With `lines`, block
 * elements start new lines (see linedText).
 */
export function visibleText(
  html: string,
  options: { maxChars?: number; mainOnly?: boolean; skip?: readonly number[]; lines?: boolean } = {},
): string {
  const mainOnly = options.mainOnly === true;
  // Visible slices as [start, end) pairs; no page-sized string is built (each costs a large-object
  // allocation and its collection).
  const ranges: number[] = [];
  let pos = 0;
  while (pos < html.length) {
    const skip = nextSkip(html, pos, mainOnly);
    let next = html.length;
    let skipTo = html.length;
    if (skip?.comment) {
      next = skip.index;
      const close = html.indexOf("-->", next + 4);
      skipTo = close === -1 ? html.length : close + 3;
    } else if (skip) {
      next = skip.index;
      const name = skip.name ?? TAG_NAME.exec(skip.text.toLowerCase())?.[1];
      if (name === undefined || VOID.has(name)) {
        skipTo = next + skip.text.length;
      } else if (skip.name !== undefined && ALWAYS_HIDDEN.includes(name)) {
        // Raw-text elements cannot nest: the first closing tag ends them.
        const closeTag = cachedRegex(closeTags, name, `</${name}`);
        closeTag.lastIndex = next + 1;
        const close = closeTag.exec(html)?.index ?? -1;
        const end = close === -1 ? -1 : html.indexOf(">", close);
        skipTo = end === -1 ? html.length : end + 1;
      } else {
        const end = elementEnd(html, next, name, next + MAX_HIDDEN_SCAN);
        // An unclosed or runaway element only loses its own tag.
        skipTo = end === -1 ? next + skip.text.length : end;
      }
    }
    ranges.push(pos, next);
    pos = Math.max(skipTo, pos + 1);
  }
  const kept = options.skip && options.skip.length > 0 ? withoutRanges(ranges, options.skip) : ranges;
  const lines = options.lines === true;
  const decoded = decodeReporting(collapsedText(html, kept, lines));
  // References can decode to whitespace (`&nbsp;`): collapse again only then.
  const text = (
    decoded.whitespace
      ? lines
        ? decoded.text.replace(/[^\S\n]+/g, " ")
        : decoded.text.replace(EXTRA_SPACE, " ")
      : decoded.text
  ).trim();
  const max = options.maxChars ?? Number.POSITIVE_INFINITY;
  return text.length > max ? text.slice(0, max) : text;
}
