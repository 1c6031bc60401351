import { describe, expect, it } from "vitest";
import { decodeHtmlEntities } from "../../functions/html/html-entities.js";
import { visibleText } from "../../functions/html/page-text.js";

// visibleText finds what it leaves out with one case-insensitive scan and builds no page-sized
// string. The reference below is the plain definition (a lower-cased copy, one regex per kind);
// both must give the same text.
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

const BASIC_OPEN = new RegExp(
  `<(${ALWAYS_HIDDEN.join("|")})\\b|<[a-z][a-z0-9-]*\\b[^<>]*?(?:${HIDDEN})`,
  "g",
);
// One pass per tag: the hidden and off-product tests share the scan of its attributes.
const MAIN_OPEN = new RegExp(
  `<(${[...ALWAYS_HIDDEN, ...LAYOUT].join("|")})\\b|<(?!(?:html|body|main)\\b)[a-z][a-z0-9-]*\\b[^<>]*?(?:${HIDDEN}|${OFF_PRODUCT})`,
  "g",
);

/** End of the element opened at `start` named `name`: nesting of the same name is counted. */
function elementEnd(lower: string, start: number, name: string, limit: number): number {
  const re = new RegExp(`<(/?)${name}\\b`, "g");
  re.lastIndex = start + 1;
  let depth = 1;
  for (let m = re.exec(lower); m !== null && m.index < limit; m = re.exec(lower)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      const end = lower.indexOf(">", m.index);
      return end === -1 ? lower.length : end + 1;
    }
  }
  return -1;
}

/**
 * Visible text without a DOM: drops comments, script/style/head and inline-hidden elements
 * (`display:none`, `hidden`) by index search, replaces tags with spaces and collapses
 * whitespace. With `mainOnly`, header/footer/nav/aside go too, and so do review, comment,
 * recommendation and dialog blocks (see OFF_PRODUCT).
 */
function referenceText(html: string, options: { maxChars?: number; mainOnly?: boolean } = {}): string {
  const lower = html.toLowerCase();
  const open = options.mainOnly ? MAIN_OPEN : BASIC_OPEN;
  const parts: string[] = [];
  let pos = 0;
  let comment = -2;
  let hidden: RegExpExecArray | null | undefined;
  while (pos < html.length) {
    if (comment !== -1 && comment < pos) comment = lower.indexOf("<!--", pos);
    if (hidden !== null && (hidden === undefined || hidden.index < pos)) {
      open.lastIndex = pos;
      hidden = open.exec(lower);
    }
    let next = html.length;
    let skipTo = html.length;
    if (comment !== -1 && (!hidden || comment < hidden.index)) {
      next = comment;
      const close = lower.indexOf("-->", comment + 4);
      skipTo = close === -1 ? html.length : close + 3;
    } else if (hidden) {
      next = hidden.index;
      const name = hidden[1] ?? TAG_NAME.exec(hidden[0])?.[1];
      if (name === undefined || VOID.has(name)) {
        skipTo = next + hidden[0].length;
      } else if (hidden[1] !== undefined && ALWAYS_HIDDEN.includes(name)) {
        // Raw-text elements cannot nest: the first closing tag ends them.
        const close = lower.indexOf(`</${name}`, next + 1);
        const end = close === -1 ? -1 : lower.indexOf(">", close);
        skipTo = end === -1 ? html.length : end + 1;
      } else {
        const end = elementEnd(lower, next, name, next + MAX_HIDDEN_SCAN);
        // An unclosed or runaway element only loses its own tag.
        skipTo = end === -1 ? next + hidden[0].length : end;
      }
    }
    parts.push(html.slice(pos, next), " ");
    pos = Math.max(skipTo, pos + 1);
  }
  const text = decodeHtmlEntities(parts.join("").replace(TAG, " "))
    .replace(/[\s\u00a0\u3000]+/g, " ")
    .trim();
  const max = options.maxChars ?? Number.POSITIVE_INFINITY;
  return text.length > max ? text.slice(0, max) : text;
}

const PIECES = [
  "<div class='item'>",
  "</div>",
  "<DIV Class='Reviews'>",
  "<section id='recommend-list'>",
  "<span style='DISPLAY: none'>",
  "<span style='display:block'>",
  "<p hidden>",
  "<p data-hidden='1'>",
  "<div role='dialog'>",
  "<header>",
  "</header>",
  "<nav>",
  "</nav>",
  "<main class='reviews'>",
  "</main>",
  "<SCRIPT>var a = '<div>';</SCRIPT>",
  "<style>.x{display:none}</style>",
  "<svg><text>图</text></svg>",
  "<select><option>规格</option></select>",
  "<!-- 注释 -->",
  "<!--",
  "-->",
  "<a title='<!--'>链接</a>",
  "<img alt='display' hidden>",
  "<input hidden>",
  "¥199 ",
  "有货 ",
  "商品详情 ",
  "a < b ",
  "&amp; &nbsp; &#12288; &lt;p&gt; ",
  "   \n\t ",
  "<br>",
  "<div class='comment-box'>",
  "<div class='recommendation'>",
  "<div class='also-bought'>",
  "</section>",
];

function page(seed: number): string {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  let html = "";
  for (let i = Math.floor(next() * 80); i > 0; i--) html += PIECES[Math.floor(next() * PIECES.length)];
  return html;
}

describe("visibleText", () => {
  it("gives the text of the plain definition, whole page and main text", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const html = page(seed);
      expect(visibleText(html), html).toBe(referenceText(html));
      expect(visibleText(html, { mainOnly: true }), html).toBe(referenceText(html, { mainOnly: true }));
    }
  });
});
