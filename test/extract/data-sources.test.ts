import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CapturedResponse } from "../../functions/core/captured-response.js";
import { decimalToMinor } from "../../functions/core/money.js";
import { observePage } from "../../functions/extract/observe-page.js";
import { JD_SOURCES } from "../../functions/extract/site-profiles/jd-sources.js";
import { PDD_SOURCES } from "../../functions/extract/site-profiles/pdd-sources.js";
import { mergeSources } from "../../functions/extract/site-profiles/registry.js";
import { TAOBAO_SOURCES } from "../../functions/extract/site-profiles/taobao-sources.js";
import { valuesAt } from "../../functions/extract/sources/field-path.js";
import { availabilityOf, sellerText } from "../../functions/extract/sources/field-values.js";
import { readInlineState } from "../../functions/extract/sources/inline-state.js";
import {
  type DataListing,
  readPageSources,
  readResponse,
  type SourceReading,
} from "../../functions/extract/sources/read-source.js";

const minor = (v: string | null | undefined) => (v == null ? null : decimalToMinor(v));
const cents = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;

function response(
  url: string,
  body: string,
  status = 200,
  headers: Record<string, string> = {},
): CapturedResponse {
  return { url, status, headers, body };
}

function listingsOf(reading: SourceReading | null | undefined): DataListing[] {
  return reading && (reading.kind === "item" || reading.kind === "search") ? reading.listings : [];
}

// ---------------------------------------------------------------------------------------------
// Generators: marketplace-shaped JSON with the noise real answers carry.

/** Keys that never collide with a field a source reads. */
const noiseKey = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/).map((k) => `x_${k}`);
const noiseValue = fc.jsonValue({ maxDepth: 3 });
const noise = fc.dictionary(noiseKey, noiseValue, { maxKeys: 5 });
/** A permutation source: entries are sorted by these. */
const order = fc.array(fc.integer(), { minLength: 16, maxLength: 16 });

