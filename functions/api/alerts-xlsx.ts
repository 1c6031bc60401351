import type { AlertView } from "../core/alert-view.js";
import { ALERT_EXPORT_COLUMNS, type ExportColumn } from "./alert-export-columns.js";
import { spreadsheetText } from "./spreadsheet-cell.js";

function value(column: ExportColumn, alert: AlertView): string | number | null {
  if (column.count) return column.count(alert);
  if (column.decimal) {
    const decimal = column.decimal(alert);
    // Our own "93.00" strings: a number so the sheet can sort and sum; display only, no arithmetic here.
    return decimal === null ? null : Number(decimal);
  }
  return spreadsheetText(column.text?.(alert) ?? null, column.max);
}

/**
 * One alert's cells in column order. Text cells are plain string values (exceljs only writes a
 * formula for `{ formula }` objects), neutralized as in the CSV in case the sheet is re-saved as
 * CSV or a cell is edited; prices are numbers.
 */
export function xlsxRowValues(alert: AlertView): Array<string | number | null> {
  return ALERT_EXPORT_COLUMNS.map((c) => value(c, alert));
}
