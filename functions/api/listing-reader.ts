import type { ListingState, Observation } from "../store/listing-repository.js";

/** The listing reads the API needs (ListingRepository implements them). */
export interface ListingReader {
  listBySku(tenant: string, sku: string, channel?: string): Promise<ListingState[]>;
  observations(tenant: string, listingId: string, since?: string): Promise<Observation[]>;
  listForDistributor(tenant: string, distributorId: string): Promise<ListingState[]>;
  listForReview(tenant: string): Promise<ListingState[]>;
}
