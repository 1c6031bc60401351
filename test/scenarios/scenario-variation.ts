import { SeededRandom } from "./independent/seeded-random.js";
import { CHANNELS, PAGES, type PageSpec, pagePath } from "./scenario-catalog.js";

/**
 * Seeds for the hand-written scenario: each seed varies only what the catalogue does not decide
 * (presentation, never meaning), so the catalogue's labels stay exactly right under every seed:
 *  - the order the watch list names the pages (the order they are crawled);
 *  - the numeric page ids in the URLs (unique per channel, stable within a seed);
 *  - neutral markup: whitespace and comments between blocks, wrapper divs around whole blocks,
 *    extra hashed class tokens and data attributes on elements no channel profile selects by
 *    class, attribute order, a footer with the shop's hotline (no prices, no seller words),
 *    and the order of blocks that are independent of each other.
 * Seed 0 changes nothing: it renders exactly the catalogue's pages.
 */

export interface PageLook {
  /** Joins independent sibling blocks, with whitespace and comments between them. */
  join(blocks: readonly string[]): string;
  /** A whole block, perhaps inside a neutral wrapper div. */
  wrap(block: string): string;
  /** Blocks whose relative order carries no meaning, in this seed's order. */
  order<T>(blocks: readonly T[]): T[];
  /** A class attribute value: the element's classes, perhaps with a hashed token added. */
  cls(classes: string): string;
  /** Attributes (already escaped) in this seed's order, perhaps with a neutral data attribute. */
  attrs(pairs: readonly (readonly [string, string])[]): string;
  /** A hashed CSS-in-JS class name ("css-a1b2c"): the seed may rename it. */
  hashed(name: string): string;
  /** Neutral page furniture at the end of the body ("" under seed 0). */
  footer(): string;
}

export interface ScenarioVariation {
  seed: number;
  /** Every page, in the order the watch list names them. */
  pages: readonly PageSpec[];
  /** The page's id in its URL under this seed. */
  idOf(spec: PageSpec): string;
  /** The page's path under this seed. */
  pathOf(spec: PageSpec): string;
  /**
   * The page's markup variation, fresh for each rendering: its draws restart, so a page looks
   * the same every day (one shop template per page).
   */
  look(spec: PageSpec): PageLook;
}

const PLAIN_LOOK: PageLook = {
  join: (blocks) => blocks.join("\n"),
  wrap: (block) => block,
  order: (blocks) => [...blocks],
  cls: (classes) => classes,
  attrs: (pairs) => pairs.map(([name, value]) => ` ${name}="${value}"`).join(""),
  hashed: (name) => name,
  footer: () => "",
};

/** Seed 0: the catalogue's own pages, ids and order. */
export const NO_VARIATION: ScenarioVariation = {
  seed: 0,
  pages: PAGES,
  idOf: (spec) => spec.id,
  pathOf: (spec) => pagePath(spec),
  look: () => PLAIN_LOOK,
};

/** Lowercase hex only: no class token can spell a furniture, list-price or variant word. */
const hex = (rnd: SeededRandom, length: number) => {
  let s = "";
  for (let i = 0; i < length; i++) s += "0123456789abcdef"[rnd.int(0, 15)];
  return s;
};

/** Whitespace between tags, always at least one character so no two texts run together. */
const GAPS = ["\n", "\n  ", " ", "\n\n", "\r\n", "\n\t\t"];
/** Hotlines without a price, seller label, ship-from, stock or promotion word. */
const HOTLINES = ["400-820-6688", "400-615-1234", "95188-2", "400-009-3366"];

