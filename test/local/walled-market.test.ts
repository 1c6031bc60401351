import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AREA, WALLED_SKU } from "../../functions/local/walled-market/catalog.js";
import { LOGIN_STUB } from "../../functions/local/walled-market/pages/login-stub.js";
import { WALLED_BRAND_KEYWORD, WALLED_TRUTH } from "../../functions/local/walled-market/truth.js";
import type { WalledSession } from "../../functions/local/walled-market/walled-market.js";
import { startWalledMarket, type WalledMarket } from "../../functions/local/walled-market/walled-market.js";

/** The market's clock: tests move it instead of sleeping. */
let clock = Date.UTC(2026, 5, 1, 2, 0, 0);
const now = () => clock;

let market: WalledMarket;
const extraMarkets: WalledMarket[] = [];

beforeAll(async () => {
  market = await startWalledMarket({ port: 0, now });
});

afterEach(() => {
  // Every test starts outside any earlier test's rate-limit window.
  clock += 60 * 60_000;
});

afterAll(async () => {
  await market?.close();
  for (const m of extraMarkets) await m.close();
});

async function startOther(options: Parameters<typeof startWalledMarket>[0]): Promise<WalledMarket> {
  const m = await startWalledMarket({ port: 0, now, ...options });
  extraMarkets.push(m);
  return m;
}

function cookieOf(session: WalledSession | null): Record<string, string> {
  if (!session) return {};
  return { cookie: session.storageState.cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
}

interface Got {
  status: number;
  body: string;
  bytes: Buffer;
  headers: Headers;
}

async function get(url: string, session: WalledSession | null = null): Promise<Got> {
  const res = await fetch(url, { headers: cookieOf(session), redirect: "manual" });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: bytes.toString("utf8"), bytes, headers: res.headers };
}

type Sign = (functionId: string, appid: string, body: string, t: number) => string;

/** Runs only the page's own signing script (`<script id="J-psign">`) and returns its sign function. */
function pageSigner(html: string): Sign {
  const m = /<script id="J-psign">([\s\S]*?)<\/script>/.exec(html);
  if (!m?.[1]) throw new Error("no signing script on the page");
  const fakeWindow: { PSign?: { sign: Sign } } = {};
  new Function("window", m[1])(fakeWindow);
  if (!fakeWindow.PSign) throw new Error("the signing script defined no PSign");
  return fakeWindow.PSign.sign;
}

function apiUrl(
  m: WalledMarket,
  appid: string,
  functionId: string,
  body: string,
  t: number,
  h5st: string | null,
) {
  const q = new URLSearchParams({ appid, functionId, body, t: String(t) });
  if (h5st !== null) q.set("h5st", h5st);
  return `${m.url}/api?${q.toString()}`;
}

/** Loads an item page as the session and calls wareBusiness the way its script does. */
async function wareBusiness(
  m: WalledMarket,
  session: WalledSession,
  skuId: string,
  area: string = AREA.beijing,
) {
  const page = await get(m.itemUrl(skuId), session);
  expect(page.status).toBe(200);
  const sign = pageSigner(page.body);
  const body = JSON.stringify({ skuId: Number(skuId), area });
  const t = clock;
  const url = apiUrl(
    m,
    "pc-item-soa",
    "pc_detailpage_wareBusiness",
    body,
    t,
    sign("pc_detailpage_wareBusiness", "pc-item-soa", body, t),
  );
  return { page, url, res: await get(url, session) };
}

