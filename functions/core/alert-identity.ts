import { createHash } from "node:crypto";

function digest(parts: readonly string[], length: number): string {
  // NUL-separated so ("a","bc") and ("ab","c") never collide.
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, length);
}

/** A listing is its canonical URL (tracking parameters stripped). */
export function listingIdOf(canonicalUrl: string): string {
  return digest([canonicalUrl], 20);
}

/** Same (tenant, rule, listing, sku) → same alert, so repeated crawls update instead of duplicating. */
export function alertIdOf(tenant: string, type: string, listingId: string, sku: string | null): string {
  return digest([tenant, type, listingId, sku ?? "-"], 24);
}

/** A delivery id is stable per alert, target and event, so a retried send can be de-duplicated. */
export function deliveryIdOf(alertId: string, targetId: string, occurrence: number): string {
  return digest([alertId, targetId, String(occurrence)], 24);
}
