import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CapturedResponse } from "../../functions/core/captured-response.js";
import type { ExtractedListing } from "../../functions/core/listing.js";
import { decimalToMinor } from "../../functions/core/money.js";
import { observePage, type PageCapture, type PageObservation } from "../../functions/extract/observe-page.js";
import { mergeSources } from "../../functions/extract/site-profiles/registry.js";
import {
  type DataListing,
  readPageSources,
  readResponse,
  type SourceReading,
} from "../../functions/extract/sources/read-source.js";

/**
 * Every real capture in test/fixtures/marketplaces (see its README and manifest.json for where
 * each came from), fed the way it reaches the pipeline: a page as a page, a response as one of
 * the responses a page's script received. The manifest's `expected` values are the truth; a
 * built-in source that disagrees with a real capture is wrong, not the capture.
 */

const FIXTURES = new URL("../fixtures/marketplaces/", import.meta.url);

interface Capture {
  file: string;
  site: "jd" | "taobao" | "tmall" | "pdd";
  shape: string;
  contentType: string;
  requestUrl: string;
  status: number;
  headers?: Record<string, string>;
  expected: Record<string, unknown>;
}

interface ExpectedRow {
  itemId: string;
  title: string;
  price: string;
  seller: string;
  sellerId: string;
  ad: boolean;
}

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL("manifest.json", FIXTURES)), "utf8")) as {
  captures: Capture[];
};

const read = (file: string) => readFileSync(fileURLToPath(new URL(file, FIXTURES)), "utf8");

/** The built-in site profile each site's pages are read with (Taobao pages use the tmall profile). */
const PROFILE: Record<Capture["site"], string> = { jd: "jd", taobao: "tmall", tmall: "tmall", pdd: "pdd" };

/** The item page a response belongs to (the page whose script fetched it). */
function itemPageUrl(site: Capture["site"], itemId: string | null): string {
  switch (site) {
    case "jd":
      return itemId ? `https://item.jd.com/${itemId}.html` : "https://item.jd.com/";
    case "taobao":
      return itemId ? `https://item.taobao.com/item.htm?id=${itemId}` : "https://item.taobao.com/item.htm";
    case "tmall":
      return itemId ? `https://detail.tmall.com/item.htm?id=${itemId}` : "https://detail.tmall.com/item.htm";
    case "pdd":
      return itemId
        ? `https://mobile.yangkeduo.com/goods.html?goods_id=${itemId}`
        : "https://mobile.yangkeduo.com/goods.html";
  }
}

const EMPTY_PAGE = "<!DOCTYPE html><html><head></head><body></body></html>";

/**
 * How a capture arrives. Pages come whole; three files hold only the state a page declares
 * (the JS literal, the `TShop.Setup` argument, the `g_page_config` statement) and are put back
 * into the one <script> of a page, as written; JSON and JSONP bodies are responses.
 */
type Feed = { kind: "page"; html: string } | { kind: "response"; body: string };

function feedOf(capture: Capture): Feed {
  const text = read(capture.file);
  switch (capture.shape) {
    case "jd-item-page-config":
      return capture.file.endsWith(".html")
        ? { kind: "page", html: text }
        : {
            kind: "page",
            html: `<html><head><script>var pageConfig = ${text};</script></head><body></body></html>`,
          };
    case "jd-search-html":
    case "tmall-ice-app-context":
      return { kind: "page", html: text };
    case "taobao-search-g-page-config":
      return { kind: "page", html: `<html><head><script>${text}</script></head><body></body></html>` };
    case "tmall-tshop-setup":
      return {
        kind: "page",
        html: `<html><head><script>TShop.Setup(${text});</script></head><body></body></html>`,
      };
    default:
      return { kind: "response", body: text };
  }
}

function observe(capture: Capture, feed: Feed): { page: PageCapture; observation: PageObservation } {
  const profile = PROFILE[capture.site];
  const sources = mergeSources(profile, []);
  const itemId = typeof capture.expected.itemId === "string" ? capture.expected.itemId : null;
  const page: PageCapture =
    feed.kind === "page"
      ? { url: capture.requestUrl, finalUrl: capture.requestUrl, body: feed.html, fullBody: () => feed.html }
      : {
          url: itemPageUrl(capture.site, itemId),
          finalUrl: itemPageUrl(capture.site, itemId),
          body: EMPTY_PAGE,
          fullBody: () => EMPTY_PAGE,
          responses: [responseOf(capture, feed.body)],
        };
  return { page, observation: observePage(page, { profile, sources }) };
}