describe("signed out", () => {
  it("answers every item and search URL, real or not, with the same ~5 KB login stub", async () => {
    const real = await get(market.itemUrl(WALLED_SKU.officialGlu50));
    const unknown = await get(market.itemUrl("999999999999"));
    const search = await get(market.searchUrl(WALLED_BRAND_KEYWORD));
    for (const r of [real, unknown, search]) {
      expect(r.status).toBe(200);
      expect(r.bytes.equals(real.bytes)).toBe(true);
    }
    expect(real.body).toBe(LOGIN_STUB);
    expect(real.bytes.length).toBeGreaterThan(4_000);
    expect(real.bytes.length).toBeLessThan(7_000);
    expect(real.body).toContain("<title>京东-欢迎登录</title>");
    expect(real.body).toContain("请登录后查看");
    expect(real.body).not.toMatch(/[¥￥]\s*\d/);
    expect(real.body).not.toContain("pageConfig");
  });

  it("masks the price on the mobile page: first digit, then ?", async () => {
    const r = await get(market.mobileItemUrl(WALLED_SKU.officialGlu50));
    expect(r.status).toBe(200);
    const m = /window\._itemInfo = (\{.*?\});<\/script>/.exec(r.body);
    expect(m?.[1]).toBeDefined();
    const info = JSON.parse(m?.[1] ?? "{}");
    expect(info).toMatchObject({
      skuName: "安可血糖试纸 50片 瓶装 适用安可GS系列血糖仪 家用免调码",
      shopName: "安可京东自营旗舰店",
      venderId: "1000012345",
      jdPrice: "1??",
      priceLoginText: "登录查看价格",
      urgeLogin: true,
    });
    expect(r.body).not.toContain("199");
    const rx = JSON.parse(
      /window\._itemInfo = (\{.*?\});/.exec(
        (await get(market.mobileItemUrl(WALLED_SKU.officialMetRx))).body,
      )?.[1] ?? "{}",
    );
    expect(rx.jdPrice).toBe("5?");
  });

  it("shows the mobile price to a signed-in shopper", async () => {
    const session = market.createSession();
    const r = await get(market.mobileItemUrl(WALLED_SKU.officialGlu50), session);
    const info = JSON.parse(/window\._itemInfo = (\{.*?\});/.exec(r.body)?.[1] ?? "{}");
    expect(info).toMatchObject({ jdPrice: "199.00", urgeLogin: false, stockState: 33 });
  });
});

