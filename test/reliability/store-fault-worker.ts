/**
 * Run by store-faults.test.ts inside a private mount namespace on a small tmpfs: opens the store,
 * fills the disk, keeps writing until the store refuses, and reports how the refusal arrived —
 * as an error the caller can handle, while the process (and its reads) carry on.
 *
 *   store-fault-worker.ts <data-dir> <filler-file>
 */
import { openSync, writeSync } from "node:fs";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { storeFaultOf } from "../../functions/local/store-faults.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";

const [dataDir, filler] = process.argv.slice(2);
const db = await startEmbeddedDynamo({ dataDir: dataDir! });
const doc = createDocumentClient({ endpoint: db.endpoint });
await doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: "before", sk: "full" } }));

const fd = openSync(filler!, "w");
const block = Buffer.alloc(64 * 1024);
try {
  for (;;) writeSync(fd, block);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
}
// The last partial block may still fit; fill it too.
try {
  for (;;) writeSync(fd, block.subarray(0, 512));
} catch {}

let refused: unknown = null;
const big = "x".repeat(100 * 1024);
for (let i = 0; i < 50 && !refused; i++) {
  try {
    await doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: `after-${i}`, sk: "full", big } }));
  } catch (error) {
    refused = error;
  }
}
const kept = await doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: "before", sk: "full" } }));
process.stdout.write(
  `${JSON.stringify({
    fault: storeFaultOf(refused)?.kind ?? null,
    message: String((refused as Error | null)?.message ?? ""),
    stillReads: kept.Item?.pk === "before",
  })}\n`,
);
doc.destroy();
await db.close();
