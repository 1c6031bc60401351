import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The real captures of test/fixtures/marketplaces (provenance in its manifest and README), put in
 * one HAR as a browser would save them, through `pricewarden extract --har --json`: the JSON
 * responses as calls recorded outside any page, the HTML pages as documents. Each capture's
 * `expected` values are the truth.
 */

const FIXTURES = new URL("../fixtures/marketplaces/", import.meta.url);
const manifest = JSON.parse(readFileSync(fileURLToPath(new URL("manifest.json", FIXTURES)), "utf8")) as {
  captures: Array<{
    file: string;
    contentType: string;
    requestUrl: string;
    status: number;
    headers?: Record<string, string>;
    expected: Record<string, unknown>;
  }>;
};

const dir = mkdtempSync(join(tmpdir(), "pricewarden-har-real-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Responses a page's script fetched (JSON, JSONP) and whole HTML pages; state-only script files are left to the extraction tests. */
const responses = manifest.captures.filter(
  (c) =>
    (c.contentType === "application/json" && !c.requestUrl.includes("item.htm")) ||
    c.file.endsWith("jsonp-10550439205.js"),
);
const pages = manifest.captures.filter((c) => c.contentType === "text/html");

function entry(c: (typeof manifest.captures)[number], pageref?: string) {
  const text = readFileSync(fileURLToPath(new URL(c.file, FIXTURES)), "utf8");
  return {
    ...(pageref ? { pageref } : {}),
    startedDateTime: "2026-12-06T00:00:00.000Z",
    request: { method: "GET", url: encodeURI(decodeURI(c.requestUrl)), headers: [] },
    response: {
      status: c.status,
      headers: Object.entries(c.headers ?? {}).map(([name, value]) => ({ name, value })),
      content: { mimeType: c.contentType, text },
    },
  };
}

const amount = (v: unknown) => (v === null || v === undefined ? null : Number(v));

describe("real captures through extract --har", () => {
  const harFile = join(dir, "real.har");
  writeFileSync(
    harFile,
    JSON.stringify({
      log: {
        version: "1.2",
        creator: { name: "test", version: "1" },
        pages: pages.map((c, i) => ({
          id: `page_${i}`,
          title: c.requestUrl,
          startedDateTime: "2026-12-06T00:00:00.000Z",
        })),
        entries: [...responses.map((c) => entry(c)), ...pages.map((c, i) => entry(c, `page_${i}`))],
      },
    }),
  );
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "functions/local/cli.ts", "extract", "--har", harFile, "--json"],
    {
      encoding: "utf8",
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
  );
  const out = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as {
    listings: Array<Record<string, unknown>>;
    outcomes: Array<{ url: string; outcome: string; reason: string | null }>;
  };

  it("runs", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(responses.length + pages.length).toBeGreaterThanOrEqual(10);
  });

  for (const c of [...responses, ...pages]) {
    it(`${c.file}: ${JSON.stringify(c.expected).slice(0, 80)}`, () => {
      const e = c.expected;
      if (typeof e.outcome === "string") {
        const outcome = out.outcomes.find((o) => o.url === encodeURI(decodeURI(c.requestUrl)));
        expect(outcome?.outcome, JSON.stringify(out.outcomes)).toBe(e.outcome);
        return;
      }
      if (Array.isArray(e.rows)) {
        for (const row of e.rows as Array<{ itemId: string; price: string; seller: string; ad: boolean }>) {
          const got = out.listings.find((l) => String(l.url).includes(row.itemId));
          expect(got, row.itemId).toBeDefined();
          expect(amount(got?.price)).toBe(amount(row.price));
          expect(got?.seller).toBe(row.seller);
        }
        return;
      }
      const id = String(e.itemId);
      // Two captures of one item (JD's price and stock APIs): the one this capture gave.
      const candidates = out.listings.filter((l) => l.itemId === id || String(l.url).includes(id));
      const got =
        candidates.find((l) => typeof e.seller !== "string" || l.seller === e.seller) ?? candidates[0];
      expect(got, `${id} in ${JSON.stringify(out.listings.map((l) => l.url))}`).toBeDefined();
      expect(amount(got?.price)).toBe(amount(e.price));
      if ("finalPrice" in e) expect(amount(got?.finalPrice)).toBe(amount(e.finalPrice));
      if (typeof e.seller === "string") expect(got?.seller).toBe(e.seller);
      if (typeof e.sellerId === "string") expect(got?.sellerId).toBe(e.sellerId);
      if (typeof e.availability === "string") expect(got?.availability).toBe(e.availability);
      // Never a tag, list, market or to-hand price as the selling price.
      for (const other of ["listPrice", "marketPrice", "regularPrice"] as const)
        if (e[other] !== undefined && e[other] !== e.price)
          expect(amount(got?.price)).not.toBe(amount(e[other]));
    });
  }
});
