import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { openLocalStore } from "../../functions/local/local-store.js";
import { startStoreThread } from "../../functions/local/store-thread.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pricewarden-store-thread-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("the embedded store on its own thread", () => {
  it("serves the directory's table to this process's clients and leaves the directory free when closed", async () => {
    const dataDir = tempDir();
    const store = await startStoreThread({ dataDir });
    // The key is known by endpoint in this thread, as for a store served in-process.
    const doc = createDocumentClient({ endpoint: store.endpoint });
    await doc.send(new PutCommand({ TableName: store.tableName, Item: { pk: "p", sk: "s", price: 12.5 } }));
    doc.destroy();
    await store.close();
    await store.close();

    // The database lock went with the thread: the same directory opens again, with the item.
    const again = await startEmbeddedDynamo({ dataDir });
    cleanups.push(() => again.close());
    const reader = createDocumentClient({ endpoint: again.endpoint });
    cleanups.push(() => reader.destroy());
    const read = await reader.send(new GetCommand({ TableName: again.tableName, Key: { pk: "p", sk: "s" } }));
    expect(read.Item?.price).toBe(12.5);
  });

  it("refuses requests without the store's key, like the in-process store", async () => {
    const store = await startStoreThread({ dataDir: null });
    cleanups.push(() => store.close());
    const response = await fetch(store.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
      },
      body: "{}",
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it("reports a directory it cannot open as an error of the caller, with the store's reason", async () => {
    const dataDir = tempDir();
    const holder = await startStoreThread({ dataDir });
    cleanups.push(() => holder.close());
    // LevelDB allows one opener per directory.
    const refused = await startStoreThread({ dataDir }).then(
      () => null,
      (error: Error) => error,
    );
    expect(refused?.message).toMatch(/failed to open/i);
    expect(String((refused?.cause as Error | undefined)?.message)).toMatch(/lock|already|unavailable/i);

    const notADirectory = join(tempDir(), "file");
    writeFileSync(notADirectory, "x");
    await expect(startStoreThread({ dataDir: notADirectory })).rejects.toThrow(
      /ENOTDIR|EEXIST|not a directory|exists/i,
    );
  });

  it("backs a LocalStore that `run` and `start` open, and the directory reopens in-process after it", async () => {
    const dataDir = tempDir();
    const store = await openLocalStore(dataDir, { ownThread: true });
    expect(store.owner).toBe(true);
    expect(await store.runs.latest("acme")).toEqual([]);
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { pk: "k", sk: "v", n: 1 } }));
    await store.close();
    const reopened = await openLocalStore(dataDir);
    cleanups.push(() => reopened.close());
    const read = await reopened.doc.send(
      new GetCommand({ TableName: reopened.tableName, Key: { pk: "k", sk: "v" } }),
    );
    expect(read.Item?.n).toBe(1);
  });
});
