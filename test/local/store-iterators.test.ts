import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Level } from "level";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

/** Counts the LevelDB iterators the embedded store opens and closes (the soak's leak was the gap). */
function countIterators(): { opened: () => number; open: () => number } {
  type Iterator = { close(): Promise<void> };
  const proto = Level.prototype as unknown as Record<
    "keys" | "values",
    (this: Level, o?: object) => Iterator
  >;
  const originals = { keys: proto.keys, values: proto.values };
  const live = new Set<Iterator>();
  let opened = 0;
  for (const method of ["keys", "values"] as const) {
    proto[method] = function (this: Level, options?: object) {
      const iterator = originals[method].call(this, options);
      opened++;
      live.add(iterator);
      const close = iterator.close.bind(iterator);
      iterator.close = () => {
        live.delete(iterator);
        return close();
      };
      return iterator;
    };
  }
  cleanups.push(() => {
    Object.assign(proto, originals);
  });
  return { opened: () => opened, open: () => live.size };
}

describe("embedded store iterators", () => {
  it("closes every iterator a query opens, whether it reads its range to the end or stops at its Limit", async () => {
    const counter = countIterators();
    const dataDir = mkdtempSync(join(tmpdir(), "pricewarden-iterators-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const store = await startEmbeddedDynamo({ dataDir, log: () => {} });
    cleanups.push(() => store.close());
    const doc = createDocumentClient({ endpoint: store.endpoint });
    cleanups.push(() => doc.destroy());
    const TableName = store.tableName;
    for (let i = 0; i < 30; i++)
      await doc.send(
        new PutCommand({
          TableName,
          Item: {
            pk: "T#acme#LISTING#x",
            sk: `OBS#${String(i).padStart(3, "0")}`,
            gsi1pk: "T#acme#OBS",
            gsi1sk: `${i}`,
          },
        }),
      );
    const before = counter.opened();
    const partition = {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "T#acme#LISTING#x" },
    };
    for (let i = 0; i < 40; i++) {
      // The latest observation: stops after one item of thirty.
      const latest = await doc.send(
        new QueryCommand({ TableName, ...partition, ScanIndexForward: false, Limit: 1 }),
      );
      expect(latest.Items).toHaveLength(1);
      // The whole partition: reads its range to the end.
      const all = await doc.send(new QueryCommand({ TableName, ...partition }));
      expect(all.Items).toHaveLength(30);
      // Through an index, stopping early.
      const indexed = await doc.send(
        new QueryCommand({
          TableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": "T#acme#OBS" },
          Limit: 2,
        }),
      );
      expect(indexed.Items).toHaveLength(2);
    }
    await doc.send(new ScanCommand({ TableName, Limit: 5 }));
    expect(counter.opened() - before).toBeGreaterThanOrEqual(121);
    expect(counter.open()).toBe(0);
  });
});
