import type { Availability } from "../core/listing.js";

/** The fields one source can supply; the orchestrator merges sources in priority order. */
export interface FieldCandidates {
  title?: string;
  price?: string;
  priceRange?: { low: string; high: string };
  listPrice?: string;
  currency?: string;
  availability?: Availability;
  seller?: string;
  sellerId?: string;
  shipFrom?: string;
  promotions?: string[];
  identifiers?: string[];
}

export type FieldName = keyof FieldCandidates;
