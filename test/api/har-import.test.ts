import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import type { Caller } from "../../functions/api/caller.js";
import { HAR_UPLOAD_MAX_BYTES, type HarImportSummary } from "../../functions/api/har-upload.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import { createEvidenceRecorder } from "../../functions/evidence/evidence-recorder.js";
import { loadOrCreateLocalSigner } from "../../functions/evidence/local-evidence-signer.js";
import type { OutgoingMessage } from "../../functions/notify/notify-sender.js";
import { LocalBlobStore } from "../../functions/store/blob-store.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";
import {
  type ApiTestStack,
  bearer,
  brandA,
  distA,
  headerAuthenticator,
  startApiTestStack,
  TENANT_A,
} from "./api-test-stack.js";

/**
 * "The dashboard accepts the same upload": a HAR a channel manager recorded in their browser,
 * uploaded through `POST /api/imports` and through the dashboard's `/imports` form, imported as
 * `pricewarden import` does. JD's shapes as in test/e2e/har-import.test.ts; values are this test's.
 */

/** Entity-encoded in the platform's JSON: what extraction reads is a literal tag. */
const HOSTILE_TITLE = `安可血糖试纸 50片 &lt;script&gt;alert("har")&lt;/script&gt;`;
const HOSTILE_SHOP = `&lt;img src=x onerror=alert(1)&gt;药店`;

function importConfig(): TenantConfig {
  const result = validateConfig({
    tenant: TENANT_A,
    channels: [{ id: "jd", name: "京东", match: ["jd.com"], profile: "jd" }],
    products: [
      {
        sku: "GLU-50",
        name: "安可血糖试纸 50片",
        match: { keywords: [["安可", "血糖试纸"]], packSize: 50 },
        minPrice: 139,
        category: "device",
      },
    ],
    officialSellers: [{ channel: "jd", name: "安可京东自营旗舰店", id: "10001" }],
    distributors: [
      { id: "dist-a", name: "上海康恒医药", sellers: [{ channel: "jd", name: "康恒医疗器械专营店" }] },
    ],
    rules: { minPrice: { basis: "effective" }, authorizedSeller: {} },
    notify: [{ type: "webhook", id: "managers", url: "https://hooks.example/pricewarden" }],
    watch: [],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

function entry(url: string, mimeType: string, text: string, pageref?: string) {
  return {
    ...(pageref ? { pageref } : {}),
    startedDateTime: "2026-03-01T07:00:00.000Z",
    request: { method: "GET", url, headers: [{ name: "Cookie", value: "thor=secret" }] },
    response: {
      status: 200,
      headers: [{ name: "Content-Type", value: mimeType }],
      content: { mimeType, text },
    },
  };
}

/** A JD item page (pageConfig) and its pc_detailpage_wareBusiness answer, plus a page of no channel. */
function jdHar(opts: { sku: string; title?: string; shop?: string }): string {
  const item = `https://item.jd.com/${opts.sku}.html`;
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>安可血糖试纸 50片-京东</title>
<script>var pageConfig = { product: { skuid: ${opts.sku}, name: '安可血糖试纸 50片 家用', shopId: '88001', venderId: 77001,
 cat: [9192, 12632, 12633], specialAttrs: ['isOTCCat-0', 'isPrescriptCat-0'], isSelf: !1, warestatus: 1 } };</script></head>
<body><div class="sku-name">安可血糖试纸 50片 家用</div></body></html>`;
  const wareBusiness = {
    price: { p: "149.00", op: "199.00", finalPrice: { price: "129.00", priceContent: "到手价" } },
    colorSizeVO: { stockInfo: { [opts.sku]: { stockState: 33 } } },
    wareInfoReadMap: {
      shop_name: opts.shop ?? "好药师健康专营店",
      vender_id: "77001",
      sku_name: opts.title ?? "安可血糖试纸 50片",
    },
    pageConfigVO: { shopId: "88001", isSelf: false },
  };
  return JSON.stringify({
    log: {
      version: "1.2",
      creator: { name: "test", version: "1" },
      pages: [{ id: "page_1", title: item, startedDateTime: "2026-03-01T07:00:00.000Z" }],
      entries: [
        entry(item, "text/html", page, "page_1"),
        entry(
          `https://api.m.jd.com/?appid=pc-item-soa&functionId=pc_detailpage_wareBusiness&body=${encodeURIComponent(JSON.stringify({ skuId: Number(opts.sku) }))}`,
          "application/json",
          JSON.stringify(wareBusiness),
          "page_1",
        ),
        entry("https://shop.example.org/p/1.html", "text/html", "<html><body>安可血糖试纸 ¥99</body></html>"),
      ],
    },
  });
}

