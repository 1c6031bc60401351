import { describe, expect, it } from "vitest";
import {
  classifyPage,
  PAGE_PATTERNS,
  type PageInput,
  type PageVerdict,
  SCAN_BYTES,
  SHORT_TEXT_CHARS,
} from "../../functions/crawl/classify-page.js";

// classifyPage skips work (one scan for all markup patterns, a bound on the text length instead
// of the text, literal words looked up in the markup first). This is the plain definition it
// must agree with: every pattern against its haystack, in order.
function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;|&#160;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function reference(input: PageInput): PageVerdict {
  const scanned = input.body.slice(0, SCAN_BYTES);
  const title = /<title\b[^>]*>([\s\S]{0,1024}?)<\/title\s*>/i.exec(scanned)?.[1] ?? "";
  const text = visibleText(scanned);
  for (const p of PAGE_PATTERNS) {
    const hay =
      p.where === "url"
        ? input.finalUrl
        : p.where === "html"
          ? scanned
          : p.where === "title"
            ? title
            : p.where === "text"
              ? text
              : text.length <= SHORT_TEXT_CHARS
                ? text
                : null;
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

const PIECES = [
  "<div class='item'>",
  "</div>",
  "<p>",
  "商品详情 ",
  "这是一段很长的商品描述文字，用来把可见文本撑过两千字。",
  "Product description text that fills the page. ",
  "<!-- comment -->",
  "<!-- <script> -->",
  "<script>var a = '<!--';</script>",
  "<script>if (a > b) { x('</div>'); }</script>",
  "<SCRIPT type='x'>s</SCRIPT >",
  "<style>.a > .b { color: red }</style>",
  "<noscript>请开启脚本</noscript>",
  "<template><p>模板</p></template>",
  "<a title='<!--'>link</a>",
  "<a title='x > y'>link</a>",
  "<img alt='<script>'>",
  "a < b ",
  "&nbsp;&nbsp;&#160;",
  "<!--",
  "-->",
  "<script>",
  "</script>",
  "验证码",
  "请先登录",
  "商品已下架",
  "滑块",
  "access denied",
  "<div class='nc_1_wrapper'>",
  "<title>京东</title>",
  "<title>页面不存在</title>",
  "拖动<b>滑</b>",
  "verify you&nbsp;are human",
  "   \n\t ",
];

function page(seed: number): string {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const parts: string[] = [];
  const count = Math.floor(next() * 300);
  for (let i = 0; i < count; i++) {
    // Mostly harmless filler, so that pages fall on both sides of the short-text limit.
    const r = next();
    parts.push(
      r < 0.5
        ? (PIECES[3 + Math.floor(next() * 3)] as string)
        : (PIECES[Math.floor(next() * PIECES.length)] as string),
    );
  }
  return parts.join("");
}

describe("classifyPage", () => {
  it("gives the verdict of the plain definition", () => {
    const lengths = new Set<boolean>();
    for (let seed = 1; seed <= 1500; seed++) {
      const body = page(seed);
      const input = {
        status: 200,
        url: "https://shop.example/item/1",
        finalUrl: "https://shop.example/item/1",
        body,
      };
      expect(classifyPage(input), body).toEqual(reference(input));
      lengths.add(visibleText(body.slice(0, SCAN_BYTES)).length > SHORT_TEXT_CHARS);
    }
    expect(lengths.size).toBe(2);
  });
});
