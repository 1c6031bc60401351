import { escapeRegex } from "../escape-regex.js";
import { parseJsonLike, readLiteralAt } from "./js-literal.js";

/**
 * Named state a page's script declares for itself (`var pageConfig = {...}`, `window.rawData =
 * {...}`, `TShop.Setup({...})`, `<script id="__NEXT_DATA__" type="application/json">`), read as
 * data: never evaluated.
 *
 * A name is written as the page writes it: `pageConfig`, `window.rawData` (also found as
 * `rawData =` or `window["rawData"] =`), `TShop.Setup` (a call: its first argument), or
 * `#id` for a JSON script element.
 */

/** State beyond this is not looked for: the declarations sit in the head or right after the body's start. */
const MAX_SCAN_CHARS = 6 * 1024 * 1024;
/** Tries per name: a name can also occur in code that merely reads it. */
const MAX_TRIES = 20;

const patterns = new Map<string, RegExp>();

function patternFor(name: string): RegExp {
  let cached = patterns.get(name);
  if (cached) return cached;
  const bare = name.replace(/^window\./, "");
  const escaped = escapeRegex(bare);
  // Not preceded by a name character or a dot (`e.rawData` is someone else's property), except
  // for the `window.` / `window["…"]` forms.
  const target = `(?:(?<![\\w$.])(?:window\\.)?${escaped}|window\\[\\s*["']${escaped}["']\\s*\\])`;
  cached = new RegExp(`${target}\\s*(?:(=)(?![=>])|(\\())`, "g");
  patterns.set(name, cached);
  return cached;
}

function scriptById(html: string, id: string): unknown {
  const re = new RegExp(
    `<script\\b[^>]*\\bid\\s*=\\s*["']?${escapeRegex(id)}["']?[^>]*>([\\s\\S]*?)</script\\s*>`,
    "i",
  );
  const m = re.exec(html);
  return m?.[1] === undefined ? undefined : parseJsonLike(m[1]);
}

function isData(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** The first object or array the page assigns to (or passes to) `name`; undefined when none. */
export function readInlineState(html: string, name: string): unknown {
  const text = html.length > MAX_SCAN_CHARS ? html.slice(0, MAX_SCAN_CHARS) : html;
  if (name.startsWith("#")) return scriptById(text, name.slice(1));
  // Cheap screen: most pages carry none of a profile's names.
  if (!text.includes(name.replace(/^window\./, ""))) return undefined;
  const re = patternFor(name);
  re.lastIndex = 0;
  let tries = 0;
  for (let m = re.exec(text); m !== null && tries < MAX_TRIES; m = re.exec(text), tries++) {
    const value = readLiteralAt(text, m.index + m[0].length);
    if (isData(value)) return value;
  }
  return undefined;
}
