import type { TenantConfig } from "../core/config.js";

/** A unit of crawl work. Discovery targets expand into product targets when processed. */
export type CrawlTarget =
  | { kind: "product"; url: string; channel: string; sku?: string }
  | {
      kind: "discover";
      channel: string;
      start: string;
      links: string;
      next?: string;
      maxPages: number;
      sku?: string;
    };

/** The plan stage: the tenant's watch list as crawl targets. */
export function plan(config: TenantConfig): CrawlTarget[] {
  return config.watch.map((w): CrawlTarget => {
    if ("url" in w)
      return { kind: "product", url: w.url, channel: w.channel, ...(w.sku ? { sku: w.sku } : {}) };
    const d = w.discover;
    return {
      kind: "discover",
      channel: d.channel,
      start: d.start,
      links: d.links,
      maxPages: d.maxPages,
      ...(d.next ? { next: d.next } : {}),
      ...(d.sku ? { sku: d.sku } : {}),
    };
  });
}
