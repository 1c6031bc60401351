import { load } from "cheerio";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_PATTERNS } from "../../functions/crawl/classify-page.js";
import { decodeBody, decodeForReading } from "../../functions/crawl/decode-charset.js";
import { cutScriptCode, isJavaScript } from "../../functions/crawl/script-code.js";

// The cut must leave exactly the document htmlparser2 would build from the whole page, less the
// content of JavaScript elements. The oracle parses the whole page with cheerio, empties those
// elements there, and compares the serialized trees.

function cut(html: string): string {
  return Buffer.from(cutScriptCode(Buffer.from(html, "utf8")).bytes).toString("utf8");
}

function withoutCodeByDom(html: string): string {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  $("script").each((_, el) => {
    const attrs = new Map(Object.entries((el as { attribs: Record<string, string> }).attribs));
    if (isJavaScript(attrs)) $(el).empty();
  });
  return $.html();
}

function serialized(html: string): string {
  return load(html, { xml: { xmlMode: false, decodeEntities: true } }).html();
}

describe("cutScriptCode", () => {
  it("cuts JavaScript and keeps the tags and everything else", () => {
    const page =
      '<html><head><script>var a = "<div>";</script><script type="application/ld+json">{"price":"9"}</script>' +
      '</head><body><p>¥12</p><script type="module">import x from "y";</script><script src="a.js"></script></body></html>';
    expect(cut(page)).toBe(
      '<html><head><script></script><script type="application/ld+json">{"price":"9"}</script>' +
        '</head><body><p>¥12</p><script type="module"></script><script src="a.js"></script></body></html>',
    );
  });

  it("returns the same bytes when there is nothing to cut", () => {
    const bytes = Buffer.from('<p>a</p><script type="application/json">{}</script>');
    const result = cutScriptCode(bytes);
    expect(result.bytes).toBe(bytes);
    expect(result.removedBytes).toBe(0);
  });

  it.each([
    ["a comment", "<!-- <script>var x = 1;</script> --><p>¥5</p>"],
    ["an attribute value", '<div title="<script>"><p>¥5</p></div><script>y</script>'],
    ["a quoted > before it", '<div title="a> <script>">¥5</div><p>¥6</p><script>z</script>'],
    ["a textarea", "<textarea><script>var x;</textarea><p>¥5</p>"],
    ["a title", "<title><script></title><p>¥5</p>"],
    ["a style", "<style>/* <script> */</style><p>¥5</p>"],
    ["an xmp", "<xmp><script>x</xmp><p>¥5</p>"],
    [
      "another script",
      '<script>document.write("<script src=x></scr" + "ipt>"); var p = 1;</script><p>¥5</p>',
    ],
    ["an unquoted value", "<a href=x<script>y>¥5</a><p>¥6</p>"],
    ["a declaration", "<!DOCTYPE x <script>><p>¥5</p><script>q</script>"],
    ["a processing instruction", "<?x <script> ?><p>¥5</p>"],
    ["CDATA", "<![CDATA[ <script> ]]><p>¥5</p>"],
  ])("never takes a <script inside %s for a tag", (_, page) => {
    expect(serialized(cut(page))).toBe(withoutCodeByDom(page));
  });

  it("follows the end-tag rules: case, whitespace, self-closing, unterminated", () => {
    for (const page of [
      "<SCRIPT>var a;</SCRIPT ><p>x</p>",
      "<script>a</script\t><p>x</p>",
      "<script>a</scripts>b</script><p>x</p>",
      "<script src=a.js/><p>x</p>",
      "<script>never closed <p>x</p>",
      "<script>a</script",
      '<script type="text/template"><p class="price">¥1</p></script><p>x</p>',
      '<script language="vbscript">x</script><script language="JavaScript">y</script>',
      '<script type=" TEXT/JAVASCRIPT ">a</script><script type="">b</script><script type="text/plain">c</script>',
      '<script ="x" type="application/ld+json">{"a":1}</script>',
      '<script type="application/ld+json" type="text/javascript">{"a":1}</script>',
      "<svg><script>x</script></svg><math><script>y</script></math>",
    ]) {
      expect(serialized(cut(page)), page).toBe(withoutCodeByDom(page));
    }
  });

  it("reads on after a self-closing <script/> as the tokenizer does (no raw text follows)", () => {
    // htmlparser2 keeps the element open but tokenizes what follows as markup; the oracle's
    // "empty the element" would remove that markup, so this case is spelled out.
    expect(cut("<script/><p>x</p><script>y</script>")).toBe("<script/><p>x</p><script></script>");
  });

  it("keeps a script whose type has a character reference (unsure means data)", () => {
    const page = '<script type="text/javascript&#32;">var a;</script>';
    expect(cut(page)).toBe(page);
  });

  it("agrees with htmlparser2 on generated hostile markup", () => {
    const pieces = fc.constantFrom(
      "<p>¥12</p>",
      '<div class="price">¥8</div>',
      "<script>var s = '<p>x</p>';</script>",
      '<script>document.write("<script>x</scr"+"ipt>")</script>',
      "<script type='module'>a<b</script>",
      '<script type="application/ld+json">{"offers":{"price":"3"}}</script>',
      '<script type="text/x-template"><b>¥4</b></script>',
      "<SCRIPT>y</SCRIPT>",
      "<script >z</script >",
      "<!-- <script> -->",
      "<!--",
      "-->",
      "<!-->",
      "<!--->",
      '<a title="<script>">',
      '<a title="x>y">',
      "<a title='<!--'>",
      '<a ="<script>">',
      '<a b=c"<script>">',
      "<textarea>",
      "</textarea>",
      "<title>",
      "</title>",
      "<style>",
      "</style>",
      "<xmp>",
      "</xmp>",
      "<script>",
      "</script>",
      "</script",
      "<svg>",
      "</svg>",
      "<![CDATA[",
      "]]>",
      "<!x",
      "<?",
      ">",
      "<",
      "</",
      '"',
      "'",
      "中文",
      " ",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const page = parts.join("");
        expect(serialized(cut(page))).toBe(withoutCodeByDom(page));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("decodeForReading", () => {
  it("cuts in ASCII-compatible encodings and leaves UTF-16 alone", () => {
    const gbk = Buffer.from([
      ...Buffer.from("<script>var a = '"),
      0xd6,
      0xd0, // 中 in GBK
      ...Buffer.from("';</script><p>"),
      0xbc,
      0xdb, // 价
      ...Buffer.from("</p>"),
    ]);
    const page = decodeForReading(gbk, "text/html; charset=gbk", 4096);
    expect(page.text).toBe("<script></script><p>价</p>");
    expect(page.charset).toBe("gbk");
    expect(page.removedScriptBytes).toBe(13);

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<script>x</script>", "utf16le")]);
    expect(decodeForReading(utf16, null, 4096).text).toBe("<script>x</script>");
  });

  it("keeps the received markup, scripts included, for the markup patterns", () => {
    const bytes = Buffer.from("<script>window._cf_chl_opt={}</script><p>价</p>");
    const page = decodeForReading(bytes, "text/html; charset=utf-8", 4096);
    expect(page.text).toBe("<script></script><p>价</p>");
    expect(page.markupPrefix).toContain("_cf_chl_opt");
    expect(decodeBody(bytes, "text/html").text).toContain("_cf_chl_opt");
  });

  it("markup patterns are ASCII, so a latin1 view of the bytes is faithful", () => {
    for (const p of PAGE_PATTERNS.filter((q) => q.where === "html")) {
      expect(/^[\x20-\x7e]*$/.test(p.pattern.source), p.pattern.source).toBe(true);
    }
  });
});
