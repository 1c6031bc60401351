import { type AttributeSelector, parse, type Selector } from "css-what";
import { escapeRegex } from "./escape-regex.js";
import { decodeLikeParser } from "./html-entities.js";
import type { MarkupTree } from "./markup-tree.js";
import { NeedleBatch } from "./needle-batch.js";

/**
 * CSS selectors run on a MarkupTree, with css-select's semantics for the subset site profiles
 * use: type and universal selectors, `#id`, `.class`, attribute selectors (`[a]`, `=`, `~=`,
 * `*=`, `^=`, `$=`, `|=`, with the `i`/`s` flags and HTML's case-insensitive attributes),
 * compounds, descendant and child combinators and selector lists. Anything else (pseudo-classes,
 * sibling combinators, namespaces) is "unsupported": the caller reads that page through a DOM.
 */

interface AttributeTest {
  name: string;
  test: (value: string) => boolean;
  /** A literal every matching raw attribute text contains, unless it uses character references. */
  needle?: { text: string; ignoreCase: boolean };
}

interface Compound {
  tag: string | null;
  attributes: AttributeTest[];
}

/** Compounds right to left; `child[i]` says whether compound i+1 must be the parent of compound i. */
interface Complex {
  compounds: Compound[];
  child: boolean[];
}

export type CompiledSelector =
  | { kind: "selector"; list: Complex[] }
  /** css-select cannot parse it either: cheerio's `$()` throws, the profile reads nothing. */
  | { kind: "invalid" }
  | { kind: "unsupported" };

/** Attribute values HTML compares without case (css-select's list). */
const CASE_INSENSITIVE_ATTRIBUTES = new Set([
  "accept",
  "accept-charset",
  "align",
  "alink",
  "axis",
  "bgcolor",
  "charset",
  "checked",
  "clear",
  "codetype",
  "color",
  "compact",
  "declare",
  "defer",
  "dir",
  "direction",
  "disabled",
  "enctype",
  "face",
  "frame",
  "hreflang",
  "http-equiv",
  "lang",
  "language",
  "link",
  "media",
  "method",
  "multiple",
  "nohref",
  "noresize",
  "noshade",
  "nowrap",
  "readonly",
  "rel",
  "rev",
  "rules",
  "scope",
  "scrolling",
  "selected",
  "shape",
  "target",
  "text",
  "type",
  "valign",
  "valuetype",
  "vlink",
]);

const never = () => false;

class Unsupported extends Error {}

function attributeTest(selector: AttributeSelector): AttributeTest {
  const name = selector.name.toLowerCase();
  const ignoreCase =
    typeof selector.ignoreCase === "boolean"
      ? selector.ignoreCase
      : selector.ignoreCase === "quirks"
        ? false
        : CASE_INSENSITIVE_ATTRIBUTES.has(name);
  const value = selector.value;
  const lower = value.toLowerCase();
  const len = value.length;
  // Case-insensitive needles are searched with the regex `i` flag, which agrees with
  // toLowerCase() for ASCII only.
  const needle =
    value !== "" && (!ignoreCase || /^[\x20-\x7e]+$/.test(value)) ? { text: value, ignoreCase } : undefined;
  const withNeedle = (test: (v: string) => boolean): AttributeTest => ({
    name,
    test,
    ...(needle ? { needle } : {}),
  });
  switch (selector.action) {
    case "exists":
      return { name, test: () => true };
    case "equals":
      return withNeedle(
        ignoreCase ? (v) => v.length === len && v.toLowerCase() === lower : (v) => v === value,
      );
    case "hyphen":
      return withNeedle(
        ignoreCase
          ? (v) => (v.length === len || v.charAt(len) === "-") && v.substr(0, len).toLowerCase() === lower
          : (v) => (v.length === len || v.charAt(len) === "-") && v.substr(0, len) === value,
      );
    case "element": {
      if (/\s/.test(value)) return { name, test: never };
      const re = new RegExp(`(?:^|\\s)${escapeRegex(value)}(?:$|\\s)`, ignoreCase ? "i" : "");
      return withNeedle((v) => v.length >= len && re.test(v));
    }
    case "start":
      if (len === 0) return { name, test: never };
      return withNeedle(
        ignoreCase
          ? (v) => v.length >= len && v.substr(0, len).toLowerCase() === lower
          : (v) => v.startsWith(value),
      );
    case "end":
      if (len === 0) return { name, test: never };
      return withNeedle(
        ignoreCase ? (v) => v.substr(-len).toLowerCase() === lower : (v) => v.endsWith(value),
      );
    case "any": {
      if (len === 0) return { name, test: never };
      if (ignoreCase) {
        const re = new RegExp(escapeRegex(value), "i");
        return withNeedle((v) => v.length >= len && re.test(v));
      }
      return withNeedle((v) => v.includes(value));
    }
    default:
      throw new Unsupported(selector.action);
  }
}

