import type { PageQuery, StoreKey, StorePage } from "../store/query-all.js";

/**
 * One stored list a page walks through: a query on one partition of one index, e.g. the open
 * high-severity alerts of a tenant. A list route reads one or more segments in order.
 */
export interface ListSegment<T> {
  index: "gsi1" | "gsi2";
  /** The partition this segment reads; a resume key must name exactly it. */
  partition: string;
  /** Every sort key of the segment starts with this. */
  sortPrefix: string;
  read(page: PageQuery<T>): Promise<StorePage<T>>;
}

/** Where a page starts (exclusive): after an item of one segment, or (key null) before all of it. */
export interface ListPosition {
  segment: number;
  key: StoreKey | null;
}

export interface WalkedPage<T> {
  entries: Array<{ item: T; position: ListPosition }>;
  /** Where the following page (in the walk's direction) starts; null when the list ends. */
  next: ListPosition | null;
}

/** Items a request reads at most, kept or not: a selective filter cannot make one request unbounded. */
export const MAX_READS_PER_PAGE = 2_000;

/**
 * Up to `limit` items after `from` (exclusive), forward through the segments in order, or
 * backward for a previous page. The reads stop at MAX_READS_PER_PAGE; the page may then be
 * short, with `next` where reading stopped.
 */
export async function walkSegments<T>(
  segments: ReadonlyArray<ListSegment<T>>,
  from: ListPosition | null,
  limit: number,
  direction: "forward" | "backward",
  keep?: (item: T) => boolean,
): Promise<WalkedPage<T>> {
  const step = direction === "forward" ? 1 : -1;
  let segment = from?.segment ?? (direction === "forward" ? 0 : segments.length - 1);
  let after = from?.key ?? null;
  // Backward from "before all of a segment" starts at the end of the one before it.
  if (from && from.key === null && direction === "backward") segment -= 1;
  let reads = 0;
  const entries: WalkedPage<T>["entries"] = [];
  while (segment >= 0 && segment < segments.length) {
    if (entries.length === limit || reads >= MAX_READS_PER_PAGE) {
      // Forward, a position with no key means "before all of this segment"; backward, the segment after.
      const next =
        after === null && direction === "backward"
          ? { segment: segment + 1, key: null }
          : { segment, key: after };
      return { entries, next };
    }
    const page = await segments[segment]!.read({
      limit: limit - entries.length,
      after,
      direction,
      maxReads: MAX_READS_PER_PAGE - reads,
      ...(keep ? { keep } : {}),
    });
    reads += page.reads;
    for (const { item, key } of page.items) entries.push({ item, position: { segment, key } });
    if (page.resumeAfter !== null) {
      after = page.resumeAfter;
      continue;
    }
    segment += step;
    after = null;
  }
  return { entries, next: null };
}

/**
 * Whether a position a client sent back can only read what this list reads: a segment of it, and
 * a key inside that segment's partition with exactly the attributes of its index. A key forged
 * into another tenant's or distributor's partition fails here, before any read.
 */
export function positionFits<T>(
  segments: ReadonlyArray<ListSegment<T>>,
  position: ListPosition,
  tenant: string,
): boolean {
  const segment = segments[position.segment];
  if (!segment) return false;
  if (position.key === null) return true;
  const expected = ["pk", "sk", `${segment.index}pk`, `${segment.index}sk`].sort();
  const names = Object.keys(position.key).sort();
  if (names.length !== expected.length || names.some((n, i) => n !== expected[i])) return false;
  const key = position.key;
  return (
    key[`${segment.index}pk`] === segment.partition &&
    (key[`${segment.index}sk`] ?? "").startsWith(segment.sortPrefix) &&
    (key.pk ?? "").startsWith(`T#${tenant}#`)
  );
}
