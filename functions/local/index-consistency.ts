import {
  type DynaliteIndex,
  type DynaliteItem,
  type DynaliteStore,
  type DynaliteTable,
  dynaliteDb,
} from "./atomic-dynalite-writes.js";

export interface IndexProblems {
  index: string;
  /** Items that should be in the index and are not (they vanish from lists by status, delivery…). */
  missing: number;
  /** Entries whose copy differs from the item (a status or delivery state that never committed). */
  stale: number;
  /** Entries with no item behind them, or left under a key the item no longer has. */
  orphaned: number;
}

export interface IndexConsistencyReport {
  items: number;
  indexEntries: number;
  problems: IndexProblems[];
  /** True when the problems were written back (the index entries now mirror the items). */
  rebuilt: boolean;
}

export function inconsistencyCount(report: IndexConsistencyReport): number {
  return report.problems.reduce((n, p) => n + p.missing + p.stale + p.orphaned, 0);
}

/**
 * Compares every item of the table with every index entry it should have (and every entry with the
 * item it mirrors), straight on dynalite's LevelDB before the store serves anyone. With `rebuild`,
 * mismatched index entries are rewritten from the items, which are the truth.
 */
export async function checkIndexConsistency(
  store: DynaliteStore,
  tableName: string,
  options: { rebuild: boolean },
): Promise<IndexConsistencyReport> {
  const table = await tableOf(store, tableName);
  const indexes: Array<{ type: "Local" | "Global"; index: DynaliteIndex }> = [
    ...(table.LocalSecondaryIndexes ?? []).map((index) => ({ type: "Local" as const, index })),
    ...(table.GlobalSecondaryIndexes ?? []).map((index) => ({ type: "Global" as const, index })),
  ];
  const expected = new Map(indexes.map(({ index }) => [index.IndexName, new Map<string, string>()]));
  let items = 0;
  for await (const item of store.getItemDb(tableName).createValueStream()) {
    items++;
    for (const { index } of indexes) {
      for (const put of dynaliteDb.getIndexActions([index], null, item as DynaliteItem, table).puts)
        expected.get(index.IndexName)?.set(put.key, JSON.stringify(put.item));
    }
  }
  let indexEntries = 0;
  const problems: IndexProblems[] = [];
  for (const { type, index } of indexes) {
    const want = expected.get(index.IndexName) ?? new Map<string, string>();
    const indexDb = store.getIndexDb(type, tableName, index.IndexName);
    const fixes: Array<{ type: "put"; key: string; value: unknown } | { type: "del"; key: string }> = [];
    const found: IndexProblems = { index: index.IndexName, missing: 0, stale: 0, orphaned: 0 };
    for await (const entry of indexDb.createValueStream()) {
      indexEntries++;
      const key = dynaliteDb.createIndexKey(entry as DynaliteItem, table, index.KeySchema);
      const copy = want.get(key);
      if (copy === undefined) {
        found.orphaned++;
        fixes.push({ type: "del", key });
        continue;
      }
      want.delete(key);
      if (copy !== JSON.stringify(entry)) {
        found.stale++;
        fixes.push({ type: "put", key, value: JSON.parse(copy) });
      }
    }
    for (const [key, copy] of want) {
      found.missing++;
      fixes.push({ type: "put", key, value: JSON.parse(copy) });
    }
    if (fixes.length === 0) continue;
    problems.push(found);
    if (options.rebuild) await batch(indexDb, fixes);
  }
  return { items, indexEntries, problems, rebuilt: options.rebuild && problems.length > 0 };
}

function tableOf(store: DynaliteStore, tableName: string): Promise<DynaliteTable> {
  return new Promise((resolve, reject) =>
    store.getTable(tableName, false, (error, table) =>
      error || !table ? reject(error ?? new Error(`no table ${tableName}`)) : resolve(table),
    ),
  );
}

function batch(
  indexDb: ReturnType<DynaliteStore["getIndexDb"]>,
  ops: Array<{ type: "put"; key: string; value: unknown } | { type: "del"; key: string }>,
): Promise<void> {
  return new Promise((resolve, reject) => indexDb.batch(ops, (error) => (error ? reject(error) : resolve())));
}
