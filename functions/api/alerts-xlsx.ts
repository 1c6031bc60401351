import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { AlertView } from "../core/alert-view.js";
import { minorToDecimal } from "../core/money.js";
import type { Observation } from "../store/listing-repository.js";
import { wallClockDate as zonedWallClock } from "../text/clock.js";
import { exportText } from "../text/export-text.js";
import { alertTypeLabel, severityLabel, stockLabel } from "../text/labels-text.js";
import {
  alertColumnsFor,
  channelName,
  DEFAULT_EXPORT_CONTEXT,
  type ExportColumn,
  type ExportContext,
  type ExportLink,
  listingLink,
  timeHeader,
} from "./alert-export-columns.js";
import { type SellerRow, SellerTally } from "./seller-export.js";
import { spreadsheetText } from "./spreadsheet-cell.js";

/** A listing's price history for the history sheet; the caller reads it within the caller's scope. */
export type HistorySource = (listing: {
  url: string;
  sku: string | null;
  channel: string;
}) => Promise<readonly Observation[]>;

export interface WorkbookSources {
  /** The alerts, a page at a time (the export never holds the whole list). */
  alerts: AsyncIterable<AlertView[]>;
  /** Where the history sheet's observations come from; without it that sheet has its header only. */
  history?: HistorySource;
}

type CellValue = string | number | Date | { text: string; hyperlink: string } | null;

const DATE_FORMAT = "yyyy-mm-dd hh:mm";
const MONEY_FORMAT = "#,##0.00";
/** Listings whose history is exported at most (each brings up to its own observations). */
const MAX_HISTORY_LISTINGS = 2_000;
const LINK_FONT = { color: { argb: "FF0563C1" }, underline: true } as const;

/**
 * The tenant's wall clock for an instant, remembered: a cycle's alerts share a handful of
 * timestamps, and reading a zone's fields (Intl) is the export's costliest step.
 */
const wallClocks = new Map<string, Date | null>();
const WALL_CLOCK_MEMO = 5_000;

function wallClockDate(iso: string, timeZone: string): Date | null {
  const key = `${timeZone} ${iso}`;
  const known = wallClocks.get(key);
  if (known !== undefined) return known;
  const value = zonedWallClock(iso, timeZone);
  if (wallClocks.size >= WALL_CLOCK_MEMO) wallClocks.clear();
  wallClocks.set(key, value);
  return value;
}

function linkValue(link: ExportLink | null): CellValue {
  // The shown text is ours; the address passed safeHref (http/https only).
  return link ? { text: link.text, hyperlink: link.href } : null;
}

/**
 * One cell: text neutralized (a leading `'` on formula starts, as in the CSV, in case the sheet
 * is re-saved as CSV or a cell is edited; exceljs only writes a formula for `{ formula }`
 * objects), money and counts as numbers, times as real dates on the tenant's wall clock, links
 * as hyperlinks.
 */
function cellValue(column: ExportColumn<AlertView>, alert: AlertView, ctx: ExportContext): CellValue {
  if (column.count) return column.count(alert);
  if (column.instant) {
    const iso = column.instant(alert);
    return iso ? wallClockDate(iso, ctx.timeZone) : null;
  }
  if (column.link) return linkValue(column.link(alert));
  if (column.decimal) {
    const decimal = column.decimal(alert);
    // Our own "93.00" strings: a number so the sheet can sort and sum; no arithmetic here.
    return decimal === null ? null : Number(decimal);
  }
  return spreadsheetText(column.text?.(alert) ?? null, column.max);
}

/** One alert's cells in the order of `alertColumnsFor(ctx)`. */
export function xlsxRowValues(alert: AlertView, ctx: ExportContext = DEFAULT_EXPORT_CONTEXT): CellValue[] {
  return alertColumnsFor(ctx).map((c) => cellValue(c, alert, ctx));
}

/** How each column's cells look: money with two decimals, dates with minutes, links blue. */
interface ColumnStyle {
  header: string;
  width: number;
  kind: "text" | "money" | "count" | "date" | "link";
}

function styleOf(column: ExportColumn<AlertView>): ColumnStyle {
  const kind = column.count
    ? "count"
    : column.instant
      ? "date"
      : column.link
        ? "link"
        : column.decimal
          ? "money"
          : "text";
  return { header: column.header, width: column.width, kind };
}

type Sheet = ExcelJS.Worksheet;

/** A sheet whose header row is frozen, bold and shaded. */
function addSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly ColumnStyle[],
): Sheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFF3F8" } };
  });
  header.commit();
  return sheet;
}

function addStyledRow(sheet: Sheet, columns: readonly ColumnStyle[], values: readonly CellValue[]): void {
  const row = sheet.addRow([...values]);
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    if (c.kind === "money") cell.numFmt = MONEY_FORMAT;
    else if (c.kind === "date") cell.numFmt = DATE_FORMAT;
    else if (c.kind === "link" && cell.value !== null) cell.font = LINK_FONT;
  });
  row.commit();
}

/** Filters on every column of the rows written so far, then the sheet is done. */
function finishSheet(sheet: Sheet, columnCount: number, lastRow: number): void {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, lastRow), column: columnCount } };
  sheet.commit();
}

/**
 * The alerts workbook a manager forwards as is: 告警 (alerts), 店铺 (sellers) and 价格历史 (price
 * history) sheets in the reader's language, written with exceljs' streaming writer page by page.
 */
