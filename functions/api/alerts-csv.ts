import type { AlertView } from "../core/alert-view.js";
import { formatInstant } from "../text/clock.js";
import {
  alertColumnsFor,
  DEFAULT_EXPORT_CONTEXT,
  type ExportColumn,
  type ExportContext,
} from "./alert-export-columns.js";
import { spreadsheetText } from "./spreadsheet-cell.js";

function cell(column: ExportColumn<AlertView>, alert: AlertView, ctx: ExportContext): string {
  if (column.count) return String(column.count(alert));
  // Times on the tenant's clock with the zone named: CSV has no date type that carries a zone.
  if (column.instant) return formatInstant(column.instant(alert), ctx);
  // A link is its address: CSV has no hyperlinks.
  if (column.link) return spreadsheetText(column.link(alert)?.href ?? null, 2048);
  // Decimals are ours ("93.00"), never crawled text, but go through the same guard anyway.
  const value = column.text ? column.text(alert) : (column.decimal?.(alert) ?? null);
  return spreadsheetText(value, column.max);
}

const quote = (field: string) => `"${field.replaceAll('"', '""')}"`;

/**
 * RFC 4180 CSV, every field quoted, formula starts neutralized, headers in the reader's language;
 * the export starts with a UTF-8 BOM so Excel reads the Chinese text as UTF-8 rather than the
 * system code page.
 */
export function csvHeaderLine(ctx: ExportContext = DEFAULT_EXPORT_CONTEXT): string {
  return `${alertColumnsFor(ctx)
    .map((c) => quote(spreadsheetText(c.header)))
    .join(",")}\r\n`;
}

/** One alert's line for a reader, CRLF-terminated. */
export function csvRowWriter(ctx: ExportContext): (alert: AlertView) => string {
  const columns = alertColumnsFor(ctx);
  return (alert) => `${columns.map((c) => quote(cell(c, alert, ctx))).join(",")}\r\n`;
}

/** One alert's line as a Chinese tenant on Beijing time reads it, CRLF-terminated. */
export function csvRowLine(alert: AlertView): string {
  return csvRowWriter(DEFAULT_EXPORT_CONTEXT)(alert);
}
