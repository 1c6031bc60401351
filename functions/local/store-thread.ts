import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { forgetStoreKey, rememberStoreKey } from "../store/dynamo-client.js";
import type { EmbeddedDynamo } from "./embedded-dynamodb.js";
import { LocalStoreFault } from "./store-faults.js";
import type { StoreThreadMessage, StoreThreadOptions } from "./store-thread-protocol.js";

/**
 * The embedded store (dynalite and LevelDB) on its own thread of this process, so a cycle's
 * crawling and the store's work run on two cores instead of taking turns on one. A thread, not a
 * child process: the database lock goes with the process however it ends, so a killed `run` never
 * leaves a store behind that holds the directory.
 */
export async function startStoreThread(
  options: StoreThreadOptions & { log?: (line: string) => void },
): Promise<EmbeddedDynamo> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const entry = entryUrl();
  const [source, how] = workerSource(entry);
  const worker = new Worker(source, {
    ...how,
    workerData: { dataDir: options.dataDir, tableName: options.tableName } satisfies StoreThreadOptions,
  });
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  const ready = await new Promise<Extract<StoreThreadMessage, { kind: "ready" }>>((resolve, reject) => {
    worker.on("message", (message: StoreThreadMessage) => {
      if (message.kind === "log") log(message.line);
      else if (message.kind === "ready") resolve(message);
      else reject(threadFailure(message));
    });
    worker.once("error", reject);
    void exited.then((code) =>
      reject(new Error(`the store thread exited (${code}) before it opened the store`)),
    );
  });
  worker.on("error", (error) => log(`[pricewarden] the store thread stopped: ${error.message}`));
  rememberStoreKey(ready.endpoint, ready.storeKey);
  let closing: Promise<void> | null = null;
  return {
    endpoint: ready.endpoint,
    tableName: ready.tableName,
    storeKey: ready.storeKey,
    consistency: ready.consistency,
    close: () => {
      closing ??= (async () => {
        forgetStoreKey(ready.endpoint);
        worker.postMessage("close");
        await exited;
      })();
      return closing;
    },
  };
}

/** The built entry next to this file; under tsx or vitest the TypeScript source. */
function entryUrl(): URL {
  const source = import.meta.url.endsWith(".ts");
  return new URL(source ? "./store-thread-entry.ts" : "./store-thread-entry.js", import.meta.url);
}

/**
 * What the thread runs: the built entry itself, or under tsx or vitest (whose loaders do not
 * reach worker threads) a bootstrap that registers tsx and imports the TypeScript entry.
 */
function workerSource(entry: URL): [string | URL, { eval?: boolean }] {
  if (!entry.pathname.endsWith(".ts")) return [entry, {}];
  // tsx's ESM API (its CommonJS twin sits next to it); tsImport scopes its loader to this import.
  const cjsApi = createRequire(import.meta.url).resolve("tsx/esm/api");
  const api = pathToFileURL(join(dirname(cjsApi), "index.mjs")).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}));`;
  return [code, { eval: true }];
}

function threadFailure(message: Extract<StoreThreadMessage, { kind: "failed" }>): Error {
  let error: Error | undefined;
  for (const link of [...message.chain].reverse())
    error = Object.assign(new Error(link.message, error ? { cause: error } : {}), {
      name: link.name,
      ...(link.code ? { code: link.code } : {}),
    });
  error ??= new Error("the store thread failed without a reason");
  if (message.fault) return new LocalStoreFault(message.fault, message.dataDir ?? "", error);
  return error;
}
