import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantRecord } from "../../functions/core/tenant-registration.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { TenantRepository } from "../../functions/store/tenant-repository.js";
import { testConfig } from "../handlers/support.js";

let db: EmbeddedDynamo;
let doc: ReturnType<typeof createDocumentClient>;
let repo: TenantRepository;

function record(tenant: string, updatedAt: string, extra: Partial<TenantRecord> = {}): TenantRecord {
  return {
    tenant,
    state: "active",
    configVersion: "000001",
    schedule: "rate(6 hours)",
    timezone: "Asia/Shanghai",
    updatedAt,
    updatedBy: "ops",
    ...extra,
  };
}

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  repo = new TenantRepository(doc, db.tableName);
});
afterAll(async () => {
  await db.close();
});

describe("TenantRepository", () => {
  it("stores, reads and lists every registered tenant, and nothing else in the table", async () => {
    // A tenant's own items (a config version) live under its partition, never in the registry.
    await new ConfigRepository(doc, db.tableName).publish(
      testConfig("zeta", "http://127.0.0.1:9"),
      new Date(),
    );
    await repo.put(record("beta", "2026-12-07T01:00:00.000Z"), null);
    await repo.put(record("alpha", "2026-12-07T02:00:00.000Z", { state: "paused" }), null);
    expect(await repo.get("alpha")).toEqual(record("alpha", "2026-12-07T02:00:00.000Z", { state: "paused" }));
    expect(await repo.get("nobody")).toBeNull();
    expect((await repo.list()).map((r) => [r.tenant, r.state])).toEqual([
      ["alpha", "paused"],
      ["beta", "active"],
    ]);
  });

  it("refuses a write based on a stale read (optimistic concurrency)", async () => {
    const first = record("gamma", "2026-12-07T01:00:00.000Z");
    await repo.put(first, null);
    await expect(repo.put(first, null)).rejects.toMatchObject({ code: "STORE_CONFLICT" });
    const second = record("gamma", "2026-12-07T03:00:00.000Z", { configVersion: "000002" });
    await repo.put(second, first.updatedAt);
    // A writer that read the first record loses against the second.
    await expect(
      repo.put(record("gamma", "2026-12-07T04:00:00.000Z", { state: "paused" }), first.updatedAt),
    ).rejects.toMatchObject({ code: "STORE_CONFLICT" });
    expect(await repo.get("gamma")).toEqual(second);
  });

  it("reads a malformed item as ITEM_INVALID, on get and on list", async () => {
    await doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { pk: "TENANTS", sk: "T#broken", tenant: "broken", state: "sleeping", updatedAt: "yesterday" },
      }),
    );
    await expect(repo.get("broken")).rejects.toMatchObject({ code: "ITEM_INVALID" });
    await expect(repo.list()).rejects.toMatchObject({ code: "ITEM_INVALID" });
  });
});
