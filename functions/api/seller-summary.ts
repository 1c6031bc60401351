import type { ListingState } from "../store/listing-repository.js";

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

export function summarizeSellers(listings: readonly ListingState[]): SellerSummary[] {
  const bySeller = new Map<string, SellerSummary>();
  for (const l of listings) {
    if (l.sku === null) continue;
    const key = [l.sku, l.channel, l.sellerId ?? "", l.seller ?? ""].join("\u0000");
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
