import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository, type ListingState } from "../../functions/store/listing-repository.js";

let db: EmbeddedDynamo;
let repo: ListingRepository;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  repo = new ListingRepository(createDocumentClient({ endpoint: db.endpoint }), db.tableName);
});
afterAll(async () => {
  await db.close();
});

function state(listingId: string, patch: Partial<ListingState>): ListingState {
  return {
    listingId,
    url: `https://shop.example/${listingId}`,
    channel: "jd",
    sku: null,
    title: "安可血糖试纸 25片",
    seller: "某店",
    sellerId: null,
    sellerKind: "unknown",
    distributorId: null,
    shipFrom: null,
    listedPrice: 9900,
    effectivePrice: 9900,
    perPackPrice: 9900,
    currency: "CNY",
    availability: "InStock",
    outcome: "unmatched",
    outcomeReason: "pack size 25片 contradicts GLU-50 (50片)",
    consecutiveFailures: 0,
    lastCheckedAt: "2026-01-01T00:00:00.000Z",
    lastObservationAt: null,
    activeAlertIds: [],
    matchConfidence: 0.3,
    mentionsBrand: true,
    ...patch,
  };
}

describe("ListingRepository", () => {
  it("lists unmatched listings that mention the brand for review, and nothing else", async () => {
    await repo.putState("t1", state("a", {}));
    await repo.putState("t1", state("b", { mentionsBrand: false }));
    await repo.putState("t1", state("c", { sku: "GLU-50", outcome: "ok", matchConfidence: 0.9 }));
    await repo.putState("t2", state("d", {}));
    expect((await repo.listForReview("t1")).map((l) => l.listingId)).toEqual(["a"]);
    // Once it matches, it leaves the review list.
    await repo.putState("t1", state("a", { sku: "GLU-50", outcome: "ok" }));
    expect(await repo.listForReview("t1")).toEqual([]);
    expect((await repo.listBySku("t1", "GLU-50")).map((l) => l.listingId).sort()).toEqual(["a", "c"]);
  });

  it("returns observations oldest first, optionally since a time", async () => {
    await repo.addObservation("t1", {
      at: "2026-01-02T00:00:00.000Z",
      listingId: "x",
      channel: "jd",
      sku: "GLU-50",
      seller: "s",
      listedPrice: 100,
      effectivePrice: 100,
      perPackPrice: 100,
      currency: "CNY",
      availability: "InStock",
      reason: "change",
    });
    await repo.addObservation("t1", {
      at: "2026-01-01T00:00:00.000Z",
      listingId: "x",
      channel: "jd",
      sku: "GLU-50",
      seller: "s",
      listedPrice: 120,
      effectivePrice: 120,
      perPackPrice: 120,
      currency: "CNY",
      availability: "InStock",
      reason: "change",
    });
    const all = await repo.observations("t1", "x");
    expect(all.map((o) => o.listedPrice)).toEqual([120, 100]);
    expect(
      (await repo.observations("t1", "x", "2026-01-01T12:00:00.000Z")).map((o) => o.listedPrice),
    ).toEqual([100]);
  });
});
