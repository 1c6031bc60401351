import { createRequire } from "node:module";
import { closeIteratorsOfStreams, type IterableLevel } from "./level-value-streams.js";
import { WRITE_FAILED } from "./store-faults.js";

/**
 * dynalite writes an item's index entries and the item itself as separate LevelDB operations, so
 * a process killed in between leaves an alert in no status list, or in one that never committed.
 * This patches dynalite (once per process) so each item write is one LevelDB batch: the index
 * entries are collected when dynalite computes them and committed together with the item, which
 * dynalite always writes next, under its per-item lock. LevelDB applies a batch whole or not at all,
 * also across kill -9.
 *
 * It also turns a failed disk write (disk full, read-only) into a 500 answer: dynalite would
 * otherwise throw it from a callback and take the whole process down.
 */

type Callback = (error?: Error | null, value?: unknown) => void;
type BatchOp = { type: "put"; key: string; value: unknown } | { type: "del"; key: string };

interface LevelLike extends IterableLevel {
  get(key: string, callback: Callback): void;
  put(key: string, value: unknown, callback: Callback): void;
  del(key: string, callback: Callback): void;
  batch(ops: BatchOp[], callback: Callback): void;
  open(): Promise<void>;
}

interface SubDb {
  put(key: string, value: unknown, callback: Callback): void;
  del(key: string, callback: Callback): void;
  batch(ops: BatchOp[], callback: Callback): void;
  createValueStream(options?: object): AsyncIterable<unknown>;
}

export interface DynaliteTable {
  TableName: string;
  KeySchema: Array<{ AttributeName: string; KeyType: string }>;
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  GlobalSecondaryIndexes?: DynaliteIndex[];
  LocalSecondaryIndexes?: DynaliteIndex[];
}

export interface DynaliteIndex {
  IndexName: string;
  KeySchema: Array<{ AttributeName: string; KeyType: string }>;
  Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
}

export type DynaliteItem = Record<string, Record<string, unknown>>;

/** The parts of dynalite's internal store the patch and the consistency check use. */
export interface DynaliteStore {
  db: LevelLike;
  getItemDb(tableName: string): SubDb;
  getIndexDb(indexType: "Local" | "Global", tableName: string, indexName: string): SubDb;
  getTable(
    name: string,
    checkStatus: boolean,
    cb: (error: Error | null, table?: DynaliteTable) => void,
  ): void;
}

interface DynaliteDbModule {
  create(options: object): DynaliteStore;
  createKey(item: DynaliteItem, table: DynaliteTable, keySchema?: DynaliteIndex["KeySchema"]): string;
  createIndexKey(item: DynaliteItem, table: DynaliteTable, keySchema: DynaliteIndex["KeySchema"]): string;
  getIndexActions(
    indexes: DynaliteIndex[],
    existingItem: DynaliteItem | null | undefined,
    item: DynaliteItem | null | undefined,
    table: DynaliteTable,
  ): {
    puts: Array<{ index: string; key: string; item: DynaliteItem }>;
    deletes: Array<{ index: string; key: string }>;
  };
  updateIndexes(
    store: DynaliteStore,
    table: DynaliteTable,
    existingItem: DynaliteItem | null | undefined,
    item: DynaliteItem | null | undefined,
    cb: Callback,
  ): void;
  __pricewardenAtomic?: true;
}

const requireFromHere = createRequire(import.meta.url);

/** dynalite's db module: the same instance dynalite's actions call into. */
export const dynaliteDb = requireFromHere("dynalite/db") as DynaliteDbModule;

/** The store dynalite created last, so `startEmbeddedDynamo` can reach the one its server uses. */
let lastCreatedStore: DynaliteStore | null = null;

export function takeLastCreatedStore(): DynaliteStore {
  const store = lastCreatedStore;
  if (!store) throw new Error("dynalite created no store");
  lastCreatedStore = null;
  return store;
}

