import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PricewardenError } from "../../functions/core/errors.js";
import { discoverProductUrls } from "../../functions/crawl/discover.js";
import { createFetcher, type Fetcher } from "../../functions/crawl/fetcher.js";
import { type MisbehavingSite, startMisbehavingSite } from "./misbehaving-site.js";
import { fastRetry, testPolicy } from "./test-policy.js";

let site: MisbehavingSite;
let fetcher: Fetcher;
beforeAll(async () => {
  site = await startMisbehavingSite();
});
afterAll(async () => {
  await site.close();
});
afterEach(async () => {
  await fetcher.close();
});
const fresh = () => {
  fetcher = createFetcher(testPolicy(), { retry: fastRetry });
  return fetcher;
};
const products = (...ns: number[]) => ns.map((n) => site.url(`/products/${n}`));

describe("discoverProductUrls", () => {
  it("follows next pages, resolves relative links and de-duplicates canonical URLs", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/list?page=1"),
      links: ".p-name a",
      next: "a.pn-next",
      maxPages: 10,
    });
    expect(result.pages).toBe(3);
    expect(result.outcomes.map((o) => o.kind)).toEqual(["ok", "ok", "ok"]);
    expect(result.urls).toEqual(products(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  });

  it("stops at maxPages", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/list?page=1"),
      links: ".p-name a",
      next: "a.pn-next",
      maxPages: 2,
    });
    expect(result.pages).toBe(2);
    expect(result.urls).toEqual(products(1, 2, 3, 4, 5, 6, 7));
  });

  it("stops when pagination loops back", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/list-loop?page=1"),
      links: ".p-name",
      next: "a.pn-next",
      maxPages: 50,
    });
    expect(result.pages).toBe(2);
    expect(result.urls).toEqual(products(1, 2, 3, 4, 5, 6, 7));
  });

  it("takes what it can from malformed HTML", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/malformed"),
      links: "a",
      maxPages: 1,
    });
    expect(result.urls).toEqual(products(7, 8));
  });

  it("ends on a page that is not ok and reports its outcome", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/nothing-here"),
      links: "a",
      next: "a.pn-next",
      maxPages: 5,
    });
    expect(result).toMatchObject({ pages: 1, urls: [] });
    expect(result.outcomes[0]?.kind).toBe("not_found");
  });

  it("throws BAD_INPUT for an invalid selector before fetching", async () => {
    const before = site.requests.length;
    await expect(
      discoverProductUrls(fresh(), { start: site.url("/list"), links: "a[", maxPages: 1 }),
    ).rejects.toThrow(PricewardenError);
    expect(site.requests.length).toBe(before);
  });
});
