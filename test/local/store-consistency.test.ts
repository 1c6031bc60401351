import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Level } from "level";
import { afterEach, describe, expect, it } from "vitest";
import { type DynaliteTable, dynaliteDb } from "../../functions/local/atomic-dynalite-writes.js";
import { startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { inconsistencyCount } from "../../functions/local/index-consistency.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const alert = (id: string, status: string) => ({
  pk: `T#acme#ALERT#${id}`,
  sk: "ALERT",
  status,
  gsi1pk: `T#acme#ALERTS#${status}`,
  gsi1sk: `HIGH#2026-01-01#${id}`,
});

/** Item and index entries as dynalite stores them (JSON attribute values, prefixed keys). */
const marshalled = (item: Record<string, string>) =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }]));

describe("start-up consistency check", () => {
  it("finds missing, stale and orphaned index entries left by a torn write, rebuilds them and logs it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pricewarden-consistency-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startEmbeddedDynamo({ dataDir });
    expect(inconsistencyCount(first.consistency)).toBe(0);
    const doc = createDocumentClient({ endpoint: first.endpoint });
    for (const id of ["a", "b", "c"])
      await doc.send(new PutCommand({ TableName: first.tableName, Item: alert(id, "open") }));
    doc.destroy();
    await first.close();

    // What dynalite's separate writes left after a kill: an entry gone, one with a status that never
    // committed, and one in a status list the item is not in.
    const level = new Level<string, unknown>(join(dataDir, "dynamodb"), { valueEncoding: "json" });
    const table = (await level.get("table~pricewarden")) as DynaliteTable;
    const gsi1 = table.GlobalSecondaryIndexes!.find((i) => i.IndexName === "gsi1")!;
    const entryKey = (item: Record<string, string>) =>
      `index-global~pricewarden~gsi1~${dynaliteDb.createIndexKey(marshalled(item), table, gsi1.KeySchema)}`;
    await level.del(entryKey(alert("a", "open")));
    await level.put(entryKey(alert("b", "open")), marshalled({ ...alert("b", "open"), status: "dismissed" }));
    await level.put(entryKey(alert("c", "dismissed")), marshalled(alert("c", "dismissed")));
    await level.close();

    const logged: string[] = [];
    const second = await startEmbeddedDynamo({ dataDir, log: (line) => logged.push(line) });
    cleanups.push(() => second.close());
    expect(second.consistency.problems).toEqual([{ index: "gsi1", missing: 1, stale: 1, orphaned: 1 }]);
    expect(second.consistency.rebuilt).toBe(true);
    expect(second.consistency.items).toBe(3);
    expect(logged.join("\n")).toContain("gsi1 rebuilt from the items: 1 missing, 1 stale, 1 orphaned");

    const reader = createDocumentClient({ endpoint: second.endpoint });
    cleanups.push(() => reader.destroy());
    const list = async (status: string) =>
      (
        await reader.send(
          new QueryCommand({
            TableName: second.tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            ExpressionAttributeValues: { ":pk": `T#acme#ALERTS#${status}` },
          }),
        )
      ).Items ?? [];
    expect((await list("open")).map((i) => [i.pk, i.status])).toEqual([
      ["T#acme#ALERT#a", "open"],
      ["T#acme#ALERT#b", "open"],
      ["T#acme#ALERT#c", "open"],
    ]);
    expect(await list("dismissed")).toEqual([]);
    await second.close();
    cleanups.pop();

    const third = await startEmbeddedDynamo({ dataDir });
    cleanups.push(() => third.close());
    expect(third.consistency).toMatchObject({ items: 3, indexEntries: 3, problems: [], rebuilt: false });
  });
});
