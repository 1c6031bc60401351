import { parseJsonLike } from "./js-literal.js";

/**
 * Field paths into parsed state: `price.p`, `data.wareList[0].jdPrice`, `sku2info.*.price`
 * (`*` is every member of an object or array, in order), `apiStack.0.value.@json.price` (`@json`
 * parses a string that holds JSON, and passes an already parsed object through: relays and
 * re-serialising clients hand the same field over as an object), `stockInfo.{itemId}.stockState`
 * (a variable from the reading, such as the item's id), `detail.@entries` (each scalar member of
 * an object as `key-value`: Tmall's `isPrescriptionDrug: true` → `isPrescriptionDrug-true`, the
 * same form as JD's `specialAttrs` strings, so one value map reads both). Written in profiles, so
 * they are data a user can override.
 */

const MAX_RESULTS = 2_000;

function segmentsOf(path: string, vars: Readonly<Record<string, string>>): string[] | null {
  let missing = false;
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) missing = true;
    return value ?? "";
  });
  if (missing) return null;
  return filled
    .replace(/\[(\d+|\*)\]/g, ".$1")
    .split(".")
    .filter((s) => s !== "");
}

function step(value: unknown, segment: string, out: unknown[]): void {
  if (value === null || value === undefined) return;
  if (segment === "@json") {
    if (typeof value === "string") {
      const parsed = parseJsonLike(value);
      if (parsed !== undefined) out.push(parsed);
    } else out.push(value);
    return;
  }
  if (typeof value !== "object") return;
  if (segment === "@entries") {
    if (Array.isArray(value)) return;
    for (const [key, v] of Object.entries(value)) {
      if (out.length >= MAX_RESULTS) return;
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        out.push(`${key}-${String(v).slice(0, 200)}`);
    }
    return;
  }
  if (segment === "*") {
    for (const v of Array.isArray(value) ? value : Object.values(value)) {
      if (out.length >= MAX_RESULTS) return;
      if (v !== undefined && v !== null) out.push(v);
    }
    return;
  }
  if (!Object.hasOwn(value, segment)) return;
  const next = (value as Record<string, unknown>)[segment];
  if (next !== undefined && next !== null) out.push(next);
}

/** Every value the path reaches, in document order; empty when it reaches none. */
export function valuesAt(
  root: unknown,
  path: string,
  vars: Readonly<Record<string, string>> = {},
): unknown[] {
  const segments = segmentsOf(path, vars);
  if (segments === null) return [];
  let current: unknown[] = [root];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      step(value, segment, next);
      if (next.length >= MAX_RESULTS) break;
    }
    current = next;
    if (current.length === 0) return current;
  }
  return current;
}

/** The first value any of the paths reaches, tried in order, with the path that reached it. */
export function firstAt(
  root: unknown,
  paths: readonly string[],
  vars: Readonly<Record<string, string>> = {},
): { value: unknown; path: string } | null {
  for (const path of paths) {
    const [value] = valuesAt(root, path, vars);
    if (value !== undefined) return { value, path };
  }
  return null;
}
