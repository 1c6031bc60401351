import { boundedText } from "./bounded-text.js";

/** Excel, LibreOffice and Sheets evaluate a cell that starts with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Excel's own cap is 32,767; exports stay far below so a hostile page cannot bloat a sheet. */
export const DEFAULT_CELL_MAX = 2000;

/**
 * A crawled string made safe for a spreadsheet cell: bounded, control characters removed
 * (they also corrupt XLSX XML), and a leading `'` when it would otherwise start a formula.
 * Leading spaces are looked through because some spreadsheet apps trim them on import.
 */
export function spreadsheetText(value: string | null | undefined, max = DEFAULT_CELL_MAX): string {
  if (value === null || value === undefined) return "";
  const text = boundedText(value, max);
  return FORMULA_START.test(text) || FORMULA_START.test(text.trimStart()) ? `'${text}` : text;
}
