import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { ExtractedListing } from "../../functions/core/listing.js";
import type { ListingResult, TargetResult } from "../../functions/stages/cycle.js";
import { retainedResult } from "../../functions/stages/retained-result.js";

function listing(page: string, at = 0): ExtractedListing {
  return {
    url: `https://item.jd.example/${at}.html`,
    // Cut from the page, as extraction does: in V8 such a slice points into the page.
    title: page.slice(at, at + 40),
    price: "129.00",
    priceRange: null,
    listPrice: "159.00",
    currency: "CNY",
    promotions: ["满199减20"],
    seller: page.slice(at + 40, at + 60),
    sellerId: "1000001",
    shipFrom: "上海",
    availability: "InStock",
    packSize: 50,
    identifiers: ["国械注准20163220001"],
    pageText: page.slice(at, at + 20_000),
    sources: { price: "json-ld", title: "json-ld" },
  };
}

function listingResult(page: string, at = 0): ListingResult {
  return {
    kind: "listing",
    url: `https://item.jd.example/${at}.html`,
    channel: "jd",
    outcome: "ok",
    reason: null,
    listing: listing(page, at),
    findings: [],
    alertsNew: 0,
  };
}

/** A decoded page: one flat string, as a body decoded from bytes is. */
function decodedPage(bytes: number, seed: number): string {
  const unit = Buffer.from(`安可血糖试纸50片 安可官方旗舰店 ¥129.00 第${seed}页 `);
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += unit.length) unit.copy(buffer, i);
  return buffer.toString("utf8");
}

describe("retainedResult", () => {
  it("keeps a listing's fields but not its page text, and leaves the original as it was", () => {
    const page = decodedPage(100_000, 1);
    const original = listingResult(page);
    const before = structuredClone(original);
    const kept = retainedResult(original);

    expect(original).toEqual(before);
    expect(kept.kind).toBe("listing");
    if (kept.kind !== "listing" || !kept.listing) throw new Error("a listing result was expected");
    expect(kept.listing.pageText).toBe("");
    expect(kept.listing.title).toBe(original.listing?.title);
    expect(kept.listing.seller).toBe(original.listing?.seller);
    expect(kept.listing.price).toBe("129.00");
    expect(kept.listing.identifiers).toEqual(["国械注准20163220001"]);
    expect(kept).toEqual({ ...original, listing: { ...original.listing, pageText: "" } });
    // A copy: nothing of it is the original's.
    expect(kept.listing).not.toBe(original.listing);
    expect(kept.listing.identifiers).not.toBe(original.listing?.identifiers);
  });

  it("keeps a result without a listing (a page that could not be seen) as it was", () => {
    const unseen: TargetResult = {
      kind: "listing",
      url: "https://item.jd.example/9.html",
      channel: "jd",
      outcome: "blocked",
      reason: "HTTP 403",
      listing: null,
      findings: [],
      alertsNew: 0,
    };
    expect(retainedResult(unseen)).toEqual(unseen);
  });

  it("drops the page text of every row of a search page, and leaves the rows as they were", () => {
    const page = decodedPage(100_000, 2);
    const search: TargetResult = {
      kind: "search",
      url: "https://search.jd.example/?keyword=血糖试纸",
      channel: "jd",
      outcome: "ok",
      reason: null,
      rows: [listingResult(page, 0), listingResult(page, 500)],
      alertsNew: 1,
    };
    const before = structuredClone(search);
    const kept = retainedResult(search);

    expect(search).toEqual(before);
    if (kept.kind !== "search") throw new Error("a search result was expected");
    expect(kept.rows.map((r) => r.listing?.pageText)).toEqual(["", ""]);
    expect(kept.rows.map((r) => r.listing?.title)).toEqual(search.rows.map((r) => r.listing?.title));
    expect(kept.rows.map((r) => r.listing?.seller)).toEqual(search.rows.map((r) => r.listing?.seller));
    expect(kept.alertsNew).toBe(1);
  });

  it("hands a discovery's result back unchanged", () => {
    const discovered: TargetResult = {
      kind: "discovered",
      channel: "jd",
      start: "https://list.jd.example/?page=1",
      targets: [{ kind: "product", url: "https://item.jd.example/1.html", channel: "jd" } as never],
      pages: 3,
      outcomes: ["ok", "ok", "ok"],
    };
    expect(retainedResult(discovered)).toBe(discovered);
  });

  it("does not keep the pages its titles and sellers were cut from alive", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const pages = 30;
    const pageBytes = 1_000_000;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };

    const baseline = heapAfterGc();
    let originals: TargetResult[] | null = Array.from({ length: pages }, (_, i) =>
      listingResult(decodedPage(pageBytes, i)),
    );
    // With the original results held, the pages stay (this is what the test can tell apart).
    const holdingOriginals = heapAfterGc() - baseline;
    const kept = originals.map(retainedResult);
    originals = null;
    const holdingKept = heapAfterGc() - baseline;

    expect(holdingOriginals).toBeGreaterThan(pages * pageBytes * 0.8);
    expect(holdingKept).toBeLessThan(pages * pageBytes * 0.1);
    expect(kept).toHaveLength(pages);
  });
});
