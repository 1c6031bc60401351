import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfigText } from "../../functions/core/config-text.js";
import { PricewardenError } from "../../functions/core/errors.js";
import { ExtractedListingSchema } from "../../functions/core/listing.js";
import { extractListing } from "../../functions/extract/extract-listing.js";
import { readHar } from "../../functions/stages/capture-import.js";
import { type ApiTestStack, bearer, brandA, distA, startApiTestStack } from "../api/api-test-stack.js";

/**
 * Everything these functions read is written by strangers. Whatever arrives, the answer is a
 * value within the product's bounds or a clear refusal, never a crash.
 */

const TAGS = [
  "div",
  "span",
  "p",
  "h1",
  "li",
  "ul",
  "table",
  "td",
  "script",
  "style",
  "a",
  "meta",
  "em",
  "del",
];
const WORDS = [
  "￥",
  "¥",
  "价格",
  "到手价",
  "暂无报价",
  "券后",
  "买2送1",
  "0.1g×100片",
  "有货",
  "无货",
  "In stock",
  "&yen;",
  "&#165;",
  "&amp",
  "199.00",
  "1,299",
  "-5",
  "9e999",
  "NaN",
  '"price":',
  "{",
  "}",
  "<!--",
  "]]>",
  "\u0000",
  "\ud800",
  "安可血糖试纸",
];
const attribute = fc
  .tuple(
    fc.constantFrom("class", "id", "itemprop", "content", "data-price", "type", "href", "style", "hidden"),
    fc.constantFrom(
      "price",
      "sku-price",
      "J-p-123",
      "offers",
      "recommend",
      "application/ld+json",
      "display:none",
      "¥9.9",
      "",
    ),
  )
  .map(([name, value]) => ` ${name}="${value}"`);
const html: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...WORDS),
    fc.string({ maxLength: 12 }),
    fc
      .tuple(
        fc.constantFrom(...TAGS),
        fc.array(attribute, { maxLength: 3 }),
        fc.array(tie("node"), { maxLength: 5 }),
        fc.boolean(),
      )
      .map(
        ([tag, attrs, children, closed]) =>
          `<${tag}${attrs.join("")}>${children.join("")}${closed ? `</${tag}>` : ""}`,
      ),
    fc
      .jsonValue({ maxDepth: 3 })
      .map(
        (v) =>
          `<script type="application/ld+json">${JSON.stringify({ "@type": "Product", offers: v })}</script>`,
      ),
  ),
})).node;

describe("fuzzed inputs", () => {
  it("HTML: extraction returns a listing within the schema's bounds, whatever the page", () => {
    fc.assert(
      fc.property(fc.array(html, { maxLength: 12 }), (parts) => {
        const listing = extractListing(
          `<!doctype html><html><body>${parts.join("")}</body></html>`,
          "https://shop.example/item/1",
        );
        expect(ExtractedListingSchema.safeParse(listing).success).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("HAR: any JSON or text is read or refused with a reason", () => {
    const entry = fc.record(
      {
        request: fc.record({
          url: fc.oneof(fc.webUrl(), fc.string()),
          method: fc.constantFrom("GET", "POST", 7),
        }),
        response: fc.record({
          status: fc.oneof(fc.integer({ min: -1, max: 700 }), fc.string()),
          content: fc.record({
            mimeType: fc.constantFrom("text/html", "application/json", "text/javascript", ""),
            text: fc.oneof(
              fc.string(),
              html,
              fc.jsonValue().map((v) => JSON.stringify(v)),
            ),
            encoding: fc.constantFrom("base64", "utf8", undefined),
          }),
        }),
      },
      { requiredKeys: [] },
    );
    const harText = fc.oneof(
      fc.string(),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .array(entry, { maxLength: 4 })
        .map((entries) => JSON.stringify({ log: { version: "1.2", entries } })),
    );
    fc.assert(
      fc.property(harText, (text) => {
        try {
          const report = readHar(text, []);
          expect(Array.isArray(report.outcomes)).toBe(true);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(PricewardenError);
          expect((error as Error).message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("YAML configs: any text, or the demo config with a line dropped or retyped, is validated, never thrown", async () => {
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync("examples/demo.yaml", "utf8").split("\n");
    const mutated = fc
      .tuple(
        fc.integer({ min: 0, max: lines.length - 1 }),
        fc.constantFrom("drop", "retype", "duplicate", "indent"),
        fc.constantFrom("-1", "[]", "{}", "null", "~", "'¥9'", "1e309", "0x1F", "*anchor", "!!binary aGk="),
      )
      .map(([at, how, value]) => {
        const copy = [...lines];
        const line = copy[at] ?? "";
        if (how === "drop") copy.splice(at, 1);
        else if (how === "duplicate") copy.splice(at, 0, line);
        else if (how === "indent") copy[at] = `   ${line}`;
        else copy[at] = line.replace(/:\s.*$/, `: ${value}`);
        return copy.join("\n");
      });
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated), (text) => {
        const result = parseConfigText(text);
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("fuzzed API input", () => {
  let stack: ApiTestStack;
  beforeAll(async () => {
    stack = await startApiTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("every route answers a fuzzed query or body with a status below 500", async () => {
    const paths = [
      "/api/alerts",
      "/api/alerts/{id}",
      "/api/alerts/{id}/status",
      "/api/alerts/{id}/notice",
      "/api/check",
      "/api/history",
      "/api/listings",
      "/api/review",
      "/api/runs",
      "/api/imports",
      "/api/export/alerts.csv",
      "/api/export/alerts.xlsx",
      "/",
      "/alerts/{id}",
      "/alerts/{id}/status",
      "/alerts/{id}/notice",
      "/check",
      "/history",
      "/imports",
      "/review",
      "/sellers",
      "/lang/{id}",
      "/export/alerts.csv",
      "/export/alerts.xlsx",
    ];
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        "../../etc/passwd",
        "%00",
        "%E0%A4%A",
        "'; DROP TABLE",
        "<script>",
        "￥-1",
        "1e999",
        "-0",
        "🤖",
      ),
    );
    const request = fc.record({
      path: fc.constantFrom(...paths),
      // Real alert ids too, so the handlers behind the id get the hostile query and body.
      id: fc.oneof(hostile, fc.constantFrom(...Object.values(stack.seeded.alerts), "zh-CN", "en")),
      method: fc.constantFrom("GET", "POST", "PATCH", "DELETE"),
      query: fc.dictionary(
        fc.constantFrom("status", "type", "channel", "sku", "limit", "cursor", "since", "lang", "q"),
        hostile,
        {
          maxKeys: 3,
        },
      ),
      body: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        fc.string({ maxLength: 80 }),
      ),
      caller: fc.constantFrom(brandA, distA),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = new URL(r.path.replace("{id}", encodeURIComponent(r.id)), stack.server.url);
        for (const [key, value] of Object.entries(r.query)) url.searchParams.set(key, value);
        const response = await fetch(url, {
          method: r.method,
          headers: { ...bearer(r.caller), "content-type": "application/json", origin: stack.server.url },
          ...(r.method === "GET" ? {} : { body: r.body }),
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${r.method} ${url.pathname}${url.search}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    // The fuzz reached the handlers, not only the router's 404.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(5);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
