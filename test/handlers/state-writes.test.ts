import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listingIdOf } from "../../functions/core/alert-identity.js";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { processTarget } from "../../functions/stages/cycle.js";
import { STATE_HEARTBEAT_MS } from "../../functions/stages/record.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository, type ListingState } from "../../functions/store/listing-repository.js";
import { type LocalServer, productPage, startLocalServer, testConfig } from "./support.js";

const TENANT = "acme-writes";
let db: EmbeddedDynamo;
let site: LocalServer;
let price = "189.00";
let listings: ListingRepository;
let alerts: AlertRepository;
const puts: ListingState[] = [];

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  site = await startLocalServer(() => ({
    "/item/1.html": productPage({ title: "安可血糖试纸 50片 正品", price, seller: "某某医疗专营店" }),
  }));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  alerts = new AlertRepository(doc, db.tableName);
  listings = new ListingRepository(doc, db.tableName);
  const putState = listings.putState.bind(listings);
  listings.putState = async (tenant, state) => {
    puts.push(state);
    await putState(tenant, state);
  };
});
afterAll(async () => {
  await site.close();
  await db.close();
});

describe("listing state writes", () => {
  it("skip a state that only the check time would change, within a day, and keep every change", async () => {
    const config = testConfig(TENANT, site.origin);
    const url = `${site.origin}/item/1.html`;
    const t0 = Date.parse("2026-03-01T00:00:00.000Z");
    const check = async (at: number) => {
      const fetcher = createFetcher(config.network);
      try {
        return await processTarget(
          { config, fetcher, alerts, listings, now: () => new Date(at) },
          { kind: "product", url, channel: "shop", sku: "GLU-50" },
          "run",
        );
      } finally {
        await fetcher.close();
      }
    };
    const stored = () => listings.getState(TENANT, listingIdOf(canonicalUrl(url)));

    await check(t0);
    expect(puts).toHaveLength(1);
    const first = await stored();

    await check(t0 + 60 * 60 * 1000);
    expect(puts).toHaveLength(1);
    expect(await stored()).toEqual(first);

    price = "99.00";
    const changed = await check(t0 + 2 * 60 * 60 * 1000);
    expect(changed.kind === "listing" && changed.findings.map((f) => f.type)).toContain("below_min_price");
    expect(puts).toHaveLength(2);
    expect((await stored())?.listedPrice).toBe(9900);

    // Same price again: the open alert is in the state already, so nothing to write…
    await check(t0 + 3 * 60 * 60 * 1000);
    expect(puts).toHaveLength(2);
    // …until a day after the last write, so "last checked" is never more than a day old.
    const late = t0 + 2 * 60 * 60 * 1000 + STATE_HEARTBEAT_MS;
    await check(late);
    expect(puts).toHaveLength(3);
    expect((await stored())?.lastCheckedAt).toBe(new Date(late).toISOString());
  });
});