let stack: ApiTestStack;
let server: ApiServer;
/** Same data, with evidence, a sender and a small upload limit wired into the API deps. */
let wired: ApiServer;
let dir: string;
let closeDoc: () => void;
const sent: OutgoingMessage[] = [];

beforeAll(async () => {
  stack = await startApiTestStack();
  const config = importConfig();
  server = await startApiServer({
    app: createApiApp({ ...stack.deps, configs: () => config, authenticate: headerAuthenticator }),
    port: 0,
    host: "127.0.0.1",
  });
  dir = mkdtempSync(join(tmpdir(), "pricewarden-har-upload-"));
  const doc = createDocumentClient({ endpoint: stack.db.endpoint });
  closeDoc = () => doc.destroy();
  const signer = await loadOrCreateLocalSigner(dir);
  const evidence = new EvidenceRepository(doc, stack.db.tableName);
  wired = await startApiServer({
    app: createApiApp({
      ...stack.deps,
      configs: () => config,
      authenticate: headerAuthenticator,
      evidence,
      imports: {
        evidence: () =>
          createEvidenceRecorder({ evidence, blobs: new LocalBlobStore(join(dir, "evidence")), signer }),
        send: async (_target, message) => {
          sent.push(message);
          return { ok: true, status: 200 };
        },
        maxBytes: 64 * 1024,
      },
    }),
    port: 0,
    host: "127.0.0.1",
  });
});
afterAll(async () => {
  await wired?.close();
  await server?.close();
  closeDoc?.();
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const postJson = (caller: Caller, body: string, base = server.url, contentType = "application/json") =>
  fetch(`${base}/api/imports`, {
    method: "POST",
    headers: { ...bearer(caller), "content-type": contentType },
    body,
  });

const postForm = (caller: Caller, har: string, opts: { base?: string; origin?: string } = {}) => {
  const form = new FormData();
  form.set("har", new Blob([har], { type: "application/json" }), "jd.har");
  const base = opts.base ?? server.url;
  return fetch(`${base}/imports`, {
    method: "POST",
    headers: { ...bearer(caller), origin: opts.origin ?? base },
    body: form,
  });
};

describe("POST /api/imports", () => {
  it("imports a HAR for the caller's tenant as `pricewarden import` does: alerts, outcomes, pages not recorded", async () => {
    const har = jdHar({ sku: "100012345678" });
    const res = await postJson(brandA, har);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HarImportSummary;
    expect(body.har).toBe(createHash("sha256").update(har, "utf8").digest("hex"));
    expect(body).toMatchObject({
      pages: 2,
      listings: 1,
      alertsNew: 2,
      notRecorded: ["https://shop.example.org/p/1.html"],
      evidence: false,
      notifications: "queued",
      deliveries: null,
    });
    expect(body.outcomes).toContainEqual({
      url: "https://item.jd.com/100012345678.html",
      outcome: "ok",
      reason: null,
    });
    expect(body.extracted).toContainEqual(
      expect.objectContaining({
        url: "https://item.jd.com/100012345678.html",
        price: "149",
        finalPrice: "129",
        seller: "好药师健康专营店",
        ad: false,
      }),
    );
    expect(body.alerts.map((a) => [a.type, a.new]).sort()).toEqual([
      ["below_min_price", true],
      ["unauthorized_seller", true],
    ]);

    // Recorded for the tenant: the alerts are there, the ¥129 to-hand price below the ¥139 floor,
    // and their notifications wait in the queue for the notifier.
    const alerts = (await (await fetch(`${server.url}/api/alerts`, { headers: bearer(brandA) })).json()) as {
      alerts: Array<{
        id: string;
        type: string;
        url: string;
        price: string;
        deliveries: Record<string, unknown>;
      }>;
    };
    const onItem = alerts.alerts.filter((a) => a.url === "https://item.jd.com/100012345678.html");
    expect(onItem.map((a) => a.type).sort()).toEqual(["below_min_price", "unauthorized_seller"]);
    expect(onItem.find((a) => a.type === "below_min_price")?.price).toBe("129.00");
    for (const a of onItem) expect(a.deliveries.managers).toMatchObject({ state: "pending" });
    expect(body.alerts.map((a) => a.id).sort()).toEqual(onItem.map((a) => a.id).sort());

    // The same file again: the same alerts, seen again, none new.
    const again = (await (await postJson(brandA, har)).json()) as HarImportSummary;
    expect(again.alertsNew).toBe(0);
    expect(again.alerts.every((a) => !a.new)).toBe(true);
  });

  it("refuses distributors before reading anything", async () => {
    const res = await postJson(distA, jdHar({ sku: "100099990001" }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "forbidden" });
    const alerts = (await (await fetch(`${server.url}/api/alerts`, { headers: bearer(brandA) })).json()) as {
      alerts: Array<{ url: string }>;
    };
    expect(alerts.alerts.some((a) => a.url.includes("100099990001"))).toBe(false);
  });

  it("refuses a file that is not a HAR with the parser's reason, and a body that is not JSON-typed", async () => {
    const notHar = await postJson(brandA, JSON.stringify({ hello: "world" }));
    expect(notHar.status).toBe(400);
    expect(await notHar.json()).toMatchObject({
      error: "bad_request",
      message: expect.stringContaining("not a HAR 1.2 file"),
    });
    const notJson = await postJson(brandA, "<html>not json</html>");
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toContain(
      "not a HAR file: it is not JSON",
    );
    const asText = await fetch(`${server.url}/api/imports`, {
      method: "POST",
      headers: { ...bearer(brandA), "content-type": "text/plain", origin: server.url },
      body: jdHar({ sku: "100099990002" }),
    });
    expect(asText.status).toBe(415);
  });

  it("refuses a body over the limit with 413", async () => {
    const res = await postJson(brandA, "x".repeat(HAR_UPLOAD_MAX_BYTES + 1));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: "payload_too_large",
      message: expect.stringContaining("50 MB"),
    });
  });

  it("uses the evidence recorder and the sender the API deps carry", async () => {
    const res = await postJson(brandA, jdHar({ sku: "100012340002" }), wired.url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HarImportSummary;
    expect(body).toMatchObject({ evidence: true, notifications: "sent", alertsNew: 2 });
    expect(body.deliveries?.delivered).toBeGreaterThanOrEqual(2);
    expect(sent.flatMap((m) => m.items.map((i) => i.alert.id))).toEqual(
      expect.arrayContaining(body.alerts.map((a) => a.id)),
    );
    const doc = createDocumentClient({ endpoint: stack.db.endpoint });
    try {
      const evidence = new EvidenceRepository(doc, stack.db.tableName);
      for (const alert of body.alerts) expect(await evidence.list(TENANT_A, alert.id)).toHaveLength(1);
    } finally {
      doc.destroy();
    }
  });
});

describe("the dashboard's /imports page", () => {
  it("explains how to record a HAR, in Chinese too, and is linked for brand users only", async () => {
    const page = await (await fetch(`${server.url}/imports`, { headers: bearer(brandA) })).text();
    expect(page).toContain('<a href="/imports" class="on">Import HAR</a>');
    expect(page).toContain("F12");
    expect(page).toContain("Preserve log");
    expect(page).toContain("Save all as HAR with content");
    expect(page).toContain("keep it like a password");
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain('<input type="file" name="har"');
    expect(page).not.toMatch(/<script/i);
    const zh = await (
      await fetch(`${server.url}/imports`, { headers: { ...bearer(brandA), "accept-language": "zh-CN" } })
    ).text();
    expect(zh).toContain(">导入 HAR</a>");
    expect(zh).toContain("保留日志");
    expect(zh).toContain("像保管密码一样保管它");

    const asDistributor = await fetch(`${server.url}/imports`, { headers: bearer(distA) });
    expect(asDistributor.status).toBe(403);
    expect(await (await fetch(`${server.url}/`, { headers: bearer(distA) })).text()).not.toContain(
      'href="/imports"',
    );
    const distributorPost = await postForm(distA, jdHar({ sku: "100099990003" }));
    expect(distributorPost.status).toBe(403);
  });

  it("imports an uploaded file and shows listings, outcomes and links to the new alerts, escaped", async () => {
    const har = jdHar({ sku: "100012340001", title: HOSTILE_TITLE, shop: HOSTILE_SHOP });
    const res = await postForm(brandA, har);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("2 pages, 1 listing recorded, 2 new alerts.");
    expect(page).toContain(createHash("sha256").update(har, "utf8").digest("hex"));
    expect(page).toContain("No signed evidence was captured on this server");
    expect(page).toContain("Notifications are queued");
    // The listing: title, price, to-hand price, seller, source.
    expect(page).toContain('href="https://item.jd.com/100012340001.html" rel="noopener noreferrer nofollow"');
    expect(page).toContain("¥149");
    expect(page).toContain("¥129");
    expect(page).toContain("jd-ware-business");
    // Stranger-written text, escaped.
    expect(page).not.toContain('<script>alert("har")');
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;alert(&quot;har&quot;)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;药店");
    // Per-page outcomes, and the page no channel matches.
    expect(page).toMatch(/<span class="badge ok">Read<\/span>/);
    expect(page).toContain("https://shop.example.org/p/1.html");
    expect(page).toContain("Not recorded: no channel of the config matches these pages");
    // Links to the alerts it raised, which exist.
    const links = [...page.matchAll(/<a href="(\/alerts\/[0-9a-f]+)">/g)].map((m) => m[1]);
    expect(links).toHaveLength(2);
    for (const link of links) {
      const alert = await fetch(`${server.url}${link}`, { headers: bearer(brandA) });
      expect(alert.status).toBe(200);
      expect(await alert.text()).not.toContain("<script>alert");
    }
    expect(page.match(/<span class="badge bad">new<\/span>/g)).toHaveLength(2);
  });

  it("refuses a cross-site post, a file that is not a HAR (400 with the reason) and a file over the limit (413)", async () => {
    const crossSite = await postForm(brandA, jdHar({ sku: "100099990004" }), {
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);

    const notHar = await postForm(brandA, `{"log":{"entries":"<b>nope</b>"}}`);
    expect(notHar.status).toBe(400);
    const page = await notHar.text();
    expect(page).toContain("This file could not be imported:");
    expect(page).toContain("not a HAR 1.2 file");
    expect(page).toContain('<input type="file" name="har"');

    const noFile = await fetch(`${server.url}/imports`, {
      method: "POST",
      headers: { ...bearer(brandA), origin: server.url },
      body: new FormData(),
    });
    expect(noFile.status).toBe(400);
    expect(await noFile.text()).toContain("Choose a HAR file to upload.");

    const tooLarge = await postForm(brandA, "x".repeat(64 * 1024 + 1), { base: wired.url });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain("The file is larger than 64 KB");
  });
});
