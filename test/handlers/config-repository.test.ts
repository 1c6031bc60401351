import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { testConfig } from "./support.js";

let db: EmbeddedDynamo;
let repo: ConfigRepository;
let doc: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  repo = new ConfigRepository(doc, db.tableName);
});
afterAll(async () => {
  await db.close();
});

describe("ConfigRepository", () => {
  it("versions configs, keeps old versions readable and ignores re-publishing the same config", async () => {
    const now = new Date("2026-01-01T00:00:00.000Z");
    const first = testConfig("cfg-a", "http://127.0.0.1:9");
    expect(await repo.publish(first, now)).toEqual({ kind: "published", version: "000001" });
    expect(await repo.publish(first, now)).toEqual({ kind: "unchanged", version: "000001" });
    const second = { ...first, schedule: "rate(1 hour)" };
    expect(await repo.publish(second, now)).toEqual({ kind: "published", version: "000002" });
    expect((await repo.latest("cfg-a"))?.config.schedule).toBe("rate(1 hour)");
    expect((await repo.get("cfg-a", "000001"))?.config.schedule).toBe("rate(6 hours)");
    expect(await repo.latest("cfg-none")).toBeNull();
  });

  it("skips past an orphan version left by a publisher that died before moving the pointer", async () => {
    const config = testConfig("cfg-b", "http://127.0.0.1:9");
    await doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          pk: "T#cfg-b",
          sk: "CONFIG#000001",
          tenant: "cfg-b",
          version: "000001",
          configJson: "{}",
          sha256: "x",
          publishedAt: "x",
        },
      }),
    );
    expect(await repo.publish(config, new Date())).toEqual({ kind: "published", version: "000002" });
  });

  it("refuses a stored config that no longer validates, naming the problem", async () => {
    await doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          pk: "T#cfg-c",
          sk: "CONFIG#000001",
          tenant: "cfg-c",
          version: "000001",
          configJson: '{"tenant":"cfg-c"}',
          sha256: "x",
          publishedAt: "x",
        },
      }),
    );
    await expect(repo.get("cfg-c", "000001")).rejects.toMatchObject({ code: "ITEM_INVALID" });
  });
});