/** The object's keys plus noise, in a random order. */
function shuffled(obj: Record<string, unknown>, extra: Record<string, unknown>, ord: number[]) {
  const entries = [...Object.entries(obj), ...Object.entries(extra)]
    .map((e, i) => ({ e, k: ord[i % ord.length] as number, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.e);
  return Object.fromEntries(entries);
}

/** A shop name: Chinese and Latin letters, digits; no markup, no surrounding space. */
const name = fc
  .array(fc.constantFrom(..."京东自营旗舰店大药房健康官方专营店医疗器械ABCDEFxyz0123"), {
    minLength: 1,
    maxLength: 24,
  })
  .map((cs) => cs.join(""));
const priceCents = fc.integer({ min: 1, max: 9_999_999 });
const id = fc.integer({ min: 1_000, max: 99_999_999_999_999 }).map(String);
/** How a platform writes a yuan price: "12.30", "12.3" or the number 12.3. */
const yuanForm = fc.constantFrom("fixed", "short", "number");
const yuan = (c: number, form: string): unknown =>
  form === "fixed" ? cents(c) : form === "short" ? String(Number(cents(c))) : Number(cents(c));
const jsonp = fc.option(fc.constantFrom("jQuery3493581", "mtopjsonp3", "cb_1", "window.__jp0"), {
  nil: undefined,
});
const wrap = (body: string, callback: string | undefined) => (callback ? `${callback}(${body});` : body);

describe("data sources read exactly the generated values (property)", () => {
  it("JD mgets: any key order, extra keys, J_ ids, numbers or strings, JSONP", () => {
    fc.assert(
      fc.property(
        id,
        priceCents,
        priceCents,
        priceCents,
        yuanForm,
        noise,
        order,
        jsonp,
        fc.boolean(),
        (sku, p, op, m, form, extra, ord, callback, prefixed) => {
          const row = shuffled(
            {
              p: yuan(p, form),
              op: yuan(op, form),
              m: yuan(m, form),
              cbf: "0",
              id: prefixed ? `J_${sku}` : sku,
            },
            extra,
            ord,
          );
          const body = wrap(JSON.stringify([row]), callback);
          const url = `https://p.3.cn/prices/mgets?skuIds=J_${sku}`;
          const [listing] = listingsOf(readResponse(response(url, body), JD_SOURCES, null));
          expect(listing?.itemId).toBe(sku);
          expect(minor(listing?.price)).toBe(p);
          expect(minor(listing?.listPrice)).toBe(op);
        },
      ),
    );
  });

  it("JD wareBusiness (2025 and older shapes): p is the price, op the list price, the shop the seller", () => {
    fc.assert(
      fc.property(
        id,
        priceCents,
        priceCents,
        priceCents,
        name,
        id,
        fc.constantFrom<unknown>(33, "33", 34, "34", 40),
        fc.boolean(),
        noise,
        order,
        yuanForm,
        (sku, p, op, regular, shop, shopId, stock, legacy, extra, ord, form) => {
          const data: Record<string, unknown> = {
            price: shuffled(
              {
                p: yuan(p, form),
                op: yuan(op, form),
                m: cents(op + 100),
                regularPrice: cents(regular),
                id: sku,
              },
              extra,
              ord,
            ),
            wareInfoReadMap: shuffled(
              {
                shop_name: shop,
                shop_id: shopId,
                sku_name: `商品${sku}`,
                vender_name: "北京京东世纪信息技术有限公司",
              },
              extra,
              ord,
            ),
            ...(legacy
              ? { colorSizeVO: { stockInfo: { [sku]: { stockState: stock } } } }
              : {
                  stockInfo: {
                    stockState: stock,
                    realStockState: String(stock),
                    stockInfo: { stockState: "AVAILABLE" },
                  },
                }),
          };
          const body = JSON.stringify(shuffled(data, extra, ord));
          const url = `https://api.m.jd.com/?appid=pc-item-soa&functionId=pc_detailpage_wareBusiness&body={"skuId":"${sku}"}`;
          const [listing] = listingsOf(readResponse(response(url, body), JD_SOURCES, null));
          expect(listing?.itemId).toBe(sku);
          expect(minor(listing?.price)).toBe(p);
          expect(minor(listing?.listPrice)).toBe(op);
          expect(listing?.seller).toBe(shop);
          expect(listing?.sellerId).toBe(shopId);
          expect(listing?.availability).toBe(String(stock) === "34" ? "OutOfStock" : "InStock");
        },
      ),
    );
  });

  it("JD search API: every row, ads flagged exactly where the data flags them", () => {
    const adFlag = fc.constantFrom<unknown>(true, 1, "1", "true", false, 0, "0", undefined);
    const row = fc.record({
      sku: id,
      p: priceCents,
      shop: name,
      shopId: id,
      ad: adFlag,
      extra: noise,
      ord: order,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => r.sku, minLength: 1, maxLength: 8 }),
        jsonp,
        (rows, callback) => {
          const wareList = rows.map((r) =>
            shuffled(
              {
                wareId: r.sku,
                wareName: `<font class="skcolor_ljg">血糖</font>试纸${r.sku}`,
                jdPrice: cents(r.p),
                shopName: r.shop,
                shopId: r.shopId,
                ...(r.ad === undefined ? {} : { isAdvertise: r.ad }),
              },
              r.extra,
              r.ord,
            ),
          );
          const body = wrap(JSON.stringify({ code: "0", data: { wareList } }), callback);
          const url = "https://api.m.jd.com/api?appid=search-pc-java&functionId=pc_search_searchWare";
          const listings = listingsOf(readResponse(response(url, body), JD_SOURCES, null));
          expect(listings.map((l) => l.itemId)).toEqual(rows.map((r) => r.sku));
          expect(listings.map((l) => minor(l.price))).toEqual(rows.map((r) => r.p));
          expect(listings.map((l) => l.seller)).toEqual(rows.map((r) => r.shop));
          expect(listings.map((l) => l.title)).toEqual(rows.map((r) => `血糖试纸${r.sku}`));
          expect(listings.map((l) => l.ad)).toEqual(
            rows.map((r) => [true, 1, "1", "true"].includes(r.ad as never)),
          );
        },
      ),
    );
  });

  it("Taobao g_page_config search: raw titles, highlights dropped, P4P ads flagged, shop before nick", () => {
    const row = fc.record({
      nid: id,
      p: priceCents,
      nick: name,
      shopName: fc.option(name, { nil: undefined }),
      userId: id,
      p4p: fc.constantFrom<unknown>(1, true, "1", undefined, 0),
      extra: noise,
      ord: order,
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.boolean(), (rows, escapeLt) => {
        const auctions = rows.map((r) =>
          shuffled(
            {
              nid: r.nid,
              title: `黑<span class=H>芝麻</span>糊${r.nid}`,
              raw_title: `黑芝麻糊${r.nid}`,
              view_price: cents(r.p),
              view_fee: "0.00",
              nick: r.nick,
              user_id: r.userId,
              ...(r.shopName === undefined ? {} : { shopName: r.shopName }),
              ...(r.p4p === undefined ? {} : { p4p: r.p4p }),
            },
            r.extra,
            r.ord,
          ),
        );
        let json = JSON.stringify({ pageName: "mainsrp", mods: { itemlist: { data: { auctions } } } });
        if (escapeLt) json = json.replace(/</g, "\\u003c").replace(/=/g, "\\u003d");
        const html = `<html><head><script>g_page_config = ${json};\ng_srp_loadCss();</script></head><body></body></html>`;
        const readings = readPageSources(html, "https://s.taobao.com/search?q=x", TAOBAO_SOURCES);
        const listings = readings.flatMap(listingsOf);
        expect(listings.map((l) => l.itemId)).toEqual(rows.map((r) => r.nid));
        expect(listings.map((l) => l.title)).toEqual(rows.map((r) => `黑芝麻糊${r.nid}`));
        expect(listings.map((l) => minor(l.price))).toEqual(rows.map((r) => r.p));
        expect(listings.map((l) => l.seller)).toEqual(rows.map((r) => r.shopName ?? r.nick));
        expect(listings.map((l) => l.sellerId)).toEqual(rows.map((r) => r.userId));
        expect(listings.map((l) => l.ad)).toEqual(rows.map((r) => [1, true, "1"].includes(r.p4p as never)));
        // One URL per item, whatever the row linked to: an ad repeating an organic row merges with it.
        for (const l of listings) expect(l.url).toBe(`https://item.taobao.com/item.htm?id=${l.itemId}`);
      }),
    );
  });

  it("Taobao H5 detail: apiStack value as a JSON string or an object, ranges, wrappers", () => {
    fc.assert(
      fc.property(
        id,
        priceCents,
        fc.option(priceCents, { nil: undefined }),
        name,
        id,
        id,
        fc.boolean(),
        fc.constantFrom("ret", "wrapper"),
        jsonp,
        noise,
        order,
        (itemId, low, spread, shop, userId, shopId, asString, envelope, callback, extra, ord) => {
          const priceText = spread === undefined ? cents(low) : `${cents(low)}-${cents(low + spread)}`;
          const value = shuffled(
            {
              price: { price: { priceText, priceTitle: "价格" } },
              skuCore: { sku2info: { "0": { quantity: "200", quantityText: "有货" } } },
            },
            extra,
            ord,
          );
          const data = shuffled(
            {
              seller: { shopName: shop, userId, shopId },
              item: { itemId, title: `施耐德${itemId}` },
              apiStack: [{ name: "esi", value: asString ? JSON.stringify(value) : value }],
            },
            extra,
            ord,
          );
          const head =
            envelope === "ret"
              ? { api: "mtop.taobao.detail.getdetail", ret: ["SUCCESS::调用成功"] }
              : { status: "success", code: 200, api: "wdetail" };
          const body = wrap(JSON.stringify({ ...head, data }), callback);
          const url = `https://h5api.m.taobao.com/h5/mtop.taobao.detail.getdetail/6.0/?data=${encodeURIComponent(JSON.stringify({ itemNumId: itemId }))}`;
          const [listing] = listingsOf(readResponse(response(url, body), TAOBAO_SOURCES, null));
          expect(listing?.itemId).toBe(itemId);
          expect(minor(listing?.price)).toBe(low);
          if (spread !== undefined) expect(minor(listing?.priceRange?.high)).toBe(low + spread);
          expect(listing?.seller).toBe(shop);
          expect(listing?.sellerId).toBe(userId);
          expect(listing?.availability).toBe("InStock");
        },
      ),
    );
  });

  it("Pinduoduo rawData: fen as a number or a string, the group price the price", () => {
    fc.assert(
      fc.property(
        id,
        priceCents,
        fc.integer({ min: 0, max: 100_000 }),
        name,
        id,
        fc.boolean(),
        noise,
        order,
        (goodsId, group, more, mall, mallId, asString, extra, ord) => {
          const fen = (c: number) => (asString ? String(c) : c);
          const goods = shuffled(
            {
              goodsID: Number(goodsId),
              goodsName: `医用口罩${goodsId}`,
              minOnSaleGroupPrice: fen(group),
              minNormalPrice: fen(group + more),
            },
            extra,
            ord,
          );
          const state = {
            store: shuffled({ initDataObj: { goods, mall: { mallName: mall, mallID: mallId } } }, extra, ord),
          };
          const html = `<html><body><script>window.rawData = ${JSON.stringify(state)};</script></body></html>`;
          const readings = readPageSources(
            html,
            `https://mobile.yangkeduo.com/goods.html?goods_id=${goodsId}`,
            PDD_SOURCES,
          );
          const [listing] = readings.flatMap(listingsOf);
          expect(listing?.itemId).toBe(goodsId);
          expect(minor(listing?.price)).toBe(group);
          expect(minor(listing?.listPrice)).toBe(group + more);
          expect(listing?.seller).toBe(mall);
          expect(listing?.sellerId).toBe(mallId);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("readInlineState", () => {
  it("reads single quotes, unquoted keys, !0 / !1, trailing commas", () => {
    const html = `<script>var pageConfig = { product: { name: 'A \\'quoted\\' name', isSelf: !0, isPop: !1, cat: [1, 2, 3,], }, };</script>`;
    expect(readInlineState(html, "pageConfig")).toEqual({
      product: { name: "A 'quoted' name", isSelf: true, isPop: false, cat: [1, 2, 3] },
    });
  });

  it("keeps the literal members around a function call or a variable", () => {
    const html = `<script>var pageConfig = {a: getPrice(), b: "kept", c: someVar, d: [f(), 2], e: function(){ return 1 }};</script>`;
    expect(readInlineState(html, "pageConfig")).toEqual({ b: "kept", d: [undefined, 2] });
  });

  it("finds window.x =, window['x'] =, x = and a call's first argument", () => {
    expect(readInlineState(`<script>window["rawData"] = {a: 1};</script>`, "window.rawData")).toEqual({
      a: 1,
    });
    expect(readInlineState(`<script>window.rawData={a:2}</script>`, "window.rawData")).toEqual({ a: 2 });
    expect(readInlineState(`<script>rawData = {a: 3};</script>`, "window.rawData")).toEqual({ a: 3 });
    expect(readInlineState(`<script>TShop.Setup({a: 4});</script>`, "TShop.Setup")).toEqual({ a: 4 });
  });

  it("stops at the end of the script when the statement has no semicolon", () => {
    expect(readInlineState(`<script>var pageConfig = {a: 1}</script><p>x</p>`, "pageConfig")).toEqual({
      a: 1,
    });
  });

  it("does not take a name inside a string literal, a comment, a regex or the markup", () => {
    const html = [
      `<p>pageConfig = {markup: 1}</p>`,
      `<script>var s = "pageConfig = {inString: 1}"; var t = 'pageConfig = {single: 1}';`,
      "var u = `pageConfig = {template: 1}`; // pageConfig = {line: 1}",
      `/* pageConfig = {block: 1} */ var r = /pageConfig = {regex: 1}/; var q = a / b;`,
      `var pageConfig = {real: 1};</script>`,
    ].join("\n");
    expect(readInlineState(html, "pageConfig")).toEqual({ real: 1 });
  });

  it("does not take someone else's property (e.pageConfig =) or a comparison", () => {
    const html = `<script>e.pageConfig = {other: 1}; if (pageConfig == {x: 1}) {} var pageConfig = {real: 2};</script>`;
    expect(readInlineState(html, "pageConfig")).toEqual({ real: 2 });
  });

  it("reads state built in a function by a key at its top level ({loaderData})", () => {
    const html = `<script>var note = "loaderData: {fake: 1}";</script><script>!(function () {var a = window.__ICE_APP_CONTEXT__ || {};var b = {"appData":null,"x":"}{","loaderData":{"home":{"data":{"res":{"item":{"itemId":"1"}}}}},"routePath":"/home"};for (var k in a) {b[k] = a[k]}window.__ICE_APP_CONTEXT__=b;})();</script>`;
    const state = readInlineState(html, "{loaderData}");
    expect(valuesAt(state, "loaderData.home.data.res.item.itemId")).toEqual(["1"]);
    expect(valuesAt(state, "routePath")).toEqual(["/home"]);
  });

  it("{key} takes the object whose own member the key is, unquoted or quoted", () => {
    expect(readInlineState(`<script>x({outer: {loaderData: 1, y: 2}})</script>`, "{loaderData}")).toEqual({
      loaderData: 1,
      y: 2,
    });
    expect(readInlineState(`<script>var b = {'loaderData': [1]};</script>`, "{loaderData}")).toEqual({
      loaderData: [1],
    });
    expect(readInlineState(`<script>var b = {other: 1};</script>`, "{loaderData}")).toBeUndefined();
  });

  it("ignores __proto__ keys: nothing is polluted, nothing is inherited", () => {
    const html = `<script>var pageConfig = {"__proto__": {"polluted": 1}, constructor: "c", a: 1};</script>`;
    const state = readInlineState(html, "pageConfig") as Record<string, unknown>;
    expect(Object.keys(state).sort()).toEqual(["a", "constructor"]);
    expect(Object.hasOwn(state, "__proto__")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(valuesAt(state, "__proto__.polluted")).toEqual([]);
  });

  it("bounds hostile nesting: no throw, no stack overflow, depth cut", () => {
    const deep = (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`;
    for (const n of [100, 5_000, 200_000]) {
      const html = `<script>var pageConfig = {a: ${deep(n)}, b: "kept"};</script>`;
      const started = Date.now();
      const state = readInlineState(html, "pageConfig") as Record<string, unknown> | undefined;
      expect(Date.now() - started).toBeLessThan(5_000);
      if (state !== undefined) {
        let depth = 0;
        for (let v: unknown = state.a; Array.isArray(v); v = v[0]) depth++;
        expect(depth).toBeLessThanOrEqual(65);
      }
    }
    const keyed = `<script>var b = {${"a:{".repeat(100_000)}loaderData: 1${"}".repeat(100_000)}};</script>`;
    expect(() => readInlineState(keyed, "{loaderData}")).not.toThrow();
  });

  it("reads a bare .js body (no <script>) as code", () => {
    expect(readInlineState(`var pageConfig = {a: 'x'};`, "pageConfig")).toEqual({ a: "x" });
  });
});

describe("field paths and values", () => {
  it("@json parses a JSON string and passes an already parsed object through", () => {
    expect(valuesAt({ v: '{"p":{"t":"1"}}' }, "v.@json.p.t")).toEqual(["1"]);
    expect(valuesAt({ v: { p: { t: "2" } } }, "v.@json.p.t")).toEqual(["2"]);
  });

  it("@entries turns flags into key-value strings a value map can read", () => {
    expect(
      valuesAt({ d: { isOtcDrug: false, isPrescriptionDrug: true, n: 2, o: {} } }, "d.@entries"),
    ).toEqual(["isOtcDrug-false", "isPrescriptionDrug-true", "n-2"]);
  });

  it.each([
    ["有货", "InStock"],
    ["有货(限购10件)", "InStock"],
    ["有货（限购10件）", "InStock"],
    ["库存紧张", "InStock"],
    ["即将售罄", "InStock"],
    ["仅剩3件", "InStock"],
    ["<strong>有货</strong>", "InStock"],
    ["现货", "InStock"],
    ["无货", "OutOfStock"],
    ["无货(限购10件)", "OutOfStock"],
    ["售罄", "OutOfStock"],
    ["已售罄", "OutOfStock"],
    ["暂时无货", "OutOfStock"],
    ["该商品在某些地区有货，某些地区已经售罄，请选择其他地区查看库存情况后下单购买", null],
  ])("stock word %s → %s", (word, state) => {
    expect(availabilityOf(word, undefined)).toBe(state);
  });

  it("decodes a URL-encoded seller name, leaves other names alone", () => {
    expect(
      sellerText("%E7%BE%8E%E7%89%B9%E6%96%AF%E9%82%A6%E5%A8%81%E5%AE%98%E6%96%B9%E7%BD%91%E5%BA%97"),
    ).toBe("美特斯邦威官方网店");
    // GBK-encoded: not UTF-8, kept as written rather than turned into mojibake.
    expect(sellerText("%C3%C0%CC%D8%CB%B9")).toBe("%C3%C0%CC%D8%CB%B9");
    expect(sellerText("100%纯棉旗舰店")).toBe("100%纯棉旗舰店");
    expect(sellerText("Apple 产品京东自营旗舰店")).toBe("Apple 产品京东自营旗舰店");
  });
});

// ---------------------------------------------------------------------------------------------
// Shapes the captures' authors reported besides the files (test/fixtures/marketplaces/README.md).

describe("block and mask shapes reported with the captures", () => {
  const h5 =
    "https://h5api.m.taobao.com/h5/mtop.taobao.detail.getdetail/6.0/?data=%7B%22itemNumId%22%3A%221%22%7D";
  it.each([
    [
      "both codes in one ret",
      `{"ret":["FAIL_SYS_USER_VALIDATE","RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试"],"data":{}}`,
      "blocked",
    ],
    [
      "inside mtopjsonpN(...)",
      `mtopjsonp3({"ret":["RGV587_ERROR::SM::哎哟喂,被挤爆啦"],"data":{}})`,
      "blocked",
    ],
    [
      "a token expired (with its suffix)",
      `mtopjsonp1({"ret":["FAIL_SYS_TOKEN_EXOIRED::令牌过期"],"data":{}})`,
      "login_required",
    ],
    [
      "a captcha action",
      `{"ret":["SUCCESS::调用成功"],"data":{"action":"captcharecaptcha","url":"https://x"}}`,
      "blocked",
    ],
  ])("Taobao: %s", (_, body, outcome) => {
    expect(readResponse(response(h5, body), TAOBAO_SOURCES, null)?.kind).toBe(outcome);
  });

  it('JD api.m.jd.com: {"code":"1","echo":"no access"} is a refusal', () => {
    const url = "https://api.m.jd.com/api?appid=search-pc-java&functionId=pc_search_searchWare&body=%7B%7D";
    expect(readResponse(response(url, `{"code":"1","echo":"no access"}`), JD_SOURCES, null)?.kind).toBe(
      "blocked",
    );
  });

  it("JD: an x-rp-content header (base64 with or without padding) is the human check", () => {
    const url =
      "https://api.m.jd.com/?functionId=pc_detailpage_wareBusiness&body=%7B%22skuId%22%3A%221%22%7D";
    for (const header of ["eyJhIjoxfQ==", "eyJhIjoxfQ"])
      expect(readResponse(response(url, "", 200, { "x-rp-content": header }), JD_SOURCES, null)?.kind).toBe(
        "blocked",
      );
  });

  it("PDD: 40001 from the goods page's render call is a login wall", () => {
    const url = "https://mobile.yangkeduo.com/proxy/api/api/oak/integration/render?pdduid=0";
    const body = `{"success":false,"error_code":40001,"error_msg":"请登录后再操作"}`;
    expect(readResponse(response(url, body, 403), PDD_SOURCES, null)?.kind).toBe("login_required");
  });

  const page = (url: string, html: string, profile: string) =>
    observePage(
      { url, finalUrl: url, body: html, fullBody: () => html },
      { profile, sources: mergeSources(profile, []) },
    );

  it.each([
    [
      '"priceFloor":"1??9"',
      `window._itemOnly = {"item":{"skuName":"x"},"price":{"priceFloor":"1??9","urgeLogin":true}};`,
    ],
    ['"priceFloor":"5?"', `window._itemOnly = {"price":{"priceFloor":"5?"}};`],
    ['"urgeLogin":true', `window._itemOnly = {"price":{"p":"","urgeLogin":true}};`],
    ['"jdPrice":"2??"', `window._itemInfo = {"jdPrice":"2??"};`],
  ])("JD mobile: a masked price (%s) is a login wall", (_, script) => {
    const seen = page(
      "https://item.m.jd.com/product/100012345.html",
      `<html><body><script>${script}</script></body></html>`,
      "jd",
    );
    expect(seen).toMatchObject({ kind: "unseen", outcome: "login_required" });
  });

  it("JD PC: 登录查看价格 shown in the price slot is a login wall", () => {
    const html = `<html><body><div class="sku-name">x</div><span class="p-price"><span class="price">登录查看价格</span></span></body></html>`;
    expect(page("https://item.jd.com/100012345.html", html, "jd")).toMatchObject({
      kind: "unseen",
      outcome: "login_required",
    });
  });

  it("JD mobile: 登录查看价格 alone (signed in too) is not a login wall", () => {
    const html = `<html><body><script>window._itemOnly = {"price":{"priceLoginText":"登录查看价格"}};</script></body></html>`;
    expect(page("https://item.m.jd.com/product/100012345.html", html, "jd").kind).toBe("item");
  });

  it('PDD: a goods page with "needLogin":true is a login wall; the bare shell is not', () => {
    const url = "https://mobile.yangkeduo.com/goods.html?goods_id=123";
    const wall = `<html><body><script>window.rawData = {"store":{"initDataObj":{"needLogin":true}}};</script></body></html>`;
    expect(page(url, wall, "pdd")).toMatchObject({ kind: "unseen", outcome: "login_required" });
    expect(page(url, `<html><body><div id="main"></div></body></html>`, "pdd").kind).toBe("item");
  });

  it("Taobao: SUCCESS with empty data is a refusal, in either key order; a nested empty data is not", () => {
    for (const body of [
      `{"ret":["SUCCESS::调用成功"],"data":{}}`,
      `mtopjsonp2({"data": {}, "api":"x", "ret": ["SUCCESS::调用成功"]})`,
    ])
      expect(readResponse(response(h5, body), TAOBAO_SOURCES, null)?.kind).toBe("blocked");
    const real = JSON.stringify({
      ret: ["SUCCESS::调用成功"],
      data: {
        item: { itemId: "1", title: "t" },
        seller: { shopName: "s", userId: "2" },
        apiStack: [
          { name: "esi", value: { price: { price: { priceText: "9.9" } }, vertical: { data: {} } } },
        ],
        padding: "x".repeat(2000),
      },
    });
    expect(readResponse(response(h5, real), TAOBAO_SOURCES, null)?.kind).toBe("item");
  });

  it("a to-hand price above the selling price is not taken as one", () => {
    const url =
      "https://h5api.m.taobao.com/h5/mtop.taobao.pcdetail.data.get/1.0/?data=%7B%22id%22%3A%221%22%7D";
    const body = JSON.stringify({
      ret: ["SUCCESS::调用成功"],
      data: {
        item: { itemId: "1", title: "t" },
        componentsVO: {
          priceVO: { price: { priceText: "29.9" }, extraPrice: { priceText: "39.9", priceTitle: "优惠前" } },
        },
      },
    });
    const [listing] = listingsOf(readResponse(response(url, body), TAOBAO_SOURCES, null));
    expect(listing?.price).toBe("29.9");
    expect(listing?.finalPrice).toBeNull();
  });
});
