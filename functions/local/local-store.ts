import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import { startEmbeddedDynamo } from "./embedded-dynamodb.js";

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
export async function openLocalStore(dataDir: string, opts: { publish?: boolean } = {}): Promise<LocalStore> {
  const endpointFile = join(dataDir, ENDPOINT_FILE);
  const running = await reachableEndpoint(endpointFile);
  if (running) return build(dataDir, running, DEFAULT_TABLE_NAME, false, async () => {});
  const db = await startEmbeddedDynamo({ dataDir });
  if (opts.publish) writeFileSync(endpointFile, JSON.stringify({ endpoint: db.endpoint, pid: process.pid }));
  return build(dataDir, db.endpoint, db.tableName, true, async () => {
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
  endpoint: string,
  tableName: string,
  owner: boolean,
  close: () => Promise<void>,
): LocalStore {
  const doc = createDocumentClient({ endpoint });
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

async function reachableEndpoint(file: string): Promise<string | null> {
  if (!existsSync(file)) return null;
  let endpoint: string;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { endpoint?: unknown };
    if (typeof parsed.endpoint !== "string" || !parsed.endpoint.startsWith("http://127.0.0.1:")) return null;
    endpoint = parsed.endpoint;
  } catch {
    return null;
  }
  const doc = createDocumentClient({ endpoint });
  try {
    await doc.send(new DescribeTableCommand({ TableName: DEFAULT_TABLE_NAME }), {
      abortSignal: AbortSignal.timeout(1500),
    });
    return endpoint;
  } catch {
    // A stale file from a process that died: ignore it and open the directory ourselves.
    return null;
  } finally {
    doc.destroy();
  }
}
