import { load } from "cheerio/slim";
import { canonicalUrl } from "../core/canonical-url.js";
import { PricewardenError } from "../core/errors.js";
import type { FetchOutcome } from "../core/fetch-outcome.js";
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

    // htmlparser2 mode: forgiving of broken markup and cheaper than parse5 for large pages.
    const $ = load(outcome.body, { xml: { xmlMode: false, decodeEntities: true } });
    const base = resolveHttp($("base[href]").first().attr("href"), outcome.finalUrl) ?? outcome.finalUrl;

    let taken = 0;
    $(spec.links).each((_, element) => {
      if (taken >= MAX_LINKS_PER_PAGE) return false;
      taken++;
      const node = $(element);
      const href = node.attr("href") ?? node.find("a[href]").first().attr("href");
      const resolved = resolveHttp(href, base);
      if (resolved === null) return;
      const canonical = canonicalUrl(resolved);
      if (seenProducts.has(canonical)) return;
      seenProducts.add(canonical);
      urls.push(canonical);
    });

    current = null;
    if (spec.next !== undefined) {
      const nextNode = $(spec.next).first();
      const next = resolveHttp(nextNode.attr("href") ?? nextNode.find("a[href]").first().attr("href"), base);
      if (next !== null) {
        const key = canonicalUrl(next);
        if (!seenPages.has(key)) {
          seenPages.add(key);
          current = next;
        }
      }
    }
  }
  return { urls, pages, outcomes };
}
