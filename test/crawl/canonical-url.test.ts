import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalUrl, TRACKING_PARAMS, TRACKING_PREFIXES } from "../../functions/core/canonical-url.js";

describe("canonicalUrl", () => {
  it.each([
    ["HTTPS://Item.JD.com:443/100012345.html#comment", "https://item.jd.com/100012345.html"],
    ["http://item.jd.com:80/1.html?", "http://item.jd.com/1.html"],
    ["https://item.jd.com./1.html", "https://item.jd.com/1.html"],
    [
      "https://detail.tmall.com/item.htm?spm=a230r.1.14.1.abc&id=612345&ali_refid=a3_430&skuId=4567&utm_source=wx&share_crt_v=1",
      "https://detail.tmall.com/item.htm?id=612345&skuId=4567",
    ],
    [
      "https://mobile.yangkeduo.com/goods.html?goods_id=123&refer_page_name=index&_x_share_id=abc&pvid=9&_wvx=10",
      "https://mobile.yangkeduo.com/goods.html?goods_id=123",
    ],
    [
      "https://shop.test/p?b=2&a=1&a=0&UTM_Medium=x&gclid=1&fbclid=2&from=singlemessage",
      "https://shop.test/p?a=0&a=1&b=2",
    ],
    [
      "https://shop.test/p?q=%e8%a1%80%e7%b3%96&cpsParams=x&_t=17000&scm=1",
      "https://shop.test/p?q=%E8%A1%80%E7%B3%96",
    ],
    ["https://h5.shop.test/#/goods?id=9", "https://h5.shop.test/#/goods?id=9"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it("keeps product-identifying parameters", () => {
    const url = canonicalUrl("https://x.test/i?id=1&skuId=2&goods_id=3&sku_properties=1627207:28341&spm=z");
    for (const p of ["id=1", "skuId=2", "goods_id=3", "sku_properties=1627207:28341"])
      expect(url).toContain(p);
  });

  it("returns a non-URL trimmed", () => {
    expect(canonicalUrl("  not a url ")).toBe("not a url");
  });

  const urlWithTracking = fc
    .tuple(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.array(fc.constantFrom("utm_source=a", "spm=1.2", "gclid=x", "share_token=9", "from=timeline")),
    )
    .map(([url, extra]) =>
      extra.length === 0 ? url : `${url.split("#")[0]}${url.includes("?") ? "&" : "?"}${extra.join("&")}`,
    );

  it("is idempotent", () => {
    fc.assert(
      fc.property(urlWithTracking, (url) => {
        const once = canonicalUrl(url);
        expect(canonicalUrl(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("drops tracking parameters and ignores parameter order", () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { maxLength: 5 })
          .filter((names) =>
            names.every((n) => !TRACKING_PARAMS.has(n) && !TRACKING_PREFIXES.some((p) => n.startsWith(p))),
          ),
        fc.array(fc.constantFrom("utm_campaign=x", "spm=a.b", "fbclid=1", "share_from=2")),
        (names, tracking) => {
          const params = names.map((n, i) => `${n}=${i}`);
          const forward = canonicalUrl(`https://shop.test/p?${[...params, ...tracking].join("&")}`);
          const backward = canonicalUrl(
            `https://shop.test/p?${[...tracking, ...params].reverse().join("&")}`,
          );
          expect(forward).toBe(backward);
          // Parameter names only: a generated name such as "aspm" is not the tracking "spm".
          expect(forward).not.toMatch(/[?&](utm_|spm=|fbclid|share_)/);
        },
      ),
    );
  });
});
