import type { ExtractProfile, FieldSelector } from "../core/config.js";
import type { BlockRule, DataSource } from "../core/data-source-config.js";

export type ProfileField = keyof ExtractProfile;

/** Selectors per field, tried in order; the first that yields a usable value wins. */
export type ProfileSelectors = { readonly [K in ProfileField]?: readonly FieldSelector[] };

/** A built-in CSS profile for a marketplace: data only, chosen by host or by name. */
export interface SiteProfile {
  readonly name: string;
  /** Hostnames (and their subdomains) the profile applies to. */
  readonly hosts: readonly string[];
  /** Currency assumed for prices written without one. */
  readonly currency?: string;
  readonly fields: ProfileSelectors;
  /** Inline state, captured responses and search rows the site keeps its data in. */
  readonly sources?: readonly DataSource[];
  /**
   * False where the site's price lives in data its script loads, not in its text (JD, Tmall,
   * Pinduoduo): a missing price then stays missing, and no heuristic takes a ¥ amount from a
   * review, a sidebar or a recommendation instead.
   */
  readonly priceHeuristics?: boolean;
  /** Signs in a page without a price that it is a login wall or a challenge (JD's masked `"jdPrice":"1?"`). */
  readonly pageBlocks?: readonly BlockRule[];
}

/** A channel's own `extract` profile, as a site profile with one selector per field. */
export function fromChannelProfile(profile: ExtractProfile, currency?: string): SiteProfile {
  const fields: Partial<Record<ProfileField, readonly FieldSelector[]>> = {};
  for (const [key, selector] of Object.entries(profile) as [ProfileField, FieldSelector | undefined][]) {
    if (selector !== undefined) fields[key] = [selector];
  }
  return { name: "channel", hosts: [], ...(currency ? { currency } : {}), fields };
}
