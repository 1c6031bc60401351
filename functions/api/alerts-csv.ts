import type { AlertView } from "../core/alert-view.js";
import { ALERT_EXPORT_COLUMNS, type ExportColumn } from "./alert-export-columns.js";
import { spreadsheetText } from "./spreadsheet-cell.js";

function cell(column: ExportColumn, alert: AlertView): string {
  if (column.count) return String(column.count(alert));
  // Decimals are ours ("93.00"), never crawled text, but go through the same guard anyway.
  const value = column.text ? column.text(alert) : (column.decimal?.(alert) ?? null);
  return spreadsheetText(value, column.max);
}

const quote = (field: string) => `"${field.replaceAll('"', '""')}"`;

/**
 * RFC 4180 CSV, every field quoted, formula starts neutralized; the export starts with a UTF-8 BOM
 * so Excel reads the Chinese seller names as UTF-8 rather than the system code page.
 */
export function csvHeaderLine(): string {
  return `${ALERT_EXPORT_COLUMNS.map((c) => quote(c.header)).join(",")}\r\n`;
}

/** One alert's line, CRLF-terminated. */
export function csvRowLine(alert: AlertView): string {
  return `${ALERT_EXPORT_COLUMNS.map((c) => quote(cell(c, alert))).join(",")}\r\n`;
}