describe("signed-in item page", () => {
  it("is a shell: pageConfig in single-quoted JS, shop link, an empty price slot, other items' prices as traps", async () => {
    const session = market.createSession();
    const sku = WALLED_SKU.officialGlu50;
    const r = await get(market.itemUrl(sku), session);
    expect(r.status).toBe(200);
    expect(r.bytes.length).toBeGreaterThan(50_000);
    expect(r.body).toMatch(/<script charset="gbk">var pageConfig = \{/);
    expect(r.body).toContain(`skuid: ${sku},`);
    expect(r.body).toContain("name: '安可血糖试纸 50片 瓶装 适用安可GS系列血糖仪 家用免调码',");
    expect(r.body).toContain("shopId: '1000012345',");
    expect(r.body).toContain("venderId: 1000012345,");
    expect(r.body).toMatch(/specialAttrs: \['isPrescriptCat-0','isOTCCat-0',/);
    expect(r.body).toContain("isSelf: !0,");
    expect(r.body).toContain("warestatus: 1,");
    expect(r.body).toMatch(
      /<a href="\/\/127\.0\.0\.1:\d+\/mall\/index-1000012345\.html" target="_blank" title="安可京东自营旗舰店" clstag="shangpin\|keycount\|product\|dianpuname1">/,
    );
    expect(r.body).toContain(`<span class="price J-p-${sku}"></span>`);
    // A distributor's listing sits in the sidebar with its price, under its own J-p- class.
    expect(r.body).toContain(`<strong class="J-p-${WALLED_SKU.distributorGlu50}">￥139.00</strong>`);
    expect(r.body).toContain("pc_detailpage_wareBusiness");
    expect(r.body).toContain("<title>安可血糖试纸 50片");
  });

  it("flags the prescription drug and shows the Rx notice", async () => {
    const session = market.createSession();
    const r = await get(market.itemUrl(WALLED_SKU.officialMetRx), session);
    expect(r.body).toContain("'isPrescriptCat-1'");
    expect(r.body).toContain("处方药须凭处方在药师指导下购买和使用");
  });

  it("answers 404 for the listing that exists only in search results", async () => {
    const session = market.createSession();
    const r = await get(market.itemUrl(WALLED_SKU.searchOnlyStranger), session);
    expect(r.status).toBe(404);
    expect(r.body).toContain("页面不存在");
  });

  it("gives each load a different nonce", async () => {
    const session = market.createSession();
    const a = await get(market.itemUrl(WALLED_SKU.officialGlu50), session);
    const b = await get(market.itemUrl(WALLED_SKU.officialGlu50), session);
    const script = (html: string) => /<script id="J-psign">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(script(a.body)).not.toBe(script(b.body));
  });
});

describe("API", () => {
  it("accepts a call signed by the page's own script, once", async () => {
    const session = market.createSession();
    const { url, res } = await wareBusiness(market, session, WALLED_SKU.officialGlu50);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      price: {
        id: WALLED_SKU.officialGlu50,
        p: "199.00",
        op: "239.00",
        finalPrice: { price: "179.00", priceContent: "到手价" },
      },
      preferenceVO: { sharedLabel: [{ text: "满199减20", shortText: "满199减20" }], againSharedLabel: [] },
      colorSizeVO: { stockInfo: { [WALLED_SKU.officialGlu50]: { stockState: 33 } } },
      stockInfo: { stockState: 33, stockDesc: "<strong>有货</strong>", area: AREA.beijing },
      wareInfoReadMap: {
        sku_id: WALLED_SKU.officialGlu50,
        sku_name: "安可血糖试纸 50片 瓶装 适用安可GS系列血糖仪 家用免调码",
        shop_name: "安可京东自营旗舰店",
        vender_id: "1000012345",
        is_self: "1",
      },
      pageConfigVO: { shopId: "1000012345", isSelf: true },
    });
    // The same signed URL again: the nonce is used up.
    const again = await get(url, session);
    expect(again.status).toBe(403);
    expect(again.bytes.length).toBe(0);
  });

  it("refuses a missing, wrong, foreign or signed-out call with an empty 403", async () => {
    const session = market.createSession();
    const other = market.createSession();
    const page = await get(market.itemUrl(WALLED_SKU.officialGlu50), session);
    const sign = pageSigner(page.body);
    const body = JSON.stringify({ skuId: Number(WALLED_SKU.officialGlu50), area: AREA.beijing });
    const t = clock;
    const good = sign("pc_detailpage_wareBusiness", "pc-item-soa", body, t);
    const parts = good.split(";");
    const tampered = [...parts.slice(0, 3), "0123456789abcdef", ...parts.slice(4)].join(";");
    const calls: Array<[string | null, WalledSession | null, string]> = [
      [null, session, body],
      ["not-a-token", session, body],
      [tampered, session, body],
      // Signed for another body.
      [good, session, JSON.stringify({ skuId: Number(WALLED_SKU.distributorGlu50), area: AREA.beijing })],
      // Issued to another session.
      [good, other, body],
      [good, null, body],
    ];
    for (const [h5st, who, b] of calls) {
      const r = await get(apiUrl(market, "pc-item-soa", "pc_detailpage_wareBusiness", b, t, h5st), who);
      expect(r.status).toBe(403);
      expect(r.bytes.length).toBe(0);
    }
    // None of those used the nonce up.
    const ok = await get(apiUrl(market, "pc-item-soa", "pc_detailpage_wareBusiness", body, t, good), session);
    expect(ok.status).toBe(200);
  });

  it("computes the same token as the page when done by hand (FNV-1a over nonce, call and t)", async () => {
    const { h5stSignature } = await import("../../functions/local/walled-market/token.js");
    const session = market.createSession();
    const page = await get(market.itemUrl(WALLED_SKU.officialGlu50), session);
    const script = /<script id="J-psign">([\s\S]*?)<\/script>/.exec(page.body)?.[1] ?? "";
    const codes = JSON.parse(/_k=(\[[\d,]+\])/.exec(script)?.[1] ?? "[]") as number[];
    const key = Number(/_x=(\d+)/.exec(script)?.[1]);
    const nonce = codes
      .map((c) => String.fromCharCode(c ^ key))
      .reverse()
      .join("");
    const body = '{"skuId":100061238801}';
    const t = "1780000000000";
    const h5st = pageSigner(page.body)("pc_detailpage_wareBusiness", "pc-item-soa", body, Number(t));
    expect(h5st.split(";")[3]).toBe(h5stSignature(nonce, "pc_detailpage_wareBusiness", body, t));
    expect(h5st.split(";")[0]).toBe("20260529042640000");
  });

  it("agrees with WALLED_TRUTH for every listing with a page, in its area", async () => {
    const m = await startOther({ pagesPerMinute: 1_000 });
    const beijing = m.createSession();
    const guangdong = m.createSession({ area: AREA.guangdong });
    for (const truth of WALLED_TRUTH) {
      if (!truth.itemPath) continue;
      const { page, res } = await wareBusiness(m, beijing, truth.skuId);
      expect(page.body).toContain(`<span class="ship-from">${truth.shipFrom}</span>`);
      expect(page.body).toContain(`title="${truth.seller}" clstag="shangpin|keycount|product|dianpuname1"`);
      expect(page.body.includes("'isPrescriptCat-1'")).toBe(truth.drugClass === "rx");
      const d = JSON.parse(res.body);
      expect(d.price.p, truth.skuId).toBe(truth.price);
      expect(d.price.op).toBe(truth.listPrice);
      expect(d.price.finalPrice?.price ?? null).toBe(truth.finalPrice);
      expect(d.preferenceVO.sharedLabel.map((l: { text: string }) => l.text)).toEqual(truth.promotions);
      expect(d.colorSizeVO.stockInfo[truth.skuId].stockState).toBe(
        truth.availability === "InStock" ? 33 : 34,
      );
      expect(d.wareInfoReadMap).toMatchObject({
        shop_name: truth.seller,
        vender_id: truth.venderId,
        sku_name: truth.title,
      });
      expect(d.pageConfigVO.shopId).toBe(truth.shopId);
      if (truth.areaVariant) {
        const variant = await wareBusiness(m, guangdong, truth.skuId, truth.areaVariant.area);
        const v = JSON.parse(variant.res.body);
        expect(v.price.p).toBe(truth.areaVariant.price);
        expect(v.price.finalPrice?.price ?? null).toBe(truth.areaVariant.finalPrice);
      }
    }
  });

  it("prices by the session's area cookie when the page sends it", async () => {
    const session = market.createSession({ area: AREA.guangdong });
    expect(session.storageState.cookies.find((c) => c.name === "ipLoc-djd")?.value).toBe(
      "19-1607-4773-62123",
    );
    const page = await get(market.itemUrl(WALLED_SKU.officialBpmAreaPriced), session);
    // The page's script sends the area it was given.
    expect(page.body).toContain("area='19_1607_4773_62123'");
    const { res } = await wareBusiness(market, session, WALLED_SKU.officialBpmAreaPriced, AREA.guangdong);
    expect(JSON.parse(res.body).price).toMatchObject({ p: "289.00", finalPrice: { price: "269.00" } });
  });

  it("answers the out-of-stock item with stockState 34 and no to-hand price", async () => {
    const session = market.createSession();
    const { res } = await wareBusiness(market, session, WALLED_SKU.officialGlu100OutOfStock);
    const d = JSON.parse(res.body);
    expect(d.stockInfo.stockState).toBe(34);
    expect(d.price.finalPrice).toBeUndefined();
  });
});