function responseOf(capture: Capture, body: string): CapturedResponse {
  return { url: capture.requestUrl, status: capture.status, headers: capture.headers ?? {}, body };
}

/** Prices compare by amount: "1599.00" and "1599" are the same price. */
function minor(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return decimalToMinor(String(value));
}

const PRICE_FIELDS = new Set(["price", "listPrice", "finalPrice"]);
const ITEM_FIELDS = [
  "itemId",
  "title",
  "price",
  "listPrice",
  "finalPrice",
  "seller",
  "sellerId",
  "availability",
  "drugClass",
] as const;

type Fields = Partial<Record<(typeof ITEM_FIELDS)[number], unknown>>;

/** The expected item fields the manifest states, compared as the pipeline reports them. */
function itemFieldsOf(listing: Fields, expected: Record<string, unknown>): [Fields, Fields] {
  const got: Fields = {};
  const want: Fields = {};
  for (const field of ITEM_FIELDS) {
    if (!(field in expected)) continue;
    const e = expected[field];
    const g = listing[field] ?? null;
    want[field] = PRICE_FIELDS.has(field) ? minor(e) : e;
    got[field] = PRICE_FIELDS.has(field) ? minor(g) : g;
  }
  return [got, want];
}

function rowOf(l: DataListing | ExtractedListing): ExpectedRow {
  return {
    itemId: l.itemId ?? "",
    title: l.title ?? "",
    price: String(minor(l.price)),
    seller: l.seller ?? "",
    sellerId: l.sellerId ?? "",
    ad: l.ad === true,
  };
}

const expectedRow = (r: ExpectedRow): ExpectedRow => ({ ...r, price: String(minor(r.price)) });

/** What the reader itself returned, before the page merged readings. */
function readings(capture: Capture, feed: Feed, page: PageCapture): SourceReading[] {
  const sources = mergeSources(PROFILE[capture.site], []);
  if (feed.kind === "response") {
    const reading = readResponse(responseOf(capture, feed.body), sources, page.finalUrl);
    return reading ? [reading] : [];
  }
  return readPageSources(feed.html, page.finalUrl, sources);
}

/** Every price in a capture's expectations that is not the selling price: list, market, 日常价, tag. */
function nonSellingPrices(expected: Record<string, unknown>): number[] {
  const selling = minor(expected.price);
  return ["listPrice", "marketPrice", "regularPrice"]
    .map((k) => minor(expected[k]))
    .filter((p): p is number => p !== null && p !== selling);
}

describe("real marketplace captures (test/fixtures/marketplaces)", () => {
  it("has a capture file for every manifest entry", () => {
    expect(manifest.captures.length).toBeGreaterThanOrEqual(15);
    for (const c of manifest.captures) expect(read(c.file).length, c.file).toBeGreaterThan(0);
  });

  describe.each(manifest.captures.map((c) => [c.file, c] as const))("%s", (_, capture) => {
    const feed = feedOf(capture);
    const { page, observation } = observe(capture, feed);
    const expected = capture.expected;

    if (typeof expected.outcome === "string") {
      it(`is not seen: ${expected.outcome}`, () => {
        expect(observation).toMatchObject({ kind: "unseen", outcome: expected.outcome });
        const [reading] = readings(capture, feed, page);
        expect(reading?.kind).toBe(expected.outcome);
      });
      return;
    }

    if (Array.isArray(expected.rows)) {
      const rows = expected.rows as ExpectedRow[];
      it("the reader returns every row as the capture has it (ads flagged)", () => {
        const search = readings(capture, feed, page).filter((r) => r.kind === "search");
        expect(search).toHaveLength(1);
        const listings = (search[0] as { listings: DataListing[] }).listings;
        expect(listings.map(rowOf)).toEqual(rows.map(expectedRow));
        if (typeof expected.rowCount === "number") expect(listings).toHaveLength(expected.rowCount);
      });
      it("the page lists each item once, an organic row winning over an ad for the same item", () => {
        expect(observation.kind).toBe("search");
        const listings = (observation as { listings: ExtractedListing[] }).listings;
        const byItem = new Map<string, ExpectedRow>();
        for (const row of rows) {
          const seen = byItem.get(row.itemId);
          if (!seen || (seen.ad && !row.ad)) byItem.set(row.itemId, row);
        }
        expect(listings.map(rowOf).sort((a, b) => a.itemId.localeCompare(b.itemId))).toEqual(
          [...byItem.values()].map(expectedRow).sort((a, b) => a.itemId.localeCompare(b.itemId)),
        );
      });
      return;
    }

    it("reads the listing the manifest states", () => {
      expect(observation.kind, JSON.stringify(observation).slice(0, 300)).toBe("item");
      const listing = (observation as { listing: ExtractedListing }).listing;
      // The pipeline drops a list price equal to the selling price (nothing is struck through).
      const shown = { ...expected };
      if (minor(shown.listPrice) !== null && minor(shown.listPrice) === minor(shown.price))
        shown.listPrice = null;
      const [got, want] = itemFieldsOf(listing as Fields, shown);
      expect(got).toEqual(want);
    });

    if (feed.kind === "response") {
      it("the response reader returns the same values, list price included", () => {
        const [reading] = readings(capture, feed, page);
        expect(reading?.kind).toBe("item");
        const listing = (reading as { listings: DataListing[] }).listings[0] as DataListing;
        const [got, want] = itemFieldsOf(listing as Fields, expected);
        expect(got).toEqual(want);
      });
    }

    it("never reports a tag, list, market or reference price as the selling price", () => {
      const listing = (observation as { listing: ExtractedListing }).listing;
      const price = minor(listing.price);
      if (expected.price === null) expect(listing.price).toBeNull();
      for (const other of nonSellingPrices(expected)) expect(price).not.toBe(other);
      // A to-hand price is never the selling price either.
      if (minor(expected.finalPrice) !== null) expect(price).not.toBe(minor(expected.finalPrice));
    });
  });
});

