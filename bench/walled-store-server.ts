/**
 * The embedded store (dynalite, as `pricewarden start` runs it) in a process of its own for
 * bench/walled.ts: on AWS the table is DynamoDB, not in the worker, so its CPU is kept apart.
 * Publishes its endpoint in the data directory, where `openLocalStore(dir)` in the runner finds
 * it. Prints one JSON line when ready: { ready, pid }.
 */
import { openLocalStore } from "../functions/local/local-store.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: walled-store-server.ts DATA_DIR");
const store = await openLocalStore(dataDir, { publish: true });
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
const stop = () => void store.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
