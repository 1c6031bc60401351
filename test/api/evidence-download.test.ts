import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import {
  contentDisposition,
  evidenceExporter,
  evidenceFileName,
} from "../../functions/api/evidence-download.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import type { ExtractedListing } from "../../functions/core/listing.js";
import { createEvidenceRecorder, type FetchedPage } from "../../functions/evidence/evidence-recorder.js";
import type { EvidenceSigner } from "../../functions/evidence/evidence-signer.js";
import { verifyEvidenceArchive } from "../../functions/evidence/evidence-verify.js";
import { loadOrCreateLocalSigner } from "../../functions/evidence/local-evidence-signer.js";
import { createChromiumPdfRenderer } from "../../functions/evidence/summary-pdf.js";
import { LocalBlobStore } from "../../functions/store/blob-store.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";
import {
  type ApiTestStack,
  bearer,
  brandA,
  brandB,
  distA,
  HOSTILE_NAME,
  headerAuthenticator,
  startApiTestStack,
  TENANT_A,
} from "./api-test-stack.js";

let stack: ApiTestStack;
let server: ApiServer;
let doc: DynamoDBDocumentClient;
let dataDir: string;
let signer: EvidenceSigner;
/** The alert with a signed capture (seller name hostile), one without, and the distributor's own. */
let captured: string;
let uncaptured: string;
let distributorsOwn: string;

const PAGE = `<!doctype html><html><head><title>安可血糖试纸</title></head><body><h1>安可血糖试纸 50片</h1><p class="price">¥99.00</p><p class="shop">${HOSTILE_NAME}</p></body></html>`;

beforeAll(async () => {
  stack = await startApiTestStack();
  dataDir = await mkdtemp(join(tmpdir(), "pricewarden-download-"));
  doc = createDocumentClient({ endpoint: stack.db.endpoint });
  const evidence = new EvidenceRepository(doc, stack.db.tableName);
  const blobs = new LocalBlobStore(join(dataDir, "evidence"));
  signer = await loadOrCreateLocalSigner(dataDir);
  captured = stack.seeded.alerts["a:hostile"]!;
  uncaptured = stack.seeded.alerts["a:js-url"]!;
  distributorsOwn = stack.seeded.alerts["a:dist-a"]!;

  // Capture evidence for one seeded alert the way a cycle does, with the recorder itself.
  const alert = (await stack.deps.alerts.get(TENANT_A, captured))!;
  const config = stack.configs[TENANT_A]!;
  const page: FetchedPage = {
    kind: "ok",
    url: alert.url,
    finalUrl: alert.url,
    status: 200,
    contentType: "text/html; charset=utf-8",
    body: PAGE,
    fullBody: () => PAGE,
    bytes: Buffer.byteLength(PAGE),
    charset: "utf-8",
    attempts: 1,
    elapsedMs: 5,
    rendered: false,
  };
  const listing: ExtractedListing = {
    url: alert.url,
    title: "安可血糖试纸 50片",
    price: "99.00",
    priceRange: null,
    listPrice: null,
    currency: "CNY",
    promotions: [],
    seller: HOSTILE_NAME,
    sellerId: null,
    shipFrom: null,
    availability: "InStock",
    packSize: 50,
    identifiers: [],
    pageText: "安可血糖试纸 50片 ¥99.00",
    sources: {},
  };
  const records = await createEvidenceRecorder({ evidence, blobs, signer }).afterRecord({
    config: { ...config, evidence: { ...config.evidence, screenshot: false } },
    page,
    listing,
    results: [{ kind: "created", alert }],
    checkedAt: new Date("2026-02-01T00:00:00.000Z"),
  });
  expect(records).toHaveLength(1);

  server = await startApiServer({
    app: createApiApp({
      ...stack.deps,
      authenticate: headerAuthenticator,
      evidence,
      evidenceExport: evidenceExporter({
        alerts: stack.deps.alerts,
        evidence,
        blobs,
        signer: async () => signer,
        pdf: createChromiumPdfRenderer,
      }),
    }),
    port: 0,
    host: "127.0.0.1",
  });
});

