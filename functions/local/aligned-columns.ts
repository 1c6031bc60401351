import { displayWidth } from "./alert-table.js";

/** Rows as text columns padded to their widest cell (a CJK character counts two columns). */
export function alignedColumns(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ""))));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - displayWidth(cell)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
