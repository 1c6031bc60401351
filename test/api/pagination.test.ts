import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import type { Caller } from "../../functions/api/caller.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import { encodeCursor } from "../../functions/api/page-cursor.js";
import { type AlertSeverity, type AlertStatus, SEVERITY_RANK } from "../../functions/core/alert.js";
import type { TenantConfig } from "../../functions/core/config.js";
import type { StoredAlert } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { keys } from "../../functions/store/keys.js";
import type { ListingState } from "../../functions/store/listing-repository.js";
import {
  type ApiTestStack,
  bearer,
  brandA,
  headerAuthenticator,
  startApiTestStack,
  tenantConfig,
} from "./api-test-stack.js";

const TENANT = "bulk";
const ALERTS = 10_000;
/** Every 8th alert is dist-a's; every 5th of those monitoring-only (never shown to dist-a). */
const isDistributors = (i: number) => i % 8 === 0;
const isMonitoringOnly = (i: number) => isDistributors(i) && i % 5 === 0;
const SMALL_PAGE_BYTES = 200 * 1024;
/** Walking 10,000 items through the embedded store takes long on a loaded two-core machine. */
const WALK_TIMEOUT_MS = 600_000;

const bulkBrand: Caller = { tenant: TENANT, role: "brand", name: "ops@bulk.example" };
const bulkDist: Caller = {
  tenant: TENANT,
  role: "distributor",
  distributorId: "dist-a",
  name: "d@bulk.example",
};

let stack: ApiTestStack;
let server: ApiServer;
let doc: DynamoDBDocumentClient;

const severityOf = (i: number): AlertSeverity => (["high", "medium", "low"] as const)[i % 3]!;
const statusOf = (i: number): AlertStatus => (i % 10 === 0 ? "acknowledged" : "open");

/** The item exactly as AlertRepository stores it (keys.ts), written 25 at a time with BatchWriteItem. */
function alertItem(i: number): Record<string, unknown> {
  const id = i.toString(16).padStart(16, "0");
  const lastSeen = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  const distributorId = isDistributors(i) ? "dist-a" : null;
  const alert: StoredAlert = {
    type: isMonitoringOnly(i) ? "below_min_price" : "unauthorized_seller",
    severity: severityOf(i),
    sku: "GLU-50",
    listingId: `l${id}`,
    url: `https://item.jd.example/${i}.html`,
    channel: "jd",
    seller: `店铺 ${i}`,
    sellerId: null,
    distributorId,
    price: 9900,
    listedPrice: 9900,
    threshold: 15900,
    currency: "CNY",
    explanation: `Unauthorized seller 店铺 ${i} sells GLU-50 at ¥99.00`,
    inputs: {},
    monitoringOnly: isMonitoringOnly(i),
    id,
    tenant: TENANT,
    status: statusOf(i),
    firstSeen: lastSeen,
    lastSeen,
    occurrences: 1,
    cleanRuns: 0,
    evidence: [],
    history: [{ at: lastSeen, status: "open", by: "pricewarden" }],
    deliveries: {},
    lastRunId: "run-bulk",
    version: 0,
    dismissedPrice: null,
  };
  return {
    ...alert,
    pk: keys.alert(TENANT, id),
    sk: "ALERT",
    gsi1pk: keys.alertsByStatus(TENANT, alert.status),
    gsi1sk: `${alert.severity}#${alert.lastSeen}#${id}`,
    ...(distributorId
      ? { gsi2pk: keys.distributor(TENANT, distributorId), gsi2sk: `A#${alert.lastSeen}#${id}` }
      : {}),
  };
}

const LISTINGS = 300;
/** Three listings per seller, so seller groups straddle page ends unless a page is cut back. */
const sellerOf = (i: number) => `卖家 ${String(Math.floor(i / 3)).padStart(3, "0")}`;

