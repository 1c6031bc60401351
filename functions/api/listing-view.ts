import { minorToDecimal } from "../core/money.js";
import type { ListingState, Observation } from "../store/listing-repository.js";

const money = (minor: number | null) => (minor === null ? null : minorToDecimal(minor));

/** Public listing shape: prices as decimal strings like the alert view; internals dropped. */
export function toListingView(l: ListingState) {
  return {
    listingId: l.listingId,
    url: l.url,
    channel: l.channel,
    sku: l.sku,
    title: l.title,
    seller: l.seller,
    sellerId: l.sellerId,
    sellerKind: l.sellerKind,
    distributorId: l.distributorId,
    shipFrom: l.shipFrom,
    listedPrice: money(l.listedPrice),
    effectivePrice: money(l.effectivePrice),
    perPackPrice: money(l.perPackPrice),
    currency: l.currency,
    availability: l.availability,
    outcome: l.outcome,
    outcomeReason: l.outcomeReason,
    lastCheckedAt: l.lastCheckedAt,
    lastObservationAt: l.lastObservationAt,
  };
}

export function toObservationView(o: Observation) {
  return {
    at: o.at,
    seller: o.seller,
    listedPrice: money(o.listedPrice),
    effectivePrice: money(o.effectivePrice),
    perPackPrice: money(o.perPackPrice),
    currency: o.currency,
    availability: o.availability,
    reason: o.reason,
  };
}