afterAll(async () => {
  await server?.close();
  doc?.destroy();
  await stack?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string>) =>
  fetch(`${server.url}${path}`, { headers: { "accept-language": "en", ...headers }, redirect: "manual" });

describe("evidence download from the dashboard", () => {
  it("gives a brand user the signed bundle, which verifies against the tenant's key", async () => {
    const res = await get(`/alerts/${captured}/evidence`, bearer(brandA));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(
      new RegExp(
        `^attachment; filename="pricewarden-evidence-GLU-50-${captured.slice(0, 8)}-\\d{4}-\\d{2}-\\d{2}\\.zip"; filename\\*=UTF-8''`,
      ),
    );
    // The ASCII name is ASCII; the UTF-8 one decodes to the Chinese name.
    expect(disposition).toMatch(/^[\x20-\x7e]+$/);
    const utf8 = decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? "");
    expect(utf8).toMatch(new RegExp(`^evidence-GLU-50-${captured.slice(0, 8)}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const zip = new Uint8Array(await res.arrayBuffer());
    const report = verifyEvidenceArchive(zip, { expectedFingerprint: signer.fingerprint });
    expect(report.ok ? [] : report.problems).toEqual([]);
    if (report.ok) expect(report.manifest.alertId).toBe(captured);
  });

  it("names the file in Chinese for a Chinese reader", async () => {
    const res = await get(`/alerts/${captured}/evidence`, { ...bearer(brandA), "accept-language": "zh-CN" });
    expect(res.status).toBe(200);
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? "")).toMatch(/^取证包-GLU-50-/);
    await res.arrayBuffer();
  });

  it("links the download on a brand user's alert page, never on a distributor's", async () => {
    const brandPage = await (await get(`/alerts/${captured}`, bearer(brandA))).text();
    expect(brandPage).toContain(`href="/alerts/${captured}/evidence"`);
    expect(brandPage).toContain("Download evidence");
    const distributorPage = await get(`/alerts/${distributorsOwn}`, bearer(distA));
    expect(distributorPage.status).toBe(200);
    const text = await distributorPage.text();
    expect(text).not.toContain("/evidence");
    expect(text).not.toContain("Download evidence");
  });

  it("refuses a distributor with 403, even for its own alert", async () => {
    for (const id of [distributorsOwn, captured]) {
      const res = await get(`/alerts/${id}/evidence`, bearer(distA));
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-disposition")).toBeNull();
      expect(await res.text()).toContain("Evidence bundles are for brand users.");
    }
  });

  it("gives another tenant the same 404 as an unknown id", async () => {
    const other = await get(`/alerts/${captured}/evidence`, bearer(brandB));
    const unknown = await get(`/alerts/${"f".repeat(32)}/evidence`, bearer(brandB));
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(other.headers.get("content-disposition")).toBeNull();
    expect(await other.text()).toBe(await unknown.text());
  });

  it("says so when an alert has no capture", async () => {
    const res = await get(`/alerts/${uncaptured}/evidence`, bearer(brandA));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This alert has no signed capture yet");
  });
});

describe("evidence file names", () => {
  it("keeps only safe characters from the SKU and dates the capture in the tenant's zone", () => {
    const name = evidenceFileName({
      stem: "取证包",
      sku: `../"x";\r\nGLU 50`,
      alertId: "555d9723abcdef01",
      capturedAt: "2026-12-06T17:30:00.000Z",
      timeZone: "Asia/Shanghai",
    });
    expect(name).toEqual({
      ascii: "pricewarden-evidence-x-GLU-50-555d9723-2026-12-07.zip",
      utf8: "取证包-x-GLU-50-555d9723-2026-12-07.zip",
    });
    expect(contentDisposition(name)).toBe(
      `attachment; filename="pricewarden-evidence-x-GLU-50-555d9723-2026-12-07.zip"; filename*=UTF-8''%E5%8F%96%E8%AF%81%E5%8C%85-x-GLU-50-555d9723-2026-12-07.zip`,
    );
  });
});
