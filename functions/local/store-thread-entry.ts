/**
 * The embedded store's own thread (see store-thread.ts): opens the data directory's database, says
 * where it listens, and closes it when asked. Its messages are the protocol below.
 */
import { parentPort, workerData } from "node:worker_threads";
import { startEmbeddedDynamo } from "./embedded-dynamodb.js";
import { LocalStoreFault } from "./store-faults.js";
import type { ErrorLink, StoreThreadMessage, StoreThreadOptions } from "./store-thread-protocol.js";

const port = parentPort;
if (!port) throw new Error("store-thread-entry runs only as a worker thread");
const send = (message: StoreThreadMessage) => port.postMessage(message);
const { dataDir, tableName } = workerData as StoreThreadOptions;

try {
  const db = await startEmbeddedDynamo({ dataDir, tableName, log: (line) => send({ kind: "log", line }) });
  port.once("message", () => {
    void db.close().then(() => port.close());
  });
  send({
    kind: "ready",
    endpoint: db.endpoint,
    tableName: db.tableName,
    storeKey: db.storeKey,
    consistency: db.consistency,
  });
} catch (error) {
  const fault = error instanceof LocalStoreFault ? { fault: error.kind, dataDir: error.dataDir } : {};
  send({ kind: "failed", chain: errorChain(error), ...fault });
  port.close();
}

/** The error and its causes, first to last, as data that crosses threads. */
function errorChain(error: unknown): ErrorLink[] {
  const chain: ErrorLink[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const e = current as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    chain.push({
      name: String(e.name ?? "Error"),
      message: String(e.message ?? current),
      ...(typeof e.code === "string" ? { code: e.code } : {}),
    });
    current = e.cause;
  }
  return chain;
}
