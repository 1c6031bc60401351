import { rmSync } from "node:fs";
import { join } from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { localSessionCipher } from "../sessions/local-session-cipher.js";
import { AlertRepository } from "../store/alert-repository.js";
import { createDocumentClient } from "../store/dynamo-client.js";
import { ListingRepository } from "../store/listing-repository.js";
import { RunRepository } from "../store/run-repository.js";
import { SessionRepository } from "../store/session-repository.js";
import { DEFAULT_TABLE_NAME } from "../store/table-definition.js";
import { publishStore, readPublishedStore } from "./store-endpoint-file.js";

export interface LocalStore {
  doc: DynamoDBDocumentClient;
  tableName: string;
  alerts: AlertRepository;
  listings: ListingRepository;
  runs: RunRepository;
  /** Customer-owned browser sessions, sealed with `<data-dir>/session-key` (made on first import). */
  sessions: SessionRepository;
  /** True when this process owns the embedded database (else it talks to a running `start`). */
  owner: boolean;
  close(): Promise<void>;
}

const ENDPOINT_FILE = "endpoint.json";

/**
 * Opens the data directory's store. LevelDB allows one process per directory, so while
 * `pricewarden start` runs it publishes its endpoint and other commands talk to it over HTTP.
 */
export async function openLocalStore(
  dataDir: string,
  opts: {
    publish?: boolean;
    /**
     * Serve the store from its own thread, so the second core does the store's work: for the
     * commands that crawl (`run`, `start`), not worth a thread's start-up for a quick command.
     */
    ownThread?: boolean;
  } = {},
): Promise<LocalStore> {
  const endpointFile = join(dataDir, ENDPOINT_FILE);
  const running = await reachableStore(endpointFile);
  if (running) return build(dataDir, running, DEFAULT_TABLE_NAME, false, async () => {});
  // dynalite and LevelDB load only where the store is served.
  const db = opts.ownThread
    ? await (await import("./store-thread.js")).startStoreThread({ dataDir })
    : await (await import("./embedded-dynamodb.js")).startEmbeddedDynamo({ dataDir });
  if (opts.publish) publishStore(endpointFile, { endpoint: db.endpoint, pid: process.pid, key: db.storeKey });
  return build(dataDir, { endpoint: db.endpoint, key: db.storeKey }, db.tableName, true, async () => {
    if (opts.publish) rmSync(endpointFile, { force: true });
    await db.close();
  });
}

/** Runs `work` with the data directory's store open, and closes it whatever happens. */
export async function withLocalStore<T>(
  dataDir: string,
  work: (store: LocalStore) => Promise<T>,
): Promise<T> {
  const store = await openLocalStore(dataDir);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function build(
  dataDir: string,
  store: { endpoint: string; key: string },
  tableName: string,
  owner: boolean,
  close: () => Promise<void>,
): LocalStore {
  const doc = createDocumentClient({ endpoint: store.endpoint, storeKey: store.key });
  return {
    doc,
    tableName,
    alerts: new AlertRepository(doc, tableName),
    listings: new ListingRepository(doc, tableName),
    runs: new RunRepository(doc, tableName),
    sessions: new SessionRepository(doc, tableName, localSessionCipher(dataDir)),
    owner,
    close: async () => {
      doc.destroy();
      await close();
    },
  };
}

/** The store a live `pricewarden start` published, when it answers with this data's table. */
async function reachableStore(file: string): Promise<{ endpoint: string; key: string } | null> {
  const published = readPublishedStore(file);
  if (!published) return null;
  const doc = createDocumentClient({ endpoint: published.endpoint, storeKey: published.key });
  try {
    await doc.send(new DescribeTableCommand({ TableName: DEFAULT_TABLE_NAME }), {
      abortSignal: AbortSignal.timeout(1500),
    });
    return { endpoint: published.endpoint, key: published.key };
  } catch {
    // Alive but not answering (or a reused pid): open the directory ourselves, which fails
    // clearly if another process still holds it.
    return null;
  } finally {
    doc.destroy();
  }
}
