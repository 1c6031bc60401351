import { load } from "cheerio/slim";
import { canonicalUrl } from "../core/canonical-url.js";
import { PricewardenError } from "../core/errors.js";
import type { FetchOutcome } from "../core/fetch-outcome.js";
import { DeepDocument, MarkupTree, NeedsDom } from "../html/markup-tree.js";
import { cheerioView, firstOf, type MarkupView, treeView } from "../html/markup-view.js";
import type { Fetcher } from "./fetcher.js";

export interface DiscoverSpec {
  /** First listing or search page. */
  start: string;
  /** CSS selector of product links; an element without href contributes its first a[href]. */
  links: string;
  /** CSS selector of the next-page link. */
  next?: string;
  maxPages: number;
}

export interface Discovery {
  /** Canonical product URLs, in order of first appearance. */
  urls: string[];
  /** Listing pages fetched. */
  pages: number;
  /** One outcome per listing page fetched, in order; a non-ok outcome ends the walk. */
  outcomes: FetchOutcome[];
}

/** A page with more links than this is hostile or not a listing; the rest are ignored. */
const MAX_LINKS_PER_PAGE = 1_000;

function assertSelector(selector: string, what: string): void {
  try {
    load("")(selector);
  } catch (error) {
    throw new PricewardenError("BAD_INPUT", `invalid CSS selector for ${what}: ${selector}`, {
      cause: error,
    });
  }
}

function resolveHttp(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Walks listing pages from `start`, following `next` up to `maxPages`, and collects product
 * links. Pages come through the fetcher, so politeness, robots and the address guard apply.
 * Stops at the first page that is not ok, at a missing next link, or when next points to a
 * page already seen (pagination loops). Invalid selectors are a configuration bug and throw.
 */
/** What one listing page links to: product hrefs in order, and the next page's href. */
interface ListingLinks {
  base: string | undefined;
  links: (string | undefined)[];
  next: string | undefined;
}

/** An element's href, else the href of its first `a[href]`. */
function hrefOf<E>(view: MarkupView<E>, el: E): string | undefined {
  const own = view.attr(el, "href");
  if (own !== undefined) return own;
  const a = firstOf(view.find(el, "a[href]"));
  return a === undefined ? undefined : view.attr(a, "href");
}

/** Reads a listing page through either view (the tree and cheerio give the same answers). */
export function readListingLinks<E>(
  view: MarkupView<E>,
  links: string,
  next: string | undefined,
): ListingLinks {
  const baseElement = firstOf(view.select("base[href]"));
  const base = baseElement === undefined ? undefined : view.attr(baseElement, "href");
  const hrefs: (string | undefined)[] = [];
  for (const el of view.select(links)) {
    if (hrefs.length >= MAX_LINKS_PER_PAGE) break;
    hrefs.push(hrefOf(view, el));
  }
  const nextElement = next === undefined ? undefined : firstOf(view.select(next));
  const nextHref = nextElement === undefined ? undefined : hrefOf(view, nextElement);
  return { base, links: hrefs, next: nextHref };
}

/** The DOM-free tree when it can read the selectors, else a cheerio DOM (htmlparser2 mode). */
function listingLinks(html: string, links: string, next: string | undefined): ListingLinks {
  try {
    return readListingLinks(treeView(new MarkupTree(html)), links, next);
  } catch (error) {
    if (!(error instanceof NeedsDom) && !(error instanceof DeepDocument)) throw error;
  }
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  return readListingLinks(cheerioView($), links, next);
}

export async function discoverProductUrls(fetcher: Fetcher, spec: DiscoverSpec): Promise<Discovery> {
  assertSelector(spec.links, "links");
  if (spec.next !== undefined) assertSelector(spec.next, "next");
  const urls: string[] = [];
  const seenProducts = new Set<string>();
  const outcomes: FetchOutcome[] = [];
  const seenPages = new Set<string>([canonicalUrl(spec.start)]);
  let current: string | null = spec.start;
  let pages = 0;

  while (current !== null && pages < spec.maxPages) {
    const outcome = await fetcher.fetch(current);
    outcomes.push(outcome);
    pages++;
    if (outcome.kind !== "ok") break;

    const page = listingLinks(outcome.body, spec.links, spec.next);
    const base = resolveHttp(page.base, outcome.finalUrl) ?? outcome.finalUrl;
    for (const href of page.links) {
      const resolved = resolveHttp(href, base);
      if (resolved === null) continue;
      const canonical = canonicalUrl(resolved);
      if (seenProducts.has(canonical)) continue;
      seenProducts.add(canonical);
      urls.push(canonical);
    }

    current = null;
    const next = resolveHttp(page.next, base);
    if (next !== null) {
      const key = canonicalUrl(next);
      if (!seenPages.has(key)) {
        seenPages.add(key);
        current = next;
      }
    }
  }
  return { urls, pages, outcomes };
}