/** A listing state item as ListingRepository.putState stores it. */
function listingItem(i: number): Record<string, unknown> {
  const listingId = `bulk${String(i).padStart(5, "0")}`;
  const sku = i % 2 === 0 ? "GLU-50" : "BPM-01";
  const seller = sellerOf(i);
  const distributorId = i % 10 === 0 ? "dist-a" : null;
  const state: ListingState = {
    listingId,
    url: `https://item.jd.example/${listingId}.html`,
    channel: "jd",
    sku,
    title: `安可 ${i}`,
    seller,
    sellerId: null,
    sellerKind: distributorId ? "distributor" : "unknown",
    distributorId,
    shipFrom: null,
    listedPrice: 9900 + i,
    effectivePrice: 9900 + i,
    perPackPrice: 9900 + i,
    currency: "CNY",
    availability: "InStock",
    outcome: "ok",
    outcomeReason: null,
    consecutiveFailures: 0,
    lastCheckedAt: "2026-02-02T00:00:00.000Z",
    lastObservationAt: "2026-02-02T00:00:00.000Z",
    activeAlertIds: [],
    matchConfidence: 1,
    mentionsBrand: true,
  };
  return {
    ...state,
    pk: keys.listing(TENANT, listingId),
    sk: "STATE",
    gsi1pk: keys.listingsBySku(TENANT, sku),
    gsi1sk: `jd#${seller}#${listingId}`,
    ...(distributorId ? { gsi2pk: keys.distributor(TENANT, distributorId), gsi2sk: `L#${listingId}` } : {}),
  };
}