describe("search", () => {
  async function searchWare(session: WalledSession, page: number) {
    const shell = await get(market.searchUrl(WALLED_BRAND_KEYWORD, page), session);
    expect(shell.status).toBe(200);
    const body = JSON.stringify({ keyword: WALLED_BRAND_KEYWORD, page, area: AREA.beijing });
    const t = clock;
    const sign = pageSigner(shell.body);
    const res = await get(
      apiUrl(
        market,
        "search-pc-java",
        "pc_search_searchWare",
        body,
        t,
        sign("pc_search_searchWare", "search-pc-java", body, t),
      ),
      session,
    );
    expect(res.status).toBe(200);
    return { shell, data: JSON.parse(res.body).data };
  }

  it("pages the brand search with ads, one repeating an organic row, and highlights the keyword", async () => {
    const session = market.createSession();
    const one = await searchWare(session, 1);
    const two = await searchWare(session, 2);
    expect(one.data.pageCount).toBe(2);
    expect(one.shell.body).toContain('class="pn-next"');
    expect(two.shell.body).not.toContain('<a class="pn-next"');
    for (const { data } of [one, two]) {
      expect(data.wareList.length).toBeGreaterThanOrEqual(10);
      expect(data.wareList.length).toBeLessThanOrEqual(30);
      const ads = data.wareList.filter((w: { isAdvertise: boolean }) => w.isAdvertise);
      expect(ads.map((w: { wareId: string }) => w.wareId)).toEqual([
        WALLED_SKU.officialGlu50,
        WALLED_SKU.otherBrandAd,
      ]);
    }
    const organicOne = one.data.wareList.filter((w: { isAdvertise: boolean }) => !w.isAdvertise);
    expect(organicOne.map((w: { wareId: string }) => w.wareId)).toContain(WALLED_SKU.officialGlu50);
    const first = organicOne.find((w: { wareId: string }) => w.wareId === WALLED_SKU.officialGlu50);
    expect(first).toMatchObject({
      wareName:
        '<font class="skcolor_ljg">安可</font>血糖试纸 50片 瓶装 适用<font class="skcolor_ljg">安可</font>GS系列血糖仪 家用免调码',
      jdPrice: "199.00",
      shopName: "安可京东自营旗舰店",
      shopId: "1000012345",
      venderId: "1000012345",
      isAdvertise: false,
    });
    // The search-only stranger is on page 2 with its price; the to-hand listing shows its list price.
    expect(
      two.data.wareList.find((w: { wareId: string }) => w.wareId === WALLED_SKU.searchOnlyStranger),
    ).toMatchObject({
      jdPrice: "119.00",
      shopName: "优品医疗器械专营店",
      shopId: "10087",
    });
    expect(
      one.data.wareList.find((w: { wareId: string }) => w.wareId === WALLED_SKU.toHandBelowFloor).jdPrice,
    ).toBe("169.00");
    // Every planted listing is where the truth says.
    for (const truth of WALLED_TRUTH) {
      const rows = [...one.data.wareList, ...two.data.wareList].filter(
        (w: { wareId: string }) => w.wareId === truth.skuId,
      );
      expect(
        rows.some((w: { isAdvertise: boolean }) => !w.isAdvertise),
        truth.skuId,
      ).toBe(truth.search.organic);
      expect(
        rows.some((w: { isAdvertise: boolean }) => w.isAdvertise),
        truth.skuId,
      ).toBe(truth.search.ad);
    }
  });
});

