import { type ListPosition, type ListSegment, positionFits, walkSegments } from "./list-segments.js";
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
