import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import { compileSelector, prepareNeedles, selectAll } from "./css-matcher.js";
import { labelBefore, labelFromText, nodeText } from "./dom-text.js";
import { type MarkupTree, NeedsDom } from "./markup-tree.js";

/**
 * What the CSS-profile and heading readers need from a page: a cheerio DOM, or the DOM-free
 * MarkupTree. Both give the same answers (the tree mirrors htmlparser2); the tree costs a
 * fraction of a DOM.
 */
export interface MarkupView<E> {
  /**
   * Elements (tags only) a selector matches, in document order; none for a selector that does not
   * parse. The tree finds them as the caller iterates, so stopping early saves work.
   */
  select(css: string): Iterable<E>;
  /** The element's descendants (tags only) a selector matches, in document order. */
  find(el: E, css: string): Iterable<E>;
  tagName(el: E): string;
  attr(el: E, name: string): string | undefined;
  /** The parent element when it is a tag (not the document, a script or a style). */
  parentTag(el: E): E | null;
  /** Collapsed text, read only until about `max` characters (see `nodeText`). */
  text(el: E, max?: number): string;
  /** All text, scripts included, uncollapsed (cheerio's `.text()`). */
  fullText(el: E): string;
  /** The words right before an element (see `labelBefore`). */
  labelBefore(el: E): string;
  /** A number that orders elements as they appear in the document. */
  position(el: E): number;
  /** Hints that these selectors are about to run (the tree then batches its literal searches). */
  prepare(selectors: readonly string[]): void;
}

export function cheerioView($: CheerioAPI): MarkupView<Element> {
  let positions: Map<AnyNode, number> | undefined;
  return {
    select(css) {
      try {
        return $(css)
          .toArray()
          .filter((n): n is Element => n.type === "tag");
      } catch {
        // A channel profile with a selector css-select cannot parse yields nothing, not a crash.
        return [];
      }
    },
    find(el, css) {
      try {
        return $(el)
          .find(css)
          .toArray()
          .filter((n): n is Element => n.type === "tag");
      } catch {
        return [];
      }
    },
    tagName: (el) => el.tagName,
    attr: (el, name) => el.attribs[name],
    parentTag: (el) => (el.parent && el.parent.type === "tag" ? (el.parent as Element) : null),
    text: (el, max) => nodeText($, $(el), max),
    fullText: (el) => $(el).text(),
    labelBefore: (el) => labelBefore($, el),
    position(el) {
      if (positions === undefined) {
        positions = new Map();
        for (const [i, node] of $("*").toArray().entries()) positions.set(node, i);
      }
      return positions.get(el) ?? -1;
    },
    prepare() {},
  };
}

/** Whether every selector can run on a MarkupTree (cached per selector text). */
export function treeSupports(selectors: Iterable<string>): boolean {
  for (const css of selectors) if (compileSelector(css).kind === "unsupported") return false;
  return true;
}

/** The first item, reading no further. */
export function firstOf<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}

/** The first `max` items, reading no further. */
export function* take<T>(items: Iterable<T>, max: number): Generator<T> {
  if (max <= 0) return;
  let count = 0;
  for (const item of items) {
    yield item;
    if (++count >= max) return;
  }
}

/** Elements of `matches` below `ancestor` (element indexes are in document order). */
function* descendants(tree: MarkupTree, ancestor: number, matches: Iterable<number>): Generator<number> {
  for (const e of matches) {
    if (e <= ancestor) continue;
    for (let up = tree.parents[e]!; up >= 0; up = tree.parents[up]!) {
      if (up === ancestor) {
        yield e;
        break;
      }
      if (up < ancestor) break;
    }
  }
}

export function treeView(tree: MarkupTree): MarkupView<number> {
  const select = (css: string): Iterable<number> => {
    const selector = compileSelector(css);
    if (selector.kind === "invalid") return [];
    if (selector.kind === "unsupported") throw new NeedsDom(`selector ${css.slice(0, 80)}`);
    return selectAll(tree, selector);
  };
  return {
    select,
    find: (e, css) => descendants(tree, e, select(css)),
    tagName: (e) => tree.names[e]!,
    attr: (e, name) => tree.attr(e, name),
    parentTag(e) {
      const parent = tree.parents[e]!;
      return parent >= 0 && tree.isTag(parent) ? parent : null;
    },
    text(e, max = 2000) {
      return tree
        .collectText(e, max * 4 + 200)
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, max);
    },
    fullText: (e) => tree.textContent(e),
    labelBefore: (e) => labelFromText(tree.previousSiblingTail(e, 40)),
    // Elements are numbered as their start tags are read.
    position: (e) => e,
    prepare: (selectors) => prepareNeedles(tree, selectors),
  };
}

/** Class and id of an element, for token tests. */
export function classAndIdOf<E>(view: MarkupView<E>, el: E): string {
  return `${view.attr(el, "class") ?? ""} ${view.attr(el, "id") ?? ""}`.slice(0, 500);
}

const STRUCK = new Set(["del", "s", "strike"]);

/** Inside `<del>`/`<s>`/`<strike>` or an inline line-through: a crossed-out price. */
export function isStruckThroughIn<E>(view: MarkupView<E>, el: E): boolean {
  let node: E | null = el;
  for (let depth = 0; node !== null && depth < 8; depth++) {
    if (STRUCK.has(view.tagName(node).toLowerCase())) return true;
    if (/line-through/i.test(view.attr(node, "style") ?? "")) return true;
    node = view.parentTag(node);
  }
  return false;
}