describe("rate limit", () => {
  it("puts a session on the risk page after 10 pages a minute, API included, until the cool-down has passed", async () => {
    const session = market.createSession();
    const other = market.createSession();
    // API calls do not count as page loads.
    for (let i = 0; i < 15; i++)
      await get(apiUrl(market, "pc-item-soa", "pc_detailpage_wareBusiness", "{}", clock, "x"), session);
    for (let i = 0; i < 10; i++) {
      clock += 2_000;
      const r = await get(
        i % 2 ? market.searchUrl(WALLED_BRAND_KEYWORD) : market.itemUrl(WALLED_SKU.officialGlu50),
        session,
      );
      expect(r.body).not.toContain("京东验证");
    }
    // The 11th page load within a minute.
    clock += 2_000;
    const risk = await get(market.itemUrl(WALLED_SKU.distributorGlu50), session);
    expect(risk.status).toBe(200);
    expect(risk.body).toContain("<title>京东验证</title>");
    expect(risk.body).toContain("验证后继续访问");
    expect((await get(market.searchUrl(WALLED_BRAND_KEYWORD), session)).body).toContain("京东验证");
    // Another session is not affected.
    expect((await get(market.itemUrl(WALLED_SKU.officialGlu50), other)).body).toContain("pageConfig");

    const api = await get(
      apiUrl(market, "pc-item-soa", "pc_detailpage_wareBusiness", "{}", clock, "x"),
      session,
    );
    expect(api.status).toBe(200);
    expect(api.bytes.length).toBe(0);
    const rp = JSON.parse(Buffer.from(api.headers.get("x-rp-content") ?? "", "base64").toString("utf8"));
    expect(rp).toMatchObject({ code: "605", disposal: { title: "京东验证" } });

    clock += 14 * 60_000;
    expect((await get(market.itemUrl(WALLED_SKU.officialGlu50), session)).body).toContain("京东验证");
    clock += 60_000;
    const back = await get(market.itemUrl(WALLED_SKU.officialGlu50), session);
    expect(back.body).toContain("pageConfig");
    expect(back.body).not.toContain("京东验证");

    const mine = market.requests().filter((r) => r.sessionId === session.id);
    expect(mine.filter((r) => r.kind === "api")).toHaveLength(15);
    expect(mine.filter((r) => r.kind === "item" || r.kind === "search")).toHaveLength(11);
    expect(mine.filter((r) => r.kind === "risk")).toHaveLength(4);
  });

  it("counts loads within a sliding 60 s window and honours the configured limit", async () => {
    const m = await startOther({ pagesPerMinute: 3, coolDownMs: 60_000 });
    const session = m.createSession();
    const ok = async () =>
      (await get(m.itemUrl(WALLED_SKU.officialGlu50), session)).body.includes("pageConfig");
    expect(await ok()).toBe(true);
    clock += 30_000;
    expect(await ok()).toBe(true);
    expect(await ok()).toBe(true);
    // The first load leaves the window 60 s after it: one more fits.
    clock += 30_001;
    expect(await ok()).toBe(true);
    expect(await ok()).toBe(false);
    clock += 59_999;
    expect(await ok()).toBe(false);
    clock += 1;
    expect(await ok()).toBe(true);
  });
});

