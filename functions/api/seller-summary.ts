import type { ListingState } from "../store/listing-repository.js";
import type { ListPage } from "./list-page.js";
import { encodeCursor } from "./page-cursor.js";

/** One seller on one channel for one SKU, folded from its listings. */
export interface SellerSummary {
  sku: string;
  channel: string;
  seller: string | null;
  sellerId: string | null;
  sellerKind: ListingState["sellerKind"];
  distributorId: string | null;
  listings: number;
  lowestPrice: number | null;
  currency: string | null;
  lastCheckedAt: string;
}

const sellerKey = (l: ListingState) => [l.sku, l.channel, l.sellerId ?? "", l.seller ?? ""].join("\u0000");

/**
 * A page of listings cut back to its last complete seller, so the next page starts with a whole
 * one (listings come sorted by channel and seller within a SKU). A page of one seller stays whole.
 */
export function completeSellerGroups(
  page: Extract<ListPage<ListingState>, { kind: "page" }>,
): Extract<ListPage<ListingState>, { kind: "page" }> {
  const last = page.entries.at(-1);
  if (page.nextCursor === null || !last) return page;
  const lastSeller = sellerKey(last.item);
  const end = page.entries.findLastIndex((e) => sellerKey(e.item) !== lastSeller);
  if (end < 0) return page;
  const entries = page.entries.slice(0, end + 1);
  return {
    ...page,
    entries,
    items: entries.map((e) => e.item),
    nextCursor: encodeCursor(entries.at(-1)!.position),
  };
}

export function summarizeSellers(listings: readonly ListingState[]): SellerSummary[] {
  const bySeller = new Map<string, SellerSummary>();
  for (const l of listings) {
    if (l.sku === null) continue;
    const key = sellerKey(l);
    const price = l.perPackPrice ?? l.effectivePrice;
    const seen = bySeller.get(key);
    if (!seen) {
      bySeller.set(key, {
        sku: l.sku,
        channel: l.channel,
        seller: l.seller,
        sellerId: l.sellerId,
        sellerKind: l.sellerKind,
        distributorId: l.distributorId,
        listings: 1,
        lowestPrice: price,
        currency: l.currency,
        lastCheckedAt: l.lastCheckedAt,
      });
      continue;
    }
    seen.listings += 1;
    if (price !== null && (seen.lowestPrice === null || price < seen.lowestPrice)) seen.lowestPrice = price;
    if (l.lastCheckedAt > seen.lastCheckedAt) seen.lastCheckedAt = l.lastCheckedAt;
  }
  return [...bySeller.values()].sort(
    (a, b) =>
      a.sku.localeCompare(b.sku) ||
      a.channel.localeCompare(b.channel) ||
      (a.seller ?? "").localeCompare(b.seller ?? ""),
  );
}
