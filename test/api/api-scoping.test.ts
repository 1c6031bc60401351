import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiTestStack,
  bearer,
  brandA,
  brandB,
  distA,
  distB,
  FIXED_NOW,
  startApiTestStack,
  TENANT_A,
} from "./api-test-stack.js";

let stack: ApiTestStack;

beforeAll(async () => {
  stack = await startApiTestStack();
});
afterAll(async () => {
  await stack?.close();
});

async function getJson(path: string, headers: Record<string, string>) {
  const res = await fetch(`${stack.server.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

type Row = { id?: string; tenant?: string; distributorId?: string | null; listingId?: string };

describe("tenant scoping", () => {
  it("a brand sees all of its own tenant and nothing of another", async () => {
    const a = await getJson("/api/alerts?status=all", bearer(brandA));
    const aIds = (a.body.alerts as Row[]).map((r) => r.id);
    expect(aIds).toContain(stack.seeded.alerts["a:dist-a"]);
    expect(aIds).toContain(stack.seeded.alerts["a:dist-b"]);
    expect(aIds).toContain(stack.seeded.alerts["a:hostile"]);
    expect((a.body.alerts as Row[]).every((r) => r.tenant === TENANT_A)).toBe(true);

    const b = await getJson("/api/alerts?status=all", bearer(brandB));
    const bIds = (b.body.alerts as Row[]).map((r) => r.id);
    expect(bIds.sort()).toEqual([stack.seeded.alerts["b:dist-a"], stack.seeded.alerts["b:unknown"]].sort());
  });

  it("an id of another tenant is 404, on read and on write", async () => {
    const foreign = stack.seeded.alerts["a:hostile"];
    const read = await getJson(`/api/alerts/${foreign}`, bearer(brandB));
    expect(read.status).toBe(404);
    const write = await fetch(`${stack.server.url}/api/alerts/${foreign}/status`, {
      method: "POST",
      headers: { ...bearer(brandB), "content-type": "application/json" },
      body: JSON.stringify({ status: "dismissed" }),
    });
    expect(write.status).toBe(404);
    const still = await getJson(`/api/alerts/${foreign}`, bearer(brandA));
    expect((still.body.alert as { status: string }).status).toBe("open");
  });

  it("listings and history of another tenant are invisible", async () => {
    const b = await getJson("/api/listings?sku=GLU-50", bearer(brandB));
    const ids = (b.body.listings as Row[]).map((l) => l.listingId);
    expect(ids.sort()).toEqual(
      [stack.seeded.listings["b:dist-a"], stack.seeded.listings["b:unknown"]].sort(),
    );
    const h = await getJson("/api/history", bearer(brandB));
    expect((h.body.listings as unknown[]).length).toBe(2);
  });

  it("no caller, no data", async () => {
    const res = await fetch(`${stack.server.url}/api/alerts`);
    expect(res.status).toBe(401);
    const page = await fetch(`${stack.server.url}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).not.toContain("康恒");
  });
});

