import type { Availability } from "../core/listing.js";

/** The fields one source can supply; the orchestrator merges sources in priority order. */
export interface FieldCandidates {
  title?: string;
  price?: string;
  priceRange?: { low: string; high: string };
  listPrice?: string;
  currency?: string;
  availability?: Availability;
  /** A structured availability value that maps to neither state ("NOT SOLD"): stated, but unread. */
  unreadAvailability?: string;
  seller?: string;
  sellerId?: string;
  shipFrom?: string;
  promotions?: string[];
  identifiers?: string[];
}

export type FieldName = keyof FieldCandidates;
