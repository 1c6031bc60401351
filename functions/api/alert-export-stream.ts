import { type AlertView, toAlertView } from "../core/alert-view.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { ExportContext } from "./alert-export-columns.js";
import { csvHeaderLine, csvRowWriter } from "./alerts-csv.js";
import { alertsWorkbookStream, type HistorySource } from "./alerts-xlsx.js";
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
export function alertsCsvStream(
  pages: AsyncIterable<AlertView[]>,
  ctx: ExportContext,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const row = csvRowWriter(ctx);
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvHeaderLine(ctx)}`));
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
          controller.enqueue(encoder.encode(next.value.map(row).join("")));
          return;
        }
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

/**
 * The XLSX export as a stream: 告警 / 店铺 / 价格历史 sheets in the reader's language (exceljs'
 * streaming writer, alerts committed page by page).
 */
export function alertsXlsxStream(
  pages: AsyncIterable<AlertView[]>,
  ctx: ExportContext,
  history?: HistorySource,
): ReadableStream<Uint8Array> {
  return alertsWorkbookStream({ alerts: pages, ...(history ? { history } : {}) }, ctx);
}
