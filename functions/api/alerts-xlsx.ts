import ExcelJS from "exceljs";
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
 * One sheet of alerts. Text cells are written as plain string values (exceljs only writes a
 * formula for `{ formula }` objects), and neutralized as in the CSV in case the sheet is
 * re-saved as CSV or a cell is edited.
 */
export async function alertsToXlsx(alerts: readonly AlertView[]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Pricewarden";
  const sheet = workbook.addWorksheet("Alerts", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = ALERT_EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const alert of alerts) {
    const row = sheet.addRow(ALERT_EXPORT_COLUMNS.map((c) => value(c, alert)));
    ALERT_EXPORT_COLUMNS.forEach((c, i) => {
      if (c.decimal) row.getCell(i + 1).numFmt = "0.00";
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  // exceljs hands back a Node Buffer; copy into a plain ArrayBuffer-backed view for Response.
  return new Uint8Array(buffer as unknown as Uint8Array);
}