beforeAll(async () => {
  stack = await startApiTestStack();
  doc = createDocumentClient({ endpoint: stack.db.endpoint });
  const items = [
    ...Array.from({ length: ALERTS }, (_, i) => alertItem(i)),
    ...Array.from({ length: LISTINGS }, (_, i) => listingItem(i)),
  ];
  const batches: Array<Record<string, unknown>[]> = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  // A few writers at a time; dynalite may leave items unprocessed, which are sent again.
  const writer = async () => {
    for (let batch = batches.pop(); batch; batch = batches.pop()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const out = await doc.send(
          new BatchWriteCommand({ RequestItems: { [stack.db.tableName]: requests } }),
        );
        requests = (out.UnprocessedItems?.[stack.db.tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  const configs: Record<string, TenantConfig> = { [TENANT]: tenantConfig(TENANT), ...stack.configs };
  server = await startApiServer({
    app: createApiApp({
      ...stack.deps,
      configs: (tenant) => configs[tenant] ?? null,
      authenticate: headerAuthenticator,
    }),
    port: 0,
    host: "127.0.0.1",
  });
}, 600_000);

afterAll(async () => {
  await server?.close();
  doc?.destroy();
  await stack?.close();
  await patient.close();
});

// No wall-clock limit of the client's own: a 10,000-alert export on a loaded machine may pause
// longer than undici's default body timeout; the test's timeout is the only clock.
const patient = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
const get = (caller: Caller, path: string) =>
  fetch(`${server.url}${path}`, { headers: bearer(caller), dispatcher: patient });

interface AlertsPage {
  alerts: Array<{ id: string; severity: AlertSeverity; status: AlertStatus; monitoringOnly: boolean }>;
  nextCursor: string | null;
}

async function walk(caller: Caller, query: string): Promise<AlertsPage["alerts"]> {
  const seen: AlertsPage["alerts"] = [];
  let cursor: string | null = null;
  do {
    const res = await get(caller, `/api/alerts?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as AlertsPage;
    seen.push(...page.alerts);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe("pagination at 10,000 alerts", () => {
  it("answers /api/alerts with one small page and a cursor", async () => {
    const res = await get(bulkBrand, "/api/alerts");
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.length).toBeLessThan(SMALL_PAGE_BYTES);
    const page = JSON.parse(text) as AlertsPage;
    expect(page.alerts).toHaveLength(50);
    expect(page.alerts.every((a) => a.severity === "high" && a.status === "open")).toBe(true);
    expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const capped = await get(bulkBrand, "/api/alerts?limit=201");
    expect(capped.status).toBe(400);
    const biggest = await (await get(bulkBrand, "/api/alerts?limit=200&status=all")).arrayBuffer();
    expect(biggest.byteLength).toBeLessThan(SMALL_PAGE_BYTES);
    const dashboard = await (await get(bulkBrand, "/alerts?status=all")).arrayBuffer();
    // The numbers docs/api.md quotes.
    console.log(
      `bytes at ${ALERTS} alerts: /api/alerts ${Buffer.byteLength(text)}, /api/alerts?limit=200 ${biggest.byteLength}, dashboard /alerts ${dashboard.byteLength}`,
    );
  });

  it(
    "walking every cursor returns every alert exactly once, most severe first",
    async () => {
      const all = await walk(bulkBrand, "status=all&limit=200");
      expect(all).toHaveLength(ALERTS);
      expect(new Set(all.map((a) => a.id)).size).toBe(ALERTS);
      const ranks = all.map((a) => SEVERITY_RANK[a.severity]);
      expect(ranks.every((r, i) => i === 0 || r <= ranks[i - 1]!)).toBe(true);
      // A filter that keeps few items still walks to the end, in bounded reads per request.
      const acknowledged = await walk(bulkBrand, "status=acknowledged&limit=37");
      expect(acknowledged).toHaveLength(ALERTS / 10);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    "combines every filter and sort with the cursor: each walk returns exactly the matching alerts, in order",
    async () => {
      const idOf = (i: number) => i.toString(16).padStart(16, "0");
      const indexes = Array.from({ length: ALERTS }, (_, i) => i);
      // Newest first across statuses, one severity: lastSeen grows with i.
      const medium = await walk(bulkBrand, "status=active&severity=medium&sort=newest&limit=97");
      expect(medium.map((a) => a.id)).toEqual(
        indexes
          .filter((i) => severityOf(i) === "medium")
          .reverse()
          .map(idOf),
      );
      // Oldest first, a shop-name part and a status.
      const shops = await walk(
        bulkBrand,
        `status=acknowledged&seller=${encodeURIComponent("店铺 12")}&sort=oldest&limit=7`,
      );
      expect(shops.map((a) => a.id)).toEqual(
        indexes.filter((i) => statusOf(i) === "acknowledged" && `店铺 ${i}`.includes("店铺 12")).map(idOf),
      );
      // Days in the tenant's zone (Asia/Shanghai, UTC+8): 2026-01-02 is 01-01 16:00Z to 01-02 16:00Z.
      const days = await walk(bulkBrand, "status=all&severity=high&from=2026-01-02&to=2026-01-02&limit=50");
      const expected = indexes.filter((i) => severityOf(i) === "high" && i >= 960 && i < 2400);
      expect(new Set(days.map((a) => a.id))).toEqual(new Set(expected.map(idOf)));
      expect(days).toHaveLength(expected.length);
      // A cursor of one order is not one of another's.
      const newest = (await (await get(bulkBrand, "/api/alerts?sort=newest")).json()) as AlertsPage;
      expect((await get(bulkBrand, `/api/alerts?cursor=${newest.nextCursor}`)).status).toBe(400);
    },
    WALK_TIMEOUT_MS,
  );

  it("counts every status for the tabs, by the store", async () => {
    const counts = (await (await get(bulkBrand, "/api/alerts/counts")).json()) as {
      counts: Record<string, number>;
    };
    expect(counts.counts).toEqual({
      open: ALERTS - ALERTS / 10,
      acknowledged: ALERTS / 10,
      resolved: 0,
      dismissed: 0,
      snoozed: 0,
      active: ALERTS,
      all: ALERTS,
    });
    const page = await (await get(bulkBrand, "/alerts?status=acknowledged")).text();
    expect(page).toContain(
      `<a class="tab current" aria-current="page" href="/alerts?status=acknowledged">Acknowledged <span class="count">${ALERTS / 10}</span></a>`,
    );
    expect(page).toContain("<title>Acknowledged alerts");
  });

  it(
    "walks a distributor's own alerts only, never a monitoring-only one",
    async () => {
      const mine = await walk(bulkDist, "status=all&limit=100");
      const expected = Array.from({ length: ALERTS }, (_, i) => i).filter(
        (i) => isDistributors(i) && !isMonitoringOnly(i),
      );
      expect(mine).toHaveLength(expected.length);
      expect(new Set(mine.map((a) => a.id))).toEqual(
        new Set(expected.map((i) => i.toString(16).padStart(16, "0"))),
      );
    },
    WALK_TIMEOUT_MS,
  );

  it("refuses a cursor forged into another tenant's or another distributor's partition with 400", async () => {
    const forged = (key: Record<string, string>, segment = 0) => encodeCursor({ segment, key });
    const attempts = [
      // Tenant A's open high alerts, from tenant bulk's list.
      forged({
        pk: keys.alert(brandA.tenant, "0".repeat(16)),
        sk: "ALERT",
        gsi1pk: keys.alertsByStatus(brandA.tenant, "open"),
        gsi1sk: "high#2026",
      }),
      // The right partition name but a primary key in another tenant.
      forged({
        pk: keys.alert(brandA.tenant, "0".repeat(16)),
        sk: "ALERT",
        gsi1pk: keys.alertsByStatus(TENANT, "open"),
        gsi1sk: "high#2026",
      }),
      // Another index's attributes.
      forged({
        pk: keys.alert(TENANT, "0".repeat(16)),
        sk: "ALERT",
        gsi2pk: keys.distributor(TENANT, "dist-b"),
        gsi2sk: "A#2026",
      }),
      forged({ pk: keys.alert(TENANT, "0"), sk: "ALERT" }, 99),
      "not-a-cursor!",
      Buffer.from('{"s":0,"k":{"pk":1}}').toString("base64url"),
    ];
    for (const cursor of attempts) {
      const res = await get(bulkBrand, `/api/alerts?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(await res.json()).toMatchObject({ problems: [{ path: "cursor" }] });
    }
    // A distributor cannot resume into another distributor's partition, nor into the brand's lists.
    const otherDistributor = forged({
      pk: keys.alert(TENANT, "0".repeat(16)),
      sk: "ALERT",
      gsi2pk: keys.distributor(TENANT, "dist-b"),
      gsi2sk: "A#2026",
    });
    expect((await get(bulkDist, `/api/alerts?cursor=${otherDistributor}`)).status).toBe(400);
    const brandCursor = ((await (await get(bulkBrand, "/api/alerts")).json()) as AlertsPage).nextCursor!;
    expect((await get(bulkDist, `/api/alerts?cursor=${brandCursor}`)).status).toBe(400);
    // And a real cursor of tenant bulk means nothing to tenant A.
    expect((await get(brandA, `/api/alerts?cursor=${brandCursor}`)).status).toBe(400);
    expect((await get(bulkBrand, `/alerts?cursor=${otherDistributor}`)).status).toBe(400);
  });

  it(
    "keeps the dashboard page small, with next and previous links that lead back",
    async () => {
      const first = await get(bulkBrand, "/alerts?status=all");
      const firstHtml = await first.text();
      expect(first.status).toBe(200);
      expect(firstHtml.length).toBeLessThan(SMALL_PAGE_BYTES);
      // Each row links its alert twice (its name and its actions): one id per row.
      const idsOf = (html: string) => [
        ...new Set([...html.matchAll(/href="\/alerts\/([0-9a-f]{16})"/g)].map((m) => m[1])),
      ];
      expect(idsOf(firstHtml)).toHaveLength(50);
      expect(firstHtml).not.toContain('rel="prev"');
      const next = /<a rel="next" href="([^"]+)"/.exec(firstHtml)?.[1]?.replaceAll("&amp;", "&");
      expect(next).toMatch(/^\/alerts\?status=all&cursor=/);
      const secondHtml = await (await get(bulkBrand, next!)).text();
      expect(idsOf(secondHtml)).toHaveLength(50);
      expect(idsOf(secondHtml).filter((id) => idsOf(firstHtml).includes(id))).toEqual([]);
      const third = /<a rel="next" href="([^"]+)"/.exec(secondHtml)?.[1]?.replaceAll("&amp;", "&");
      const thirdHtml = await (await get(bulkBrand, third!)).text();
      const back = /<a rel="prev" href="([^"]+)"/.exec(thirdHtml)?.[1]?.replaceAll("&amp;", "&");
      expect(back).toMatch(/before=/);
      expect(idsOf(await (await get(bulkBrand, back!)).text())).toEqual(idsOf(secondHtml));
      const backToFirst = /<a rel="prev" href="([^"]+)"/.exec(secondHtml)?.[1]?.replaceAll("&amp;", "&");
      expect(idsOf(await (await get(bulkBrand, backToFirst!)).text())).toEqual(idsOf(firstHtml));
    },
    WALK_TIMEOUT_MS,
  );

  // It once stalled: a page of the walk with no rows made the stream's pull enqueue nothing, and a
  // web stream never pulls again after that (alert-export-stream.ts reads on past such pages).
  it(
    "exports every alert by paging through the store",
    async () => {
      const res = await get(bulkBrand, "/api/export/alerts.csv?status=all");
      expect(res.status).toBe(200);
      const lines = (await res.text()).trimEnd().split("\r\n");
      expect(lines).toHaveLength(ALERTS + 1);
      // Every row once: each carries its alert's id and listing, wherever the columns sit.
      expect(new Set(lines.slice(1)).size).toBe(ALERTS);
    },
    WALK_TIMEOUT_MS,
  );

  it("pages listings and sellers the same way, whole sellers per page, cursors checked", async () => {
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(bulkBrand, `/api/listings?limit=70${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        listings: Array<{ listingId: string }>;
        nextCursor: string | null;
      };
      listed.push(...page.listings.map((l) => l.listingId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed).toHaveLength(LISTINGS);
    expect(new Set(listed).size).toBe(LISTINGS);

    // Seven listings a page, three per seller: each page ends at a seller's last listing.
    const sellers: Array<{ name: string; count: string }> = [];
    let next: string | undefined = "/sellers?sku=GLU-50&limit=7";
    while (next) {
      const html = await (await get(bulkBrand, next)).text();
      for (const m of html.matchAll(/<td>(卖家 \d{3})<\/td>\n<td>[^\n]*<\/td>\n<td class="num">(\d+)<\/td>/g))
        sellers.push({ name: m[1]!, count: m[2]! });
      next = /<a rel="next" href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    }
    const expected = [
      ...new Set(
        Array.from({ length: LISTINGS }, (_, i) => i)
          .filter((i) => i % 2 === 0)
          .map(sellerOf),
      ),
    ];
    expect(sellers.map((s) => s.name)).toEqual(expected.sort());
    expect(new Set(sellers.map((s) => s.name)).size).toBe(sellers.length);

    const otherTenant = encodeCursor({
      segment: 0,
      key: {
        pk: keys.listing(brandA.tenant, "l0001a"),
        sk: "STATE",
        gsi1pk: keys.listingsBySku(brandA.tenant, "GLU-50"),
        gsi1sk: "jd#x#l0001a",
      },
    });
    expect((await get(bulkBrand, `/api/listings?cursor=${otherTenant}`)).status).toBe(400);
    expect((await get(bulkBrand, `/api/history?sku=GLU-50&cursor=${otherTenant}`)).status).toBe(400);
    expect((await get(bulkBrand, `/sellers?cursor=${otherTenant}`)).status).toBe(400);
    const mine = (await (await get(bulkDist, "/api/listings?limit=200")).json()) as { listings: unknown[] };
    expect(mine.listings).toHaveLength(LISTINGS / 10);
  });
});
