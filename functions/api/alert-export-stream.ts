import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { type AlertView, toAlertView } from "../core/alert-view.js";
import type { StoredAlert } from "../store/alert-repository.js";
import { ALERT_EXPORT_COLUMNS } from "./alert-export-columns.js";
import { csvHeaderLine, csvRowLine } from "./alerts-csv.js";
import { xlsxRowValues } from "./alerts-xlsx.js";
import type { ScopedList } from "./list-page.js";
import { type ListPosition, type WalkedPage, walkSegments } from "./list-segments.js";
import { MAX_PAGE_LIMIT } from "./page-cursor.js";

/** Every alert of a scoped list, one page at a time: an export holds a page in memory, never the list. */
export async function* alertViewPages(list: ScopedList<StoredAlert>): AsyncGenerator<AlertView[]> {
  let from: ListPosition | null = null;
  do {
    const page: WalkedPage<StoredAlert> = await walkSegments(
      list.segments,
      from,
      MAX_PAGE_LIMIT,
      "forward",
      list.keep,
    );
    yield page.entries.map((e) => toAlertView(e.item));
    from = page.next;
  } while (from);
}

/** The CSV export as a stream: the BOM and header, then each page's rows as it is read. */
export function alertsCsvStream(pages: AsyncIterable<AlertView[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvHeaderLine()}`));
        return;
      }
      // A pull that enqueues nothing is never called again (the stream waits for a chunk that never
      // comes), so read on past pages with no rows until one has rows or the list ends.
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        if (next.value.length > 0) {
          controller.enqueue(encoder.encode(next.value.map(csvRowLine).join("")));
          return;
        }
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

/** The XLSX export as a stream (exceljs' streaming writer): rows are committed page by page. */
export function alertsXlsxStream(pages: AsyncIterable<AlertView[]>): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Pricewarden";
  const sheet = workbook.addWorksheet("Alerts", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = ALERT_EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  const write = async () => {
    for await (const alerts of pages)
      for (const alert of alerts) {
        const row = sheet.addRow(xlsxRowValues(alert));
        ALERT_EXPORT_COLUMNS.forEach((c, i) => {
          if (c.decimal) row.getCell(i + 1).numFmt = "0.00";
        });
        row.commit();
      }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error as Error));
  return Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>;
}