export async function writeAlertsWorkbook(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  sources: WorkbookSources,
  ctx: ExportContext = DEFAULT_EXPORT_CONTEXT,
): Promise<void> {
  const text = exportText(ctx.locale);
  const alertColumns = alertColumnsFor(ctx);
  const alertStyles = alertColumns.map(styleOf);
  const alerts = addSheet(workbook, text.sheets.alerts, alertStyles);
  const sellers = new SellerTally();
  const listings = new Map<
    string,
    { url: string; sku: string | null; channel: string; seller: string | null }
  >();
  let rows = 1;
  for await (const page of sources.alerts)
    for (const alert of page) {
      addStyledRow(alerts, alertStyles, xlsxRowValues(alert, ctx));
      rows++;
      sellers.add(alert);
      if (!listings.has(alert.url) && listings.size < MAX_HISTORY_LISTINGS && alert.seller !== null)
        listings.set(alert.url, {
          url: alert.url,
          sku: alert.sku,
          channel: alert.channel,
          seller: alert.seller,
        });
    }
  finishSheet(alerts, alertStyles.length, rows);

  writeSellers(workbook, sellers.sorted(), ctx);
  await writeHistory(workbook, [...listings.values()], sources.history, ctx);
  await workbook.commit();
}

function writeSellers(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  rows: readonly SellerRow[],
  ctx: ExportContext,
) {
  const text = exportText(ctx.locale);
  const h = text.sellers;
  const columns: ColumnStyle[] = [
    { header: h.channel, width: 12, kind: "text" },
    { header: h.seller, width: 28, kind: "text" },
    { header: h.sellerId, width: 14, kind: "text" },
    { header: h.distributor, width: 14, kind: "text" },
    { header: h.openAlerts, width: 10, kind: "count" },
    { header: h.totalAlerts, width: 10, kind: "count" },
    { header: h.types, width: 30, kind: "text" },
    { header: h.lowestPrice, width: 12, kind: "money" },
    { header: h.worstSeverity, width: 9, kind: "text" },
    { header: timeHeader(text, h.firstSeen, ctx), width: 18, kind: "date" },
    { header: timeHeader(text, h.lastSeen, ctx), width: 18, kind: "date" },
  ];
  const sheet = addSheet(workbook, text.sheets.sellers, columns);
  const separator = ctx.locale === "zh-CN" ? "、" : ", ";
  for (const row of rows)
    addStyledRow(sheet, columns, [
      spreadsheetText(channelName(ctx, row.channel), 64),
      spreadsheetText(row.seller, 200),
      spreadsheetText(row.sellerId, 100),
      spreadsheetText(row.distributorId, 64),
      row.openAlerts,
      row.totalAlerts,
      row.types.map((t) => alertTypeLabel(t, ctx.locale)).join(separator),
      row.lowestPrice === null ? null : Number(row.lowestPrice),
      severityLabel(row.worstSeverity, ctx.locale),
      wallClockDate(row.firstSeen, ctx.timeZone),
      wallClockDate(row.lastSeen, ctx.timeZone),
    ]);
  finishSheet(sheet, columns.length, rows.length + 1);
}

/** Fen as the yuan number a cell holds, through the decimal string (no float arithmetic). */
const minorNumber = (minor: number | null) => (minor === null ? null : Number(minorToDecimal(minor)));

async function writeHistory(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  listings: ReadonlyArray<{ url: string; sku: string | null; channel: string; seller: string | null }>,
  history: HistorySource | undefined,
  ctx: ExportContext,
) {
  const text = exportText(ctx.locale);
  const h = text.history;
  const columns: ColumnStyle[] = [
    { header: timeHeader(text, h.at, ctx), width: 18, kind: "date" },
    { header: h.sku, width: 14, kind: "text" },
    { header: h.channel, width: 12, kind: "text" },
    { header: h.seller, width: 28, kind: "text" },
    { header: h.price, width: 12, kind: "money" },
    { header: h.listedPrice, width: 12, kind: "money" },
    { header: h.stock, width: 8, kind: "text" },
    { header: h.reason, width: 16, kind: "text" },
    { header: h.listing, width: 14, kind: "link" },
  ];
  const sheet = addSheet(workbook, text.sheets.history, columns);
  let rows = 1;
  if (history)
    for (const listing of listings) {
      const link = linkValue(listingLink(listing.url, text));
      for (const o of await history(listing)) {
        addStyledRow(sheet, columns, [
          wallClockDate(o.at, ctx.timeZone),
          spreadsheetText(o.sku ?? listing.sku, 64),
          spreadsheetText(channelName(ctx, o.channel), 64),
          spreadsheetText(o.seller ?? listing.seller, 200),
          minorNumber(o.effectivePrice),
          minorNumber(o.listedPrice),
          stockLabel(o.availability, ctx.locale),
          text.reasons[o.reason],
          link,
        ]);
        rows++;
      }
    }
  finishSheet(sheet, columns.length, rows);
}

/** The workbook as a byte stream: what the export route sends. */
export function alertsWorkbookStream(
  sources: WorkbookSources,
  ctx: ExportContext,
): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Pricewarden";
  writeAlertsWorkbook(workbook, sources, ctx).catch((error: unknown) => output.destroy(error as Error));
  return Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>;
}
