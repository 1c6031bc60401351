import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import type { TenantConfig } from "../../functions/core/config.js";
import { draftNotice } from "../../functions/core/notice.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { DEMO_TRUTH } from "../../functions/local/demo-site/truth.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { runCycle } from "../../functions/stages/cycle.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { demoConfig } from "../support/demo-stack.js";

let site: { url: string; close(): Promise<void> };
let db: EmbeddedDynamo;
let config: TenantConfig;
let repos: { alerts: AlertRepository; listings: ListingRepository; runs: RunRepository };

async function cycle() {
  const fetcher = createFetcher(config.network);
  try {
    return await runCycle({
      config,
      fetcher,
      ...repos,
      send: sendNotification,
      resolveSecret: () => undefined,
    });
  } finally {
    await fetcher.close();
  }
}

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  db = await startEmbeddedDynamo({ dataDir: null });
  const doc = createDocumentClient({ endpoint: db.endpoint });
  repos = {
    alerts: new AlertRepository(doc, db.tableName),
    listings: new ListingRepository(doc, db.tableName),
    runs: new RunRepository(doc, db.tableName),
  };
  config = demoConfig(site.url);
});

afterAll(async () => {
  await site?.close();
  await db?.close();
});

describe("the demo marketplace, end to end", () => {
  let firstOpen = 0;

  it("alerts on every planted violation and on nothing else", async () => {
    const { summary, results } = await cycle();
    const alerts = await repos.alerts.list(config.tenant);
    const got = new Set(alerts.map((a) => `${a.url} ${a.type}`));
    const want = new Set<string>();
    for (const truth of DEMO_TRUTH) {
      const url = canonicalUrl(new URL(truth.path, site.url).toString());
      for (const type of truth.expected) want.add(`${url} ${type}`);
    }
    expect([...got].sort()).toEqual([...want].sort());

    for (const truth of DEMO_TRUTH) {
      const url = canonicalUrl(new URL(truth.path, site.url).toString());
      for (const alert of alerts.filter((a) => a.url === url)) {
        expect(alert.monitoringOnly, `${truth.path} ${alert.type}`).toBe(
          truth.monitoringOnly.includes(alert.type as never),
        );
      }
      const result = results.find((r) => r.kind === "listing" && canonicalUrl(r.url) === url);
      expect(result, truth.path).toBeDefined();
      if (result?.kind === "listing") {
        const outcome = truth.outcome === "ok" ? (truth.sku ? "ok" : "unmatched") : truth.outcome;
        expect(result.outcome, truth.path).toBe(outcome);
      }
    }
    expect(summary.alertsNew).toBe(want.size);
    expect(summary.errors).toBe(0);
    firstOpen = summary.alertsOpen;
  });

  it("drafts a notice for every enforceable demo alert, and none on a resale price under CN law", async () => {
    const alerts = await repos.alerts.list(config.tenant);
    expect(config.notices?.sender).toBeTruthy();
    for (const alert of alerts) {
      const draft = draftNotice(alert, config, null, new Date("2026-03-02T00:00:00.000Z"));
      if (alert.monitoringOnly || alert.type === "out_of_region") {
        expect(draft.kind, `${alert.url} ${alert.type}`).toBe("not_drafted");
        continue;
      }
      if (alert.type === "unauthorized_seller" || alert.type === "listing_compliance") {
        expect(draft.kind, `${alert.url} ${alert.type}`).toBe("draft");
        if (draft.kind === "draft") expect(draft.text).toContain(config.notices?.sender ?? "?");
      }
      // A price is the ground of a notice only to an authorized distributor, and under CN law
      // never a minimum price (a maximum is lawful to set).
      if (draft.kind === "draft" && /价格/.test(draft.subject)) {
        expect(alert.distributorId, alert.url).not.toBeNull();
        expect(alert.type).toBe("above_max_price");
      }
    }
    expect(alerts.some((a) => a.type === "unauthorized_seller")).toBe(true);
  });

  it("a second cycle updates the same alerts instead of duplicating them", async () => {
    const before = await repos.alerts.list(config.tenant);
    const { summary } = await cycle();
    expect(summary.alertsNew).toBe(0);
    expect(summary.alertsOpen).toBe(firstOpen);
    const after = await repos.alerts.list(config.tenant);
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
    for (const alert of after) expect(alert.occurrences).toBe(2);
  });
});