export function makeDynaliteWritesAtomic(): void {
  if (dynaliteDb.__pricewardenAtomic) return;
  dynaliteDb.__pricewardenAtomic = true;
  const create = dynaliteDb.create;
  dynaliteDb.create = (options: object) => {
    const store = create(options);
    closeIteratorsOfStreams(store.db);
    batchIndexWritesWithItems(store);
    lastCreatedStore = store;
    return store;
  };
  const updateIndexes = dynaliteDb.updateIndexes;
  dynaliteDb.updateIndexes = (store, table, existingItem, item, cb) => {
    const pending = pendingByStore.get(store);
    const subject = existingItem ?? item;
    if (!pending || !subject) return updateIndexes(store, table, existingItem, item, cb);
    const indexOps = captureIndexOps(pending, store, table, existingItem, item);
    if (indexOps.length > 0) {
      // The key the item write will use: dynalite writes it right after this callback.
      const [itemWrite] = pending.capture(() =>
        store.getItemDb(table.TableName).del(dynaliteDb.createKey(subject, table), noop),
      );
      if (itemWrite) pending.byItemKey.set(itemWrite.key, indexOps);
    }
    cb();
  };
}

function noop(): void {}

interface Pending {
  byItemKey: Map<string, BatchOp[]>;
  /** Runs `write` against the sub-databases and returns the full-key operations it would have made. */
  capture(write: () => void): BatchOp[];
}

const pendingByStore = new WeakMap<DynaliteStore, Pending>();

function captureIndexOps(
  pending: Pending,
  store: DynaliteStore,
  table: DynaliteTable,
  existingItem: DynaliteItem | null | undefined,
  item: DynaliteItem | null | undefined,
): BatchOp[] {
  return pending.capture(() => {
    for (const indexType of ["Local", "Global"] as const) {
      const indexes = table[`${indexType}SecondaryIndexes`] ?? [];
      const actions = dynaliteDb.getIndexActions(indexes, existingItem, item, table);
      for (const action of actions.deletes)
        store.getIndexDb(indexType, table.TableName, action.index).del(action.key, noop);
      for (const action of actions.puts)
        store.getIndexDb(indexType, table.TableName, action.index).put(action.key, action.item, noop);
    }
  });
}

/**
 * Wraps the LevelDB handle every dynalite sub-database writes through (they call `db.put`/`db.del`
 * with a prefixed key at call time), so captured index operations join the item's own write.
 */
function batchIndexWritesWithItems(store: DynaliteStore): void {
  const level = store.db;
  const put = level.put.bind(level);
  const del = level.del.bind(level);
  const batch = level.batch.bind(level);
  const get = level.get.bind(level);
  let capturing: BatchOp[] | null = null;
  const byItemKey = new Map<string, BatchOp[]>();
  pendingByStore.set(store, {
    byItemKey,
    capture(write) {
      const captured: BatchOp[] = [];
      capturing = captured;
      try {
        write();
      } finally {
        capturing = null;
      }
      return captured;
    },
  });
  const commit = (op: BatchOp, callback: Callback) => {
    const indexOps = byItemKey.get(op.key);
    byItemKey.delete(op.key);
    const done = asServiceCallback(callback);
    if (!indexOps) {
      if (op.type === "put") put(op.key, op.value, done);
      else del(op.key, done);
      return;
    }
    batch([...indexOps, op], done);
  };
  level.put = (key, value, callback) => {
    if (typeof callback !== "function") return put(key, value, callback);
    if (capturing) return void capturing.push({ type: "put", key, value });
    commit({ type: "put", key, value }, callback);
  };
  level.del = (key, callback) => {
    if (typeof callback !== "function") return del(key, callback);
    if (capturing) return void capturing.push({ type: "del", key });
    commit({ type: "del", key }, callback);
  };
  level.get = (key, callback) => {
    if (typeof callback !== "function") return get(key, callback);
    get(key, (error, value) =>
      error && error.name !== "NotFoundError" ? asServiceCallback(callback)(error) : callback(error, value),
    );
  };
  level.batch = (ops, callback) =>
    typeof callback === "function" ? batch(ops, asServiceCallback(callback)) : batch(ops, callback);
}

/** dynalite answers errors that carry statusCode/body and throws the rest; a disk error is answered. */
function asServiceCallback(callback: Callback): Callback {
  return (error, value) => {
    if (!error) return callback(error, value);
    const cause = (error as { cause?: Error }).cause;
    const detail = cause ? `${error.message}: ${cause.message}` : error.message;
    callback(
      Object.assign(error, {
        statusCode: 500,
        body: {
          __type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
          message: `${WRITE_FAILED}: ${detail}`,
        },
      }),
    );
  };
}
