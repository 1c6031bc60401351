import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertType, Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import type { ExtractedListing } from "../../functions/core/listing.js";
import { createEvidenceRecorder, type FetchedPage } from "../../functions/evidence/evidence-recorder.js";
import { loadOrCreateLocalSigner } from "../../functions/evidence/local-evidence-signer.js";
import type { PageScreenshot } from "../../functions/evidence/page-screenshot.js";
import { wantsScreenshot } from "../../functions/evidence/screenshot-policy.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { AlertRepository, type StoredAlert } from "../../functions/store/alert-repository.js";
import { LocalBlobStore } from "../../functions/store/blob-store.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PAGE = "<html><body><h1>安可血糖试纸</h1><p>¥99.00</p></body></html>";

let db: EmbeddedDynamo;
let doc: DynamoDBDocumentClient;
let dataDir: string;
let alerts: AlertRepository;
let n = 0;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  alerts = new AlertRepository(doc, db.tableName);
  dataDir = await mkdtemp(join(tmpdir(), "pricewarden-shot-default-"));
});
afterAll(async () => {
  doc?.destroy();
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function rawConfig(evidence?: Record<string, unknown>): Record<string, unknown> {
  return {
    tenant: "shots",
    channels: [{ id: "shop", name: "店", match: ["shop.example"] }],
    products: [{ sku: "GLU-50", name: "安可血糖试纸", match: { keywords: [["安可"]] }, minPrice: 159 }],
    ...(evidence ? { evidence } : {}),
  };
}

function config(evidence?: Record<string, unknown>): TenantConfig {
  const result = validateConfig(rawConfig(evidence));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

async function alertOf(type: AlertType): Promise<StoredAlert> {
  const listingId = `l${++n}`;
  const finding: Finding = {
    type,
    severity: "high",
    sku: "GLU-50",
    listingId,
    url: "https://shop.example/1.html",
    channel: "shop",
    seller: "某店",
    sellerId: null,
    distributorId: null,
    price: 9900,
    listedPrice: 9900,
    threshold: 15900,
    currency: "CNY",
    explanation: "x",
    inputs: {},
    monitoringOnly: false,
  };
  const result = await alerts.record(finding, {
    tenant: "shots",
    alertId: alertIdOf("shots", type, listingId, "GLU-50"),
    runId: "r",
    now: "2026-12-07T00:00:00.000Z",
    targets: [],
  });
  return result.alert;
}

async function capture(cfg: TenantConfig, types: readonly AlertType[]) {
  const shots: string[] = [];
  const screenshot: PageScreenshot = async (url) => {
    shots.push(url);
    return { ok: true, png: PNG, url, renderOutcome: "ok" };
  };
  const recorder = createEvidenceRecorder({
    evidence: new EvidenceRepository(doc, db.tableName),
    blobs: new LocalBlobStore(join(dataDir, "evidence")),
    signer: await loadOrCreateLocalSigner(dataDir),
    screenshot,
  });
  const page: FetchedPage = {
    kind: "ok",
    url: "https://shop.example/1.html",
    finalUrl: "https://shop.example/1.html",
    status: 200,
    contentType: "text/html",
    body: PAGE,
    fullBody: () => PAGE,
    bytes: PAGE.length,
    charset: "utf-8",
    attempts: 1,
    elapsedMs: 1,
    rendered: false,
  };
  const listing: ExtractedListing = {
    url: page.url,
    title: "安可血糖试纸",
    price: "99.00",
    priceRange: null,
    listPrice: null,
    currency: "CNY",
    promotions: [],
    seller: "某店",
    sellerId: null,
    shipFrom: null,
    availability: "InStock",
    packSize: null,
    identifiers: [],
    pageText: "安可血糖试纸 ¥99.00",
    sources: {},
  };
  const results = [];
  for (const type of types) results.push({ kind: "created" as const, alert: await alertOf(type) });
  const records = await recorder.afterRecord({
    config: cfg,
    page,
    listing,
    results,
    checkedAt: new Date("2026-12-07T00:00:00.000Z"),
  });
  return { shots, statuses: records.map((r) => r.screenshot) };
}

describe("screenshots by default", () => {
  it("is on for price and seller alerts when a config says nothing", async () => {
    expect(config().evidence.screenshot).toBe("price-and-seller");
    for (const type of [
      "below_min_price",
      "above_max_price",
      "price_drop",
      "unauthorized_seller",
      "out_of_region",
    ] as const)
      expect(wantsScreenshot("price-and-seller", type)).toBe(true);
    expect(wantsScreenshot("price-and-seller", "listing_compliance")).toBe(false);
    const { shots, statuses } = await capture(config(), ["below_min_price", "unauthorized_seller"]);
    // One screenshot of the page serves both alerts.
    expect(shots).toEqual(["https://shop.example/1.html"]);
    expect(statuses).toEqual(["captured", "captured"]);
  });

  it("takes none for a page whose only alert is another kind, and says why", async () => {
    const { shots, statuses } = await capture(config(), ["listing_compliance"]);
    expect(shots).toEqual([]);
    expect(statuses).toEqual(["disabled"]);
  });

  it("follows an explicit true or false", async () => {
    expect((await capture(config({ screenshot: true }), ["listing_compliance"])).statuses).toEqual([
      "captured",
    ]);
    const off = await capture(config({ screenshot: false }), ["below_min_price"]);
    expect(off).toEqual({ shots: [], statuses: ["disabled"] });
    const bad = validateConfig(rawConfig({ screenshot: "always" }));
    const paths = bad.ok ? [] : bad.issues.map((i) => i.path);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/^evidence\.screenshot\b/);
  });
});