describe("distributor scoping", () => {
  it("dist A sees only its own alerts, never dist B's or unknown sellers'", async () => {
    const res = await getJson("/api/alerts?status=all", bearer(distA));
    const rows = res.body.alerts as Row[];
    expect(rows.map((r) => r.id)).toEqual([stack.seeded.alerts["a:dist-a"]]);
    expect(rows.every((r) => r.distributorId === "dist-a")).toBe(true);
    // Not dist A's business: who is notified, and the brand's internal notes.
    expect(rows[0]).not.toHaveProperty("deliveries");
  });

  it("never shows a distributor a monitoring-only resale-price finding, not even by id", async () => {
    const id = stack.seeded.alerts["a:dist-a-rpm"];
    const list = await getJson("/api/alerts?status=all", bearer(distA));
    expect((list.body.alerts as Row[]).map((r) => r.id)).not.toContain(id);
    expect((await getJson(`/api/alerts/${id}`, bearer(distA))).status).toBe(404);
    expect((await getJson(`/api/alerts/${id}`, bearer(brandA))).status).toBe(200);
  });

  it("dist A gets 404 for dist B's alert by id, same as for an id that does not exist", async () => {
    const other = await getJson(`/api/alerts/${stack.seeded.alerts["a:dist-b"]}`, bearer(distA));
    const missing = await getJson(`/api/alerts/${"0".repeat(24)}`, bearer(distA));
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body).toEqual(missing.body);
    const mine = await getJson(`/api/alerts/${stack.seeded.alerts["a:dist-a"]}`, bearer(distA));
    expect(mine.status).toBe(200);
  });

  it("the review list of unmatched brand mentions is for brand users only", async () => {
    const forDistributor = await getJson("/api/review", bearer(distA));
    expect(forDistributor.status).toBe(403);
    const forBrand = await getJson("/api/review", bearer(brandA));
    expect(forBrand.status).toBe(200);
    expect(Array.isArray(forBrand.body.listings)).toBe(true);
  });

  it("listings and history are the distributor's own", async () => {
    const listings = await getJson("/api/listings", bearer(distB));
    expect((listings.body.listings as Row[]).map((l) => l.listingId)).toEqual([
      stack.seeded.listings["a:dist-b"],
    ]);
    const bySku = await getJson("/api/listings?sku=GLU-50", bearer(distB));
    expect(bySku.body.listings).toEqual([]);
    const history = await getJson("/api/history", bearer(distA));
    const entries = history.body.listings as Array<{ listing: Row; observations: unknown[] }>;
    // Its own listings, including the one with a monitoring-only finding: the listing is its own data.
    expect(entries.map((e) => e.listing.listingId).sort()).toEqual(
      [stack.seeded.listings["a:dist-a"], stack.seeded.listings["a:dist-a-rpm"]].sort(),
    );
    for (const entry of entries) expect(entry.observations).toHaveLength(2);
  });

  it("exports and pages are scoped too", async () => {
    const csv = await (
      await fetch(`${stack.server.url}/api/export/alerts.csv?status=all`, { headers: bearer(distA) })
    ).text();
    expect(csv).toContain(stack.seeded.alerts["a:dist-a"]);
    expect(csv).not.toContain(stack.seeded.alerts["a:dist-b"]);
    expect(csv).not.toContain("华润大药房");
    const page = await (await fetch(`${stack.server.url}/`, { headers: bearer(distA) })).text();
    expect(page).toContain("康恒医疗器械专营店");
    expect(page).not.toContain("华润大药房");
    // Its list has a filter form, but no action (a form post).
    expect(page).not.toContain('method="post"');
    const sellers = await (await fetch(`${stack.server.url}/sellers`, { headers: bearer(distA) })).text();
    expect(sellers).not.toContain("华润大药房");
  });

  it("a distributor cannot change status or read run summaries; the answer does not depend on the id", async () => {
    for (const id of [stack.seeded.alerts["a:dist-a"], stack.seeded.alerts["a:dist-b"], "0".repeat(24)]) {
      const res = await fetch(`${stack.server.url}/api/alerts/${id}/status`, {
        method: "POST",
        headers: { ...bearer(distA), "content-type": "application/json" },
        body: JSON.stringify({ status: "resolved" }),
      });
      expect(res.status).toBe(403);
    }
    expect((await fetch(`${stack.server.url}/api/runs`, { headers: bearer(distA) })).status).toBe(403);
  });
});

describe("status changes", () => {
  it("records who and when, and the alert leaves the open list", async () => {
    const id = stack.seeded.alerts["a:dist-b"];
    const res = await fetch(`${stack.server.url}/api/alerts/${id}/status`, {
      method: "POST",
      headers: { ...bearer(brandA), "content-type": "application/json" },
      body: JSON.stringify({ status: "acknowledged", note: "called the distributor" }),
    });
    expect(res.status).toBe(200);
    const { alert } = (await res.json()) as {
      alert: { status: string; history: Array<Record<string, string>> };
    };
    expect(alert.status).toBe("acknowledged");
    expect(alert.history.at(-1)).toEqual({
      at: FIXED_NOW.toISOString(),
      status: "acknowledged",
      by: brandA.name,
      note: "called the distributor",
      verb: "acknowledge",
    });
    const open = await getJson("/api/alerts", bearer(brandA));
    expect((open.body.alerts as Row[]).map((r) => r.id)).not.toContain(id);
    // The distributor sees the new status but not who on the brand side set it or why.
    const seen = await getJson(`/api/alerts/${id}`, bearer(distB));
    const history = (seen.body.alert as { history: Array<Record<string, string>> }).history;
    expect(history.at(-1)).toEqual({ at: FIXED_NOW.toISOString(), status: "acknowledged" });
  });

  it("runs are listed for the brand", async () => {
    const res = await getJson("/api/runs", bearer(brandA));
    expect((res.body.runs as Array<{ runId: string }>).map((r) => r.runId)).toEqual(["run-1"]);
    expect((await getJson("/api/runs", bearer(brandB))).body.runs).toEqual([]);
  });
});