describe("real captures, one change at a time", () => {
  const byFile = (file: string) => manifest.captures.find((c) => c.file === file) as Capture;

  it("a JD page with an empty price slot still gives title, shop and the drug flag", () => {
    const capture = byFile("jd/item-page-config-100118874255.html");
    const html = read(capture.file).replace('"isPrescriptCat-0"', '"isPrescriptCat-1"');
    const { observation } = observe(capture, { kind: "page", html });
    expect(observation.kind).toBe("item");
    const listing = (observation as { listing: ExtractedListing }).listing;
    expect(listing).toMatchObject({
      price: null,
      title: capture.expected.title,
      seller: capture.expected.seller,
      sellerId: capture.expected.sellerId,
      drugClass: "rx",
    });
  });

  it("Tmall's defaultItemPrice stays the list price when the page has nothing else", () => {
    const capture = byFile("tmall/tshop-setup-540216229552.json");
    const { observation } = observe(capture, feedOf(capture));
    const listing = (observation as { listing: ExtractedListing }).listing;
    expect(listing.price).toBeNull();
    expect(minor(listing.listPrice)).toBe(69900);
    expect(listing.sources.listPrice).toBe("inline-state");
  });

  it("a Tmall item flagged as a prescription drug says so", () => {
    const capture = byFile("tmall/tshop-setup-540216229552.json");
    const text = read(capture.file).replace('"isPrescriptionDrug":false', '"isPrescriptionDrug":true');
    const html = `<html><head><script>TShop.Setup(${text});</script></head><body></body></html>`;
    const { observation } = observe(capture, { kind: "page", html });
    expect((observation as { listing: ExtractedListing }).listing.drugClass).toBe("rx");
  });

  it("JD's stock answer out of stock (34) reads OutOfStock", () => {
    const capture = byFile("jd/stock-c0-100004770235.json");
    const body = read(capture.file).replace('"StockState": 33', '"StockState": 34');
    const { observation } = observe(capture, { kind: "response", body });
    expect((observation as { listing: ExtractedListing }).listing.availability).toBe("OutOfStock");
  });

  it("a Tmall SKU list whose headline stock is 无货(限购10件) reads OutOfStock", () => {
    const capture = byFile("tmall/ice-app-context-1064346880857.html");
    const html = read(capture.file)
      .replace('"0":{"moreQuantity":"true","quantity":200', '"0":{"moreQuantity":"true"')
      .replace('"quantityText":"有货(限购10件)"', '"quantityText":"无货(限购10件)"');
    const { observation } = observe(capture, { kind: "page", html });
    expect((observation as { listing: ExtractedListing }).listing.availability).toBe("OutOfStock");
  });
});