describe("sessions", () => {
  it("treats an expired or signed-out session as signed out", async () => {
    const session = market.createSession({ expiresInMs: 60_000 });
    const cookie = session.storageState.cookies.find((c) => c.name === "pw_sid");
    expect(cookie).toMatchObject({
      domain: "127.0.0.1",
      path: "/",
      expires: Math.floor((clock + 60_000) / 1000),
      httpOnly: true,
      secure: false,
      sameSite: "Lax",
    });
    expect(session.storageState.origins).toEqual([]);
    expect((await get(market.itemUrl(WALLED_SKU.officialGlu50), session)).body).toContain("pageConfig");
    clock += 60_000;
    expect((await get(market.itemUrl(WALLED_SKU.officialGlu50), session)).body).toBe(LOGIN_STUB);

    const forever = market.createSession();
    expect(forever.storageState.cookies.every((c) => c.expires === -1)).toBe(true);
    expect((await get(market.searchUrl(WALLED_BRAND_KEYWORD), forever)).body).toContain("J-psign");
    market.expireSession(forever.id);
    expect((await get(market.searchUrl(WALLED_BRAND_KEYWORD), forever)).body).toBe(LOGIN_STUB);
    const api = await get(
      apiUrl(market, "pc-item-soa", "pc_detailpage_wareBusiness", "{}", clock, "x"),
      forever,
    );
    expect(api.status).toBe(403);
  });

  it("signs a person in through the /login form with password demo", async () => {
    const form = (password: string) =>
      fetch(`${market.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          username: "tester",
          password,
          area: AREA.guangdong,
          ReturnUrl: `/item/${WALLED_SKU.officialBpmAreaPriced}.html`,
        }).toString(),
      });
    const wrong = await form("nope");
    expect(wrong.status).toBe(200);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect(await wrong.text()).toContain("账户名与密码不匹配");

    const right = await form("demo");
    expect(right.status).toBe(302);
    expect(right.headers.get("location")).toBe(`/item/${WALLED_SKU.officialBpmAreaPriced}.html`);
    const cookies = right.headers.getSetCookie();
    expect(cookies.some((c) => /^pw_sid=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/.test(c))).toBe(true);
    expect(cookies).toContain("ipLoc-djd=19-1607-4773-62123; Path=/; SameSite=Lax");
    const cookie = cookies.map((c) => c.split(";")[0]).join("; ");
    const page = await fetch(`${market.url}/item/${WALLED_SKU.officialBpmAreaPriced}.html`, {
      headers: { cookie },
    });
    const html = await page.text();
    expect(html).toContain("你好，tester");
    expect(html).toContain("area='19_1607_4773_62123'");

    // An off-site return address is not followed.
    const offsite = await fetch(`${market.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "x", password: "demo", ReturnUrl: "//evil.example/" }).toString(),
    });
    expect(offsite.headers.get("location")).toBe("/");
  });
});

describe("request log", () => {
  it("records who asked for what, what kind of answer it got and when, by the market's clock", async () => {
    const m = await startOther({});
    const session = m.createSession();
    const t0 = clock;
    await get(m.itemUrl(WALLED_SKU.officialGlu50));
    clock += 5_000;
    await wareBusiness(m, session, WALLED_SKU.officialGlu50);
    clock += 5_000;
    await get(m.searchUrl(WALLED_BRAND_KEYWORD), session);
    await get(`${m.url}/login`);
    await get(`${m.url}/nowhere`);
    expect(m.requests()).toEqual([
      { at: t0, sessionId: null, kind: "stub", path: `/item/${WALLED_SKU.officialGlu50}.html`, status: 200 },
      {
        at: t0 + 5_000,
        sessionId: session.id,
        kind: "item",
        path: `/item/${WALLED_SKU.officialGlu50}.html`,
        status: 200,
      },
      {
        at: t0 + 5_000,
        sessionId: session.id,
        kind: "api",
        path: expect.stringMatching(
          /^\/api\?appid=pc-item-soa&functionId=pc_detailpage_wareBusiness&body=.*&t=\d+&h5st=/,
        ),
        status: 200,
      },
      {
        at: t0 + 10_000,
        sessionId: session.id,
        kind: "search",
        path: `/search?keyword=${encodeURIComponent(WALLED_BRAND_KEYWORD)}&page=1`,
        status: 200,
      },
      { at: t0 + 10_000, sessionId: null, kind: "login", path: "/login", status: 200 },
      { at: t0 + 10_000, sessionId: null, kind: "other", path: "/nowhere", status: 404 },
    ]);
    m.clearRequests();
    expect(m.requests()).toEqual([]);
  });
});
