import type { ListingState, Observation } from "../../functions/store/listing-repository.js";

/** A matched, priced listing state of the official shop; `patch` changes what a test is about. */
export function listingState(listingId: string, patch: Partial<ListingState> = {}): ListingState {
  return {
    listingId,
    url: `https://shop.example/${listingId}`,
    channel: "jd",
    sku: "GLU-50",
    title: "安可血糖试纸 50片",
    seller: "安可官方旗舰店",
    sellerId: null,
    sellerKind: "official",
    distributorId: null,
    shipFrom: null,
    listedPrice: 12900,
    effectivePrice: 12900,
    perPackPrice: 12900,
    currency: "CNY",
    availability: "InStock",
    outcome: "ok",
    outcomeReason: null,
    consecutiveFailures: 0,
    lastCheckedAt: "2026-03-01T00:00:00.000Z",
    lastObservationAt: null,
    activeAlertIds: [],
    matchConfidence: 0.9,
    mentionsBrand: true,
    ...patch,
  };
}

/** A price change seen on a listing. */
export function listingObservation(
  listingId: string,
  listedPrice: number,
  patch: Partial<Observation> = {},
): Observation {
  return {
    at: "2026-03-01T08:00:00.000Z",
    listingId,
    channel: "jd",
    sku: "GLU-50",
    seller: "安可官方旗舰店",
    listedPrice,
    effectivePrice: listedPrice,
    perPackPrice: listedPrice,
    currency: "CNY",
    availability: "InStock",
    reason: "change",
    ...patch,
  };
}
