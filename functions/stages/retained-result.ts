import type { ListingResult, TargetResult } from "./cycle.js";

/**
 * What a cycle keeps of a target's result until the run's summary: everything but the page text
 * (up to 20,000 characters a listing, read by matching and the compliance rule and not needed
 * after), as a copy. The copy matters: a title or a seller cut from a page is, in V8, a slice that
 * keeps the whole decoded page alive; 2,000 kept results held some 90 MB of pages that way.
 */
export function retainedResult(result: TargetResult): TargetResult {
  if (result.kind === "discovered") return result;
  if (result.kind === "search") return structuredClone({ ...result, rows: result.rows.map(withoutPageText) });
  return structuredClone(withoutPageText(result));
}

function withoutPageText(result: ListingResult): ListingResult {
  return result.listing ? { ...result, listing: { ...result.listing, pageText: "" } } : result;
}
