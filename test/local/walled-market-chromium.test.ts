import type { Browser, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/crawl/render/chromium-launch.js";
import { WALLED_SKU } from "../../functions/local/walled-market/catalog.js";
import { startWalledMarket, type WalledMarket } from "../../functions/local/walled-market/walled-market.js";

let market: WalledMarket;
let browser: Browser;

beforeAll(async () => {
  market = await startWalledMarket({ port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await market?.close();
});

describe("walled market in Chromium", () => {
  it("with a session's storage state, the pages' own scripts sign the API calls and fill the price slot and the rows", async () => {
    const session = market.createSession();
    const context = await browser.newContext({ storageState: session.storageState });
    try {
      const page = await context.newPage();
      const sku = WALLED_SKU.toHandBelowFloor;
      const apiResponse = new Promise<Response>((resolve) => {
        page.on("response", (r) => {
          if (r.url().includes("functionId=pc_detailpage_wareBusiness")) resolve(r);
        });
      });
      await page.goto(market.itemUrl(sku), { waitUntil: "load" });
      const response = await apiResponse;
      expect(response.status()).toBe(200);
      const url = new URL(response.url());
      expect(url.origin).toBe(market.url);
      expect(url.pathname).toBe("/api");
      expect(url.searchParams.get("appid")).toBe("pc-item-soa");
      expect(JSON.parse(url.searchParams.get("body") ?? "{}")).toMatchObject({
        skuId: Number(sku),
        area: "1_72_55653_0",
      });
      expect(url.searchParams.get("h5st")?.split(";")).toHaveLength(6);
      expect(await response.json()).toMatchObject({
        price: { p: "169.00", finalPrice: { price: "149.00", priceContent: "到手价" } },
        wareInfoReadMap: { shop_name: "益康健康馆" },
        pageConfigVO: { shopId: "10093" },
      });

      await page.waitForFunction(() => document.documentElement.getAttribute("data-ware") !== null);
      expect(await page.getAttribute("html", "data-ware")).toBe("ok");
      expect(await page.textContent(`.J-p-${sku}`)).toBe("169.00");
      expect(await page.textContent(`.J-final-${sku}`)).toBe("到手价 ￥149.00");
      expect(await page.textContent(`.J-store-${sku}`)).toBe("有货");
      expect(await page.textContent("#J-prom")).toBe("满299减30");

      // The search shell renders its rows from pc_search_searchWare the same way.
      await page.goto(market.searchUrl("安可"), { waitUntil: "load" });
      await page.waitForFunction(() => document.documentElement.getAttribute("data-ware") !== null);
      expect(await page.getAttribute("html", "data-ware")).toBe("ok");
      expect(await page.locator("li.gl-item[data-sku]").count()).toBe(14);
      expect(await page.locator(".p-promo-flag").count()).toBe(2);
      expect(await page.locator(".p-name em font.skcolor_ljg").first().textContent()).toBe("安可");
      expect(await page.getAttribute("a.pn-next", "href")).toBe(
        `/search?keyword=${encodeURIComponent("安可")}&page=2`,
      );

      const mine = market.requests().filter((r) => r.sessionId === session.id);
      // Images and the like are "other"; none of them is missing.
      expect(mine.filter((r) => r.status >= 400)).toEqual([]);
      expect(mine.filter((r) => r.kind !== "other").map((r) => [r.kind, r.status])).toEqual([
        ["item", 200],
        ["api", 200],
        ["search", 200],
        ["api", 200],
      ]);
    } finally {
      await context.close();
    }
  });
});
