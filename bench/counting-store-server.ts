/**
 * The embedded store (dynalite, as `pricewarden start` serves it) in a process of its own for
 * bench/cycle.ts, counting what clients ask of it: requests per DynamoDB operation, items written
 * and the bytes of the items put. `GET /` on the stats port answers the counts so far (and its own
 * CPU and peak RSS); prints one JSON line when ready: { ready, pid, statsPort }.
 */
import { createServer, type IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { openLocalStore } from "../functions/local/local-store.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: counting-store-server.ts DATA_DIR");

const requests: Record<string, number> = {};
let itemWrites = 0;
let putItemBytes = 0;
let putItems = 0;

/** Item writes a request makes: BatchWriteItem and TransactWriteItems carry several. */
function count(op: string, body: string): void {
  if (op === "PutItem" || op === "UpdateItem" || op === "DeleteItem") {
    itemWrites++;
    if (op === "PutItem") {
      putItems++;
      putItemBytes += Buffer.byteLength(JSON.stringify((JSON.parse(body) as { Item?: unknown }).Item ?? {}));
    }
    return;
  }
  if (op === "BatchWriteItem") {
    const parsed = JSON.parse(body) as {
      RequestItems?: Record<string, Array<{ PutRequest?: { Item: unknown } }>>;
    };
    for (const writes of Object.values(parsed.RequestItems ?? {}))
      for (const w of writes) {
        itemWrites++;
        if (w.PutRequest) {
          putItems++;
          putItemBytes += Buffer.byteLength(JSON.stringify(w.PutRequest.Item));
        }
      }
  }
  if (op === "TransactWriteItems")
    itemWrites += (JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems?.length ?? 0;
}

function observe(req: IncomingMessage): void {
  const target = String(req.headers["x-amz-target"] ?? "");
  const op = target.slice(target.indexOf(".") + 1) || "other";
  requests[op] = (requests[op] ?? 0) + 1;
  if (!/Write|Put|Update|Delete/.test(op)) return;
  const chunks: Buffer[] = [];
  // Listening alongside dynalite's own reader: both see every chunk.
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    try {
      count(op, Buffer.concat(chunks).toString("utf8"));
    } catch {
      // A body that is not JSON is dynalite's to refuse.
    }
  });
}

let stats: Server | null = null;
// Every request dynalite's server gets (it is created inside openLocalStore), not the stats port's.
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
  if (event === "request" && this !== stats) observe(args[0] as IncomingMessage);
  return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
} as typeof Server.prototype.emit;

const store = await openLocalStore(dataDir, { publish: true });

stats = createServer((_req, res) => {
  const usage = process.resourceUsage();
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      requests,
      itemWrites,
      putItems,
      putItemBytes,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      peakRssMb: Math.round(usage.maxRSS / 1024),
    }),
  );
});
await new Promise<void>((resolve) => stats?.listen(0, "127.0.0.1", resolve));
process.stdout.write(
  `${JSON.stringify({ ready: true, pid: process.pid, statsPort: (stats.address() as AddressInfo).port })}\n`,
);
const stop = () => void store.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
