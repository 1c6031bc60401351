import type { ExtractedListing } from "../core/listing.js";

/**
 * Why a rule (rather than a value the page stated) decided a field: "offered at a price with no
 * sign of being unavailable", "the channel's price element says 暂无报价". Kept beside the
 * listing instead of in it, because the listing's schema is the pipeline's contract; the
 * extraction report (`pricewarden extract`) prints them.
 */
export type FieldReasons = Readonly<Record<string, string>>;

/**
 * A non-enumerable property of the returned object: invisible to the schema, JSON and spreads
 * (a copy has no reasons), and gone with the listing. Not a module-level WeakMap: V8's young
 * generation GC keeps WeakMap entries alive, which promoted every listing to the old generation.
 */
const REASONS = Symbol("pricewarden.fieldReasons");

/** Attaches reasons to the listing object that `extractListing` returns. */
export function attachReasons(listing: ExtractedListing, why: FieldReasons): ExtractedListing {
  if (Object.keys(why).length > 0)
    Object.defineProperty(listing, REASONS, { value: { ...why }, enumerable: false });
  return listing;
}

/** The reasons recorded for this listing object, empty for any other object (a copy, a stored listing). */
export function reasonsOf(listing: ExtractedListing): Record<string, string> {
  return { ...((listing as { [REASONS]?: FieldReasons })[REASONS] ?? {}) };
}