/** A stable 32-bit hash of a page under a seed, so each page's look is its own. */
function pageSeed(seed: number, spec: PageSpec): number {
  let h = (seed * 0x9e3779b1) >>> 0;
  for (const ch of `${spec.channel}/${spec.id}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

function seededLook(seed: number, spec: PageSpec): PageLook {
  const rnd = new SeededRandom(pageSeed(seed, spec));
  // Drawn once per page: the same shop template every day.
  const commentRate = rnd.next() * 0.5;
  const wrapRate = rnd.next() * 0.6;
  const classRate = rnd.next() * 0.7;
  const attrRate = rnd.next() * 0.5;
  const reorder = rnd.chance(0.7);
  const withFooter = rnd.chance(0.6);
  const hotline = rnd.pick(HOTLINES);
  const hashes = new Map<string, string>();
  // Separate streams, so that one page's number of blocks does not shift the others' draws.
  const markup = new SeededRandom(rnd.int(1, 2 ** 31));
  const orderRnd = new SeededRandom(rnd.int(1, 2 ** 31));
  const gap = () => markup.pick(GAPS);
  return {
    join: (blocks) =>
      blocks
        .map((block, i) => {
          if (i === 0) return block;
          const comment = markup.chance(commentRate) ? `<!-- m${hex(markup, 4)} -->${gap()}` : "";
          return `${gap()}${comment}${block}`;
        })
        .join(""),
    wrap: (block) =>
      block !== "" && markup.chance(wrapRate)
        ? `<div${markup.chance(0.5) ? ` class="w${hex(markup, 3)}"` : ""}>${gap()}${block}${gap()}</div>`
        : block,
    order: (blocks) => (reorder ? orderRnd.shuffle(blocks) : [...blocks]),
    cls: (classes) => (markup.chance(classRate) ? `${classes} c${hex(markup, 5)}` : classes),
    attrs: (pairs) => {
      const all: (readonly [string, string])[] = [...pairs];
      if (markup.chance(attrRate)) all.push([`data-v-${hex(markup, 6)}`, ""]);
      return markup
        .shuffle(all)
        .map(([name, value]) => ` ${name}="${value}"`)
        .join("");
    },
    hashed: (name) => {
      let renamed = hashes.get(name);
      if (renamed === undefined) {
        renamed = `css-${hex(rnd, 5)}`;
        hashes.set(name, renamed);
      }
      return renamed;
    },
    footer: () =>
      withFooter
        ? `<footer class="${hex(markup, 4)}"><p>客服热线 ${hotline}</p><p>服务时间 周一至周日 9:00-21:00</p></footer>`
        : "",
  };
}

/** The variation of a seed; seed 0 is the catalogue as written. */
export function scenarioVariation(seed: number): ScenarioVariation {
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`scenario seed must be a whole number ≥ 0: ${seed}`);
  if (seed === 0) return NO_VARIATION;
  const rnd = new SeededRandom(seed);
  const ids = new Map<PageSpec, string>();
  for (const channel of CHANNELS) {
    const used = new Set<string>();
    for (const spec of PAGES) {
      if (spec.channel !== channel) continue;
      let id: string;
      do id = String(rnd.int(100_000, 99_999_999));
      while (used.has(id));
      used.add(id);
      ids.set(spec, id);
    }
  }
  const idOf = (spec: PageSpec) => {
    const id = ids.get(spec);
    if (id === undefined) throw new Error(`page ${spec.channel}/${spec.id} is not in the catalogue`);
    return id;
  };
  return {
    seed,
    pages: rnd.shuffle(PAGES),
    idOf,
    pathOf: (spec) => pagePath({ channel: spec.channel, id: idOf(spec) }),
    look: (spec) => seededLook(seed, spec),
  };
}

/** Seeds from a comma list ("0", "1,2,3"); empty or unset means seed 0 only. */
export function parseSeeds(text: string | undefined): number[] {
  const parts = (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (parts.length === 0) return [0];
  const seeds = parts.map((s) => {
    if (!/^\d+$/.test(s)) throw new Error(`SCENARIO_SEEDS: "${s}" is not a whole number`);
    return Number(s);
  });
  return [...new Set(seeds)];
}
