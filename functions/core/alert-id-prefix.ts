/**
 * Which alert a person meant by an id or the start of one (the console prints short ids). A
 * trailing ellipsis copied with a short id is ignored; at least four hex digits are needed.
 */
export type AlertIdMatch =
  | { kind: "one"; id: string }
  | { kind: "none" }
  | { kind: "not_an_id" }
  | { kind: "ambiguous"; candidates: string[]; total: number };

export const MIN_ID_PREFIX = 4;
const SHOWN_CANDIDATES = 5;

/** `555d9723…` → `555d9723`; null when what remains is not 4–64 hex digits. */
export function normalizeIdPrefix(given: string): string | null {
  const trimmed = given
    .trim()
    .replace(/(…|\.\.\.)$/u, "")
    .toLowerCase();
  return new RegExp(`^[0-9a-f]{${MIN_ID_PREFIX},64}$`).test(trimmed) ? trimmed : null;
}

export function matchAlertId(given: string, ids: readonly string[]): AlertIdMatch {
  const prefix = normalizeIdPrefix(given);
  if (prefix === null) return { kind: "not_an_id" };
  if (ids.includes(prefix)) return { kind: "one", id: prefix };
  const hits = [...new Set(ids.filter((id) => id.startsWith(prefix)))].sort();
  if (hits.length === 0) return { kind: "none" };
  if (hits.length === 1) return { kind: "one", id: hits[0]! };
  return { kind: "ambiguous", candidates: hits.slice(0, SHOWN_CANDIDATES), total: hits.length };
}

/** The shortest prefix (at least `min` digits) that tells an id apart from the others shown with it. */
export function shortId(id: string, others: readonly string[], min = 8): string {
  let length = Math.min(min, id.length);
  while (length < id.length && others.some((o) => o !== id && o.startsWith(id.slice(0, length)))) length++;
  return id.slice(0, length);
}
