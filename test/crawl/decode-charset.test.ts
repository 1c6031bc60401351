import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBody, detectCharset } from "../../functions/crawl/decode-charset.js";

const ascii = (s: string) => Buffer.from(s, "latin1");

describe("detectCharset", () => {
  it("prefers BOM, then header, then meta, then utf-8", () => {
    const metaGbk = ascii('<meta charset="gbk">');
    expect(
      detectCharset("text/html; charset=big5", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), metaGbk])),
    ).toMatchObject({
      name: "utf-8",
      source: "bom",
    });
    expect(detectCharset("text/html; charset=big5", metaGbk)).toMatchObject({
      name: "big5",
      source: "header",
    });
    expect(detectCharset("text/html", metaGbk)).toMatchObject({ name: "gbk", source: "meta" });
    expect(detectCharset(null, ascii("<html>"))).toMatchObject({ name: "utf-8", source: "default" });
  });
  it("reads quoted and http-equiv forms and maps GB labels to the GB18030 decoder", () => {
    expect(detectCharset('text/html; charset="GB2312"', ascii(""))).toMatchObject({
      name: "gbk",
      decoder: "gb18030",
    });
    expect(
      detectCharset(null, ascii('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GB18030">')),
    ).toMatchObject({ name: "gb18030" });
  });
  it("skips unknown labels and meta tags beyond the first 4 KB", () => {
    expect(detectCharset("text/html; charset=x-nonsense", ascii('<meta charset="big5">'))).toMatchObject({
      name: "big5",
    });
    expect(detectCharset(null, ascii(`${" ".repeat(5000)}<meta charset="big5">`))).toMatchObject({
      source: "default",
    });
  });
  it("reads a meta claiming UTF-16 as UTF-8", () => {
    expect(detectCharset(null, ascii('<meta charset="utf-16">'))).toMatchObject({ name: "utf-8" });
  });
});

describe("decodeBody", () => {
  it("decodes GBK, GB18030 and Big5 text", () => {
    const text = "安可血糖试纸 ￥199 国械注准";
    expect(decodeBody(iconv.encode(text, "gbk"), "text/html; charset=gbk").text).toBe(text);
    expect(decodeBody(iconv.encode("𠀀 ¥", "gb18030"), "text/html; charset=gb18030").text).toBe("𠀀 ¥");
    expect(decodeBody(iconv.encode("血糖試紙", "big5"), "text/html; charset=big5").text).toBe("血糖試紙");
  });
  it("never throws on malformed bytes", () => {
    expect(decodeBody(Buffer.from([0x61, 0xff, 0xfd, 0x81]), "text/html; charset=utf-8").text).toContain(
      "\uFFFD",
    );
    expect(() => decodeBody(Buffer.from([0x81, 0x30]), "text/html; charset=gbk")).not.toThrow();
  });
});
