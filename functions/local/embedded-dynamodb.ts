import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { forgetStoreKey, presentStoreKey, rememberStoreKey } from "../store/dynamo-client.js";
import { DEFAULT_TABLE_NAME, TABLE_INDEXES, TABLE_KEYS } from "../store/table-definition.js";
import { makeDynaliteWritesAtomic, takeLastCreatedStore } from "./atomic-dynalite-writes.js";
import { checkIndexConsistency, type IndexConsistencyReport } from "./index-consistency.js";
import { asStoreFault } from "./store-faults.js";
import { guardStoreServer } from "./store-guard.js";

export interface EmbeddedDynamo {
  endpoint: string;
  tableName: string;
  /** The per-start key clients must present (clients in this process get it by endpoint). */
  storeKey: string;
  /** What the start-up check found before serving (and rebuilt, when anything was off). */
  consistency: IndexConsistencyReport;
  close(): Promise<void>;
}

/**
 * dynalite in-process on 127.0.0.1, data on disk under `dataDir` (in memory when null). The real
 * AWS SDK talks to it over HTTP, so the repository code is the one that runs on AWS. Only this
 * product can talk to it (a per-start key, Host check, no CORS); each item write is one atomic
 * LevelDB batch; start-up checks every item against every index and rebuilds what is off.
 */
export async function startEmbeddedDynamo(options: {
  dataDir: string | null;
  tableName?: string;
  port?: number;
  /** Where the start-up check reports what it rebuilt (default: stderr). */
  log?: (line: string) => void;
}): Promise<EmbeddedDynamo> {
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  const dataDir = options.dataDir;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  makeDynaliteWritesAtomic();
  let path: string | undefined;
  if (dataDir) {
    path = join(dataDir, "dynamodb");
    try {
      ownerOnly(dataDir, path);
    } catch (error) {
      throw asStoreFault(error, dataDir);
    }
  }
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const store = takeLastCreatedStore();
  try {
    await store.db.open();
  } catch (error) {
    throw asStoreFault(error, dataDir ?? "memory");
  }
  const storeKey = randomBytes(32).toString("base64url");
  let port = 0;
  guardStoreServer(server, { key: storeKey, port: () => port });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  rememberStoreKey(endpoint, storeKey);
  const close = () => {
    forgetStoreKey(endpoint);
    return closeServer(server);
  };
  try {
    await ensureTable(endpoint, storeKey, tableName);
    const consistency = await checkIndexConsistency(store, tableName, { rebuild: true });
    // After LevelDB opened (it makes new files 0644); later ones are still behind the 0700 directory.
    if (path) filesOwnerOnly(path);
    for (const problem of consistency.problems)
      log(
        `[pricewarden] store index ${problem.index} rebuilt from the items: ${problem.missing} missing, ${problem.stale} stale, ${problem.orphaned} orphaned entries`,
      );
    return { endpoint, tableName, storeKey, consistency, close };
  } catch (error) {
    await close().catch(() => {});
    throw asStoreFault(error, dataDir ?? "memory");
  }
}

/** The data directory and the database in it: 0700, database files 0600 (they hold every alert). */
function ownerOnly(dataDir: string, databaseDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  chmodSync(databaseDir, 0o700);
  filesOwnerOnly(databaseDir);
}

function filesOwnerOnly(databaseDir: string): void {
  for (const entry of readdirSync(databaseDir, { withFileTypes: true }))
    if (entry.isFile()) chmodSync(join(databaseDir, entry.name), 0o600);
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

async function ensureTable(endpoint: string, storeKey: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 2,
  });
  presentStoreKey(client, storeKey);
  try {
    if (await tableExists(client, tableName)) return;
    await client.send(new CreateTableCommand(tableSpec(tableName)));
    // dynalite answers CreateTable while the table is still CREATING and marks it ACTIVE in a later
    // LevelDB write; a read before that is ResourceNotFoundException (`notice` exited 3 under load).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === "ACTIVE") break;
      if (Date.now() > deadline)
        throw new Error(`table ${tableName} is still ${Table?.TableStatus} after 30 s`);
    }
  } finally {
    client.destroy();
  }
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "ResourceNotFoundException") return false;
    throw error;
  }
}

function tableSpec(tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of TABLE_INDEXES) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}
