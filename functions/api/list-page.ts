import type { StoreKey } from "../store/query-all.js";
import {
  type ListPosition,
  type ListSegment,
  MAX_READS_PER_PAGE,
  positionFits,
  walkSegments,
} from "./list-segments.js";
import { decodeCursor, encodeCursor } from "./page-cursor.js";

/** A list as one caller may read it: its segments in order, and what of them the caller sees. */
export interface ScopedList<T> {
  segments: ReadonlyArray<ListSegment<T>>;
  keep: (item: T) => boolean;
}

export interface PageRequest {
  limit: number;
  /** `nextCursor` of the page before: this page starts after it. */
  cursor?: string | undefined;
  /** The dashboard's "previous": the page that ends just before this position. */
  before?: string | undefined;
}

export type ListPage<T> =
  | {
      kind: "page";
      items: T[];
      entries: Array<{ item: T; position: ListPosition }>;
      nextCursor: string | null;
      /** For a "previous" link: `before` this page's first item, `first` for the first page, null on it. */
      previous: { before: string } | { first: true } | null;
    }
  | { kind: "bad_cursor" };

/**
 * One page of a scoped list. A cursor is only a position: it is decoded, then checked against
 * the list's own partitions, so a client cannot steer a read into another tenant's or
 * distributor's items (400 instead).
 */
export async function readListPage<T>(
  list: ScopedList<T>,
  tenant: string,
  request: PageRequest,
): Promise<ListPage<T>> {
  const position = (cursor: string | undefined) => {
    if (cursor === undefined) return { ok: true as const, value: null };
    const decoded = decodeCursor(cursor);
    return decoded && positionFits(list.segments, decoded, tenant)
      ? { ok: true as const, value: decoded }
      : { ok: false as const };
  };
  const after = position(request.cursor);
  const before = position(request.before);
  if (!after.ok || !before.ok) return { kind: "bad_cursor" };

  let start = after.value;
  if (before.value) {
    // The page before a position: step back one page and one item, then read forward from there.
    const back = await walkSegments(list.segments, before.value, request.limit + 1, "backward", list.keep);
    start = back.entries.length > request.limit ? back.entries.at(-1)!.position : null;
  }
  const page = await walkSegments(list.segments, start, request.limit, "forward", list.keep);
  const first = page.entries[0];
  return {
    kind: "page",
    items: page.entries.map((e) => e.item),
    entries: page.entries,
    nextCursor: page.next ? encodeCursor(page.next) : null,
    previous: start === null ? null : first ? { before: encodeCursor(first.position) } : { first: true },
  };
}

/** How a list is read in an order that runs across its segments (e.g. newest first). */
export interface MergeOrder<T> {
  /** `descending`: the segments' own order (newest first); `ascending` reads them backward. */
  direction: "descending" | "ascending";
  /** An item's place in the order; comparable as strings, unique per item. */
  orderOf(item: T): string;
  /** The same for a store key read from a segment. */
  orderOfKey(segment: ListSegment<T>, key: StoreKey): string;
  /** The store position in a segment at a place in the order (where the page before ended). */
  startKey(segment: ListSegment<T>, at: string): StoreKey;
  encode(at: string): string;
  /** The place a cursor names, or null when it is not a cursor of this order. */
  decode(cursor: string): string | null;
}

export type MergedPage<T> =
  | { kind: "page"; items: T[]; nextCursor: string | null; previous: { first: true } | null }
  | { kind: "bad_cursor" };

/**
 * One page of a list in an order across its segments: each segment is read from the cursor's
 * place on (a position inside the segment's own partition, so a cursor cannot steer a read
 * elsewhere), and the reads are merged. Reads stay bounded: a segment that ran out of its share
 * before filling the page cuts the page where its reading stopped, and the next page resumes
 * there. Going back is to the first page (these orders have no "previous").
 */
export async function readMergedPage<T>(
  list: ScopedList<T>,
  order: MergeOrder<T>,
  request: { limit: number; cursor?: string | undefined },
): Promise<MergedPage<T>> {
  const from = request.cursor === undefined ? null : order.decode(request.cursor);
  if (request.cursor !== undefined && from === null) return { kind: "bad_cursor" };
  const direction = order.direction === "descending" ? "forward" : "backward";
  const before = (a: string, b: string) => (order.direction === "descending" ? a > b : a < b);
  const share = Math.max(request.limit, Math.floor(MAX_READS_PER_PAGE / Math.max(1, list.segments.length)));
  const candidates: Array<{ item: T; at: string }> = [];
  let cut: string | null = null;
  let more = false;
  for (const segment of list.segments) {
    const page = await segment.read({
      limit: request.limit,
      after: from === null ? null : order.startKey(segment, from),
      direction,
      maxReads: share,
      keep: list.keep,
    });
    for (const { item } of page.items) candidates.push({ item, at: order.orderOf(item) });
    if (page.resumeAfter === null) continue;
    more = true;
    if (page.items.length < request.limit) {
      // This segment was read up to here and no further: nothing after this place is complete.
      const stoppedAt = order.orderOfKey(segment, page.resumeAfter);
      if (cut === null || before(cut, stoppedAt)) cut = stoppedAt;
    }
  }
  const sorted = candidates
    .filter((c) => cut === null || !before(cut, c.at))
    .sort((a, b) => (a.at === b.at ? 0 : before(a.at, b.at) ? -1 : 1));
  const shown = sorted.slice(0, request.limit);
  more = more || sorted.length > shown.length || candidates.length > sorted.length;
  const resumeAt = shown.at(-1)?.at ?? cut;
  return {
    kind: "page",
    items: shown.map((c) => c.item),
    nextCursor: more && resumeAt !== null ? order.encode(resumeAt) : null,
    previous: from === null ? null : { first: true },
  };
}
