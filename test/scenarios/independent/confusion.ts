import { RULE_TYPES, type RuleType } from "./ground-truth.js";

/** TP/FP/FN per rule, and the table printed for each generator and seed. */

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
}

export type ConfusionTable = Map<RuleType, Confusion>;

export function emptyTable(): ConfusionTable {
  return new Map(RULE_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
}

export function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

export function addInto(total: ConfusionTable, part: ConfusionTable): void {
  for (const [type, c] of part) {
    const t = total.get(type) as Confusion;
    t.tp += c.tp;
    t.fp += c.fp;
    t.fn += c.fn;
  }
}

/**
 * Compares wanted and got keys (`url|type|monitoringOnly`); returns the table and the keys
 * that were false positives and false negatives.
 */
export function compare(
  want: ReadonlySet<string>,
  got: ReadonlySet<string>,
): { table: ConfusionTable; fp: string[]; fn: string[] } {
  const table = emptyTable();
  const fp: string[] = [];
  const fn: string[] = [];
  for (const key of new Set([...want, ...got])) {
    const type = key.split("|")[1] as RuleType;
    const row = table.get(type);
    if (!row) {
      fp.push(key);
      continue;
    }
    if (want.has(key) && got.has(key)) row.tp++;
    else if (got.has(key)) {
      row.fp++;
      fp.push(key);
    } else {
      row.fn++;
      fn.push(key);
    }
  }
  return { table, fp, fn };
}

export function formatTable(title: string, rows: ConfusionTable): string {
  const lines = [title, "rule                   TP    FP    FN  precision  recall"];
  for (const type of RULE_TYPES) {
    const c = rows.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    lines.push(
      `${type.padEnd(20)} ${String(c.tp).padStart(4)}  ${String(c.fp).padStart(4)}  ${String(c.fn).padStart(4)}  ${ratio(
        c.tp,
        c.tp + c.fp,
      )
        .toFixed(2)
        .padStart(9)}  ${ratio(c.tp, c.tp + c.fn)
        .toFixed(2)
        .padStart(6)}`,
    );
  }
  return lines.join("\n");
}
