import { describe, expect, it } from "vitest";
import {
  inertMarkdown,
  linkableUrl,
  neutralLine,
  truncateChars,
} from "../../functions/notify/untrusted-text.js";

describe("neutralLine", () => {
  it("strips every kind of group mention", () => {
    const out = neutralLine(
      'a @所有人 b @ALL c ＠所有人 d <at id=all></at> e <at user_id="all">所有人</at> f <!here> <!channel> <@U1> @here @channel @everyone',
      500,
    );
    expect(out).not.toMatch(/所有人|@|<at|<!|all\b|here|channel|everyone/i);
    expect(out).toBe("a b c d e f");
  });

  it("turns the rest of @ into a full-width sign, so no mention parser sees one", () => {
    expect(neutralLine("联系 service@shop.cn", 100)).toBe("联系 service＠shop\u2024cn");
  });

  it("defangs links but keeps decimals and pack sizes", () => {
    expect(neutralLine("visit http://evil.example/x or www.evil.com", 200)).toBe(
      "visit http：//evil\u2024example/x or www\u2024evil\u2024com",
    );
    expect(neutralLine("0.5mg × 50片 v1.2", 100)).toBe("0.5mg × 50片 v1.2");
  });

  it("drops bidi overrides and zero-width characters, and makes one line", () => {
    expect(neutralLine("a\u202eb\u200b@\u200ball\nc\r\nd\te", 100)).toBe("ab c d e");
  });

  it("bounds the length in code points, marking the cut", () => {
    const out = neutralLine("药".repeat(500), 10);
    expect(Array.from(out)).toHaveLength(10);
    expect(out.endsWith("…")).toBe(true);
    expect(truncateChars("😀😀😀", 2)).toBe("😀…");
  });
});

describe("inertMarkdown", () => {
  it("replaces markdown and HTML metacharacters with full-width look-alikes", () => {
    expect(inertMarkdown("[x](http://e) **b** <font> `c` # h | t ! & _u_ ~s~")).toBe(
      "［x］（http://e） ＊＊b＊＊ ＜font＞ ｀c｀ ＃ h ｜ t ！ ＆ ＿u＿ ～s～",
    );
  });
});

describe("linkableUrl", () => {
  it("keeps http(s) links and encodes what could close a markdown or Slack link", () => {
    expect(linkableUrl("https://item.jd.com/1.html?a=(b)|c>d")).toBe(
      "https://item.jd.com/1.html?a=%28b%29%7Cc%3Ed",
    );
  });

  it("refuses other schemes and embedded credentials", () => {
    expect(linkableUrl("javascript:alert(1)")).toBeNull();
    expect(linkableUrl("https://user:pw@item.jd.com/")).toBeNull();
    expect(linkableUrl("not a url")).toBeNull();
  });
});