function complexOf(tokens: Selector[]): Complex {
  const compounds: Compound[] = [];
  const child: boolean[] = [];
  let current: Compound = { tag: null, attributes: [] };
  for (const token of tokens) {
    switch (token.type) {
      case "tag":
        if (token.namespace !== null) throw new Unsupported("namespace");
        current.tag = token.name.toLowerCase();
        break;
      case "universal":
        if (token.namespace !== null) throw new Unsupported("namespace");
        break;
      case "attribute":
        if (token.namespace !== null) throw new Unsupported("namespace");
        current.attributes.push(attributeTest(token));
        break;
      case "descendant":
      case "child":
        compounds.push(current);
        child.push(token.type === "child");
        current = { tag: null, attributes: [] };
        break;
      default:
        throw new Unsupported(token.type);
    }
  }
  compounds.push(current);
  return { compounds: compounds.reverse(), child: child.reverse() };
}

const compiled = new Map<string, CompiledSelector>();
const MAX_CACHED = 2000;

/** Compiles a selector once (cached by its text). */
export function compileSelector(css: string): CompiledSelector {
  const known = compiled.get(css);
  if (known) return known;
  let result: CompiledSelector;
  // cheerio reads a string with a tag in it as HTML to create, not as a selector.
  if (css.includes("<")) result = { kind: "unsupported" };
  else {
    let tokens: Selector[][] | null = null;
    try {
      tokens = parse(css);
    } catch {
      result = { kind: "invalid" };
    }
    if (tokens) {
      try {
        result = { kind: "selector", list: tokens.map(complexOf) };
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        result = { kind: "unsupported" };
      }
    }
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(css, result!);
  return result!;
}

function compoundMatches(tree: MarkupTree, e: number, compound: Compound): boolean {
  if (compound.tag !== null && tree.names[e] !== compound.tag) return false;
  for (const a of compound.attributes) {
    const value = tree.attr(e, a.name);
    if (value === undefined || !a.test(value)) return false;
  }
  return true;
}

function matchesFrom(tree: MarkupTree, e: number, complex: Complex, index: number): boolean {
  if (!compoundMatches(tree, e, complex.compounds[index]!)) return false;
  if (index === complex.compounds.length - 1) return true;
  if (complex.child[index]) {
    const parent = tree.parents[e]!;
    return parent >= 0 && matchesFrom(tree, parent, complex, index + 1);
  }
  for (let a = tree.parents[e]!; a >= 0; a = tree.parents[a]!) {
    if (matchesFrom(tree, a, complex, index + 1)) return true;
  }
  return false;
}

/**
 * Positions found one search at a time and kept, so that a reader that stops early (the first
 * match of a field) never scans the rest of the page, and a second reader reuses them.
 */
class Positions {
  readonly found: number[] = [];
  private done = false;
  constructor(private readonly next: (from: number) => number) {}

  at(i: number): number {
    while (i >= this.found.length && !this.done) {
      const last = this.found.length === 0 ? -1 : this.found[this.found.length - 1]!;
      const at = this.next(last + 1);
      if (at === -1) this.done = true;
      else this.found.push(at);
    }
    return i < this.found.length ? this.found[i]! : -1;
  }
}

export interface PageHits {
  byKey: Map<string, Positions>;
  /** Case-insensitive literals of selectors about to run, searched in one pass (prepareNeedles). */
  batch?: NeedleBatch;
  /** Character references (`&…`) and what each decodes to (null: not known here). */
  references?: Positions;
  referenceText: Map<number, string | null>;
}

function pageHits(tree: MarkupTree): PageHits {
  tree.matcherHits ??= { byKey: new Map(), referenceText: new Map() };
  return tree.matcherHits;
}

function positions(tree: MarkupTree, key: string, make: () => (from: number) => number): Positions {
  const cache = pageHits(tree);
  let found = cache.byKey.get(key);
  if (!found) {
    found = new Positions(make());
    cache.byKey.set(key, found);
  }
  return found;
}

function regexSearch(h: string, re: RegExp): (from: number) => number {
  return (from) => {
    re.lastIndex = from;
    return re.exec(h)?.index ?? -1;
  };
}

const REFERENCE = /&(?:#[xX]?[0-9a-fA-F]*;?|[0-9A-Za-z]+;?)/y;

function referenceText(tree: MarkupTree, at: number): string | null {
  const cache = pageHits(tree);
  if (cache.referenceText.has(at)) return cache.referenceText.get(at)!;
  REFERENCE.lastIndex = at;
  const text = decodeLikeParser(REFERENCE.exec(tree.html)?.[0] ?? "&", false);
  cache.referenceText.set(at, text);
  return text;
}

/**
 * Where a needle can occur in an attribute value, in page order: where it is written out, and
 * where a character reference decodes to one of its characters (a value such as
 * `sale&#45;price`). A reference that decodes to characters the needle lacks cannot be part of
 * a match: the match then lies in raw text, where the literal search finds it.
 */
function* needleHits(tree: MarkupTree, needle: { text: string; ignoreCase: boolean }): Generator<number> {
  const h = tree.html;
  const cache = pageHits(tree);
  const literal = positions(tree, `${needle.ignoreCase ? "i" : "s"}${needle.text}`, () => {
    const batch = cache.batch;
    if (!needle.ignoreCase) return (from) => h.indexOf(needle.text, from);
    if (batch?.has(needle.text)) return (from) => batch.next(needle.text, from);
    return regexSearch(h, new RegExp(escapeRegex(needle.text), "gi"));
  });
  cache.references ??= new Positions((from) => h.indexOf("&", from));
  const references = cache.references;
  const chars = needle.ignoreCase ? needle.text.toLowerCase() : needle.text;
  const relevant = (at: number): boolean => {
    const decoded = referenceText(tree, at);
    if (decoded === null) return true;
    for (const c of needle.ignoreCase ? decoded.toLowerCase() : decoded) if (chars.includes(c)) return true;
    return false;
  };
  let i = 0;
  let j = 0;
  let a = literal.at(0);
  let b = references.at(0);
  while (b !== -1 && !relevant(b)) b = references.at(++j);
  while (a !== -1 || b !== -1) {
    if (b === -1 || (a !== -1 && a <= b)) {
      yield a;
      if (a === b) {
        b = references.at(++j);
        while (b !== -1 && !relevant(b)) b = references.at(++j);
      }
      a = literal.at(++i);
    } else {
      yield b;
      b = references.at(++j);
      while (b !== -1 && !relevant(b)) b = references.at(++j);
    }
  }
}

/** The literal a compound's candidates are found by: its attributes' longest. */
function needleOf(compound: Compound): { text: string; ignoreCase: boolean } | undefined {
  let needle: { text: string; ignoreCase: boolean } | undefined;
  for (const a of compound.attributes) {
    if (a.needle && (!needle || a.needle.text.length > needle.text.length)) needle = a.needle;
  }
  return needle;
}

/** Fewer case-insensitive literals than this are searched one by one (each search stops at its first hit). */
const MIN_BATCH = 4;

/**
 * Says which selectors are about to run on this tree: when they search for enough
 * case-insensitive literals (the generic profile's `[class*="…" i]`), those are searched in one
 * shared pass instead of one pass each.
 */
export function prepareNeedles(tree: MarkupTree, selectors: readonly string[]): void {
  const hits = pageHits(tree);
  if (hits.batch) return;
  const needles = new Set<string>();
  for (const css of selectors) {
    const selector = compileSelector(css);
    if (selector.kind !== "selector") continue;
    for (const complex of selector.list) {
      const needle = needleOf(complex.compounds[0]!);
      if (needle?.ignoreCase && !hits.byKey.has(`i${needle.text}`)) needles.add(needle.text.toLowerCase());
    }
  }
  if (needles.size >= MIN_BATCH) hits.batch = new NeedleBatch(tree.html, [...needles]);
}

/** Elements that can match the compound, in document order: by a literal in their start tag, else by name, else all. */
function* candidates(tree: MarkupTree, compound: Compound): Generator<number> {
  const needle = needleOf(compound);
  if (needle) {
    let last = -1;
    for (const at of needleHits(tree, needle)) {
      const e = tree.startTagAt(at);
      if (e !== -1 && e !== last) {
        last = e;
        yield e;
      }
    }
    return;
  }
  const tag = compound.tag;
  // `</p>` and `</br>` create elements too; other names are found by their start tags.
  if (tag !== null && tag !== "p" && tag !== "br" && /^[a-z][a-z0-9-]*$/.test(tag)) {
    const starts = positions(tree, `<${tag}`, () =>
      regexSearch(tree.html, new RegExp(`<${tag}(?=[\\s/>])`, "gi")),
    );
    for (let i = 0, at = starts.at(0); at !== -1; at = starts.at(++i)) {
      const e = tree.elementStartingAt(at);
      if (e !== -1) yield e;
    }
    return;
  }
  if (tag !== null) {
    yield* tree.named(tag);
    return;
  }
  const size = tree.size;
  for (let e = 0; e < size; e++) yield e;
}

function* matches(tree: MarkupTree, complex: Complex): Generator<number> {
  for (const e of candidates(tree, complex.compounds[0]!)) {
    if (tree.isTag(e) && matchesFrom(tree, e, complex, 0)) yield e;
  }
}

/**
 * The elements a compiled selector matches, in document order, without duplicates, read only as
 * far as the caller iterates; script and style elements are left out (cheerio's profile reading
 * keeps only "tag" nodes).
 */
export function* selectAll(
  tree: MarkupTree,
  selector: Extract<CompiledSelector, { kind: "selector" }>,
): Generator<number> {
  if (selector.list.length === 1) {
    yield* matches(tree, selector.list[0]!);
    return;
  }
  // A selector list: merge the lists' matches in document order.
  const streams = selector.list.map((complex) => matches(tree, complex));
  const heads = streams.map((stream) => stream.next());
  for (;;) {
    let next = -1;
    for (const head of heads) if (!head.done && (next === -1 || head.value < next)) next = head.value;
    if (next === -1) return;
    yield next;
    heads.forEach((head, i) => {
      if (!head.done && head.value === next) heads[i] = streams[i]!.next();
    });
  }
}
