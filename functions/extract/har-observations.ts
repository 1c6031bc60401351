import { channelForUrl } from "../core/channel-for-url.js";
import type { Channel } from "../core/config.js";
import type { DataSource } from "../core/data-source-config.js";
import type { FetchOutcome } from "../core/fetch-outcome.js";
import type { ExtractedListing } from "../core/listing.js";
import { classifyPage } from "../crawl/classify-page.js";
import { channelSources } from "./channel-sources.js";
import { type HarExchange, type HarFile, isDocument } from "./har-file.js";
import { type ChannelReading, observePage } from "./observe-page.js";
import { mergeSources, siteProfileForUrl } from "./site-profiles/registry.js";
import { type BlockOutcome, readResponse, sourcesForResponse } from "./sources/read-source.js";
import { COMMON_RESPONSE_BLOCKS } from "./sources/response-blocks.js";

/**
 * A HAR a person recorded while browsing, read as the crawler reads what it fetches: each page
 * (an HTML document) with the responses its script received after it, or, in a HAR of calls only,
 * each response a profile selects on its own. Nothing here touches a platform.
 */

export type CaptureOutcome = "ok" | "blocked" | "login_required" | "rate_limited" | "no_price" | "error";

export interface CapturedPageReading {
  url: string;
  channel: Channel | null;
  outcome: CaptureOutcome;
  reason: string | null;
  listings: ExtractedListing[];
  /** The capture as a fetched page: what evidence keeps (the document, the responses used, the HAR's digest). */
  page: Extract<FetchOutcome, { kind: "ok" }>;
  /** A search page: its listings are rows. */
  search: boolean;
}

const ANONYMOUS: ChannelReading = { profile: undefined, sources: mergeSources(undefined, []) };

function readingFor(channel: Channel | null): ChannelReading {
  return channel ? channelSources(channel) : ANONYMOUS;
}

function asPage(
  url: string,
  document: HarExchange | null,
  responses: HarExchange[],
  harSha256: string,
): Extract<FetchOutcome, { kind: "ok" }> {
  const body = document?.body ?? "";
  return {
    kind: "ok",
    url,
    finalUrl: url,
    status: document?.status ?? responses[0]?.status ?? 200,
    contentType: document?.mimeType ?? "application/json",
    body,
    fullBody: () => body,
    bytes: Buffer.byteLength(body),
    charset: "utf-8",
    attempts: 0,
    elapsedMs: 0,
    rendered: true,
    responses: responses.map(({ url: u, status, headers, body: b }) => ({
      url: u,
      status,
      headers,
      body: b,
    })),
    capture: {
      kind: "har",
      sha256: harSha256,
      entries: [...(document ? [document.index] : []), ...responses.map((r) => r.index)],
    },
  };
}

function looksJson(exchange: HarExchange): boolean {
  return (
    /json|javascript|text\/plain/.test(exchange.mimeType) ||
    /^\s*[[{]|^\s*[\w$.]+\s*\(\s*[[{]/.test(exchange.body.slice(0, 200))
  );
}

/** Groups a HAR's exchanges into pages and reads each one. */
export function observeHar(
  har: HarFile,
  harSha256: string,
  channels: readonly Channel[] | null,
): CapturedPageReading[] {
  const channelOf = (url: string) => (channels ? channelForUrl(channels, url) : null);
  /** The channel's reading; without one, the sources of the built-in profile for the page's host (all of them for an unknown host). */
  const pageReading = (url: string): ChannelReading => {
    const channel = channelOf(url);
    if (channel) return channelSources(channel);
    const site = siteProfileForUrl(url);
    return site.sources ? { profile: undefined, sources: site.sources } : ANONYMOUS;
  };
  const readings: CapturedPageReading[] = [];
  type Group = { document: HarExchange | null; responses: HarExchange[] };
  const groups: Group[] = [];
  const byPageref = new Map<string, Group>();
  let current: Group | null = null;
  for (const exchange of har.exchanges) {
    if (isDocument(exchange) && !(exchange.status >= 300 && exchange.status < 400 && !exchange.redirectUrl)) {
      current = { document: exchange, responses: [] };
      groups.push(current);
      if (exchange.pageref && !byPageref.has(exchange.pageref)) byPageref.set(exchange.pageref, current);
      continue;
    }
    // A call belongs to the page that made it (its pageref, else the page open before it), and only
    // when that page's sources read it: a HAR of a browsing session mixes sites and tabs.
    // Without a pageref, in a HAR whose pages carry them, a call was made outside any page.
    const owner = exchange.pageref
      ? (byPageref.get(exchange.pageref) ?? current)
      : current?.document?.pageref
        ? null
        : current;
    if (
      owner?.document &&
      sourcesForResponse(pageReading(owner.document.url).sources, exchange.url).length > 0
    )
      owner.responses.push(exchange);
    else groups.push({ document: null, responses: [exchange] });
  }

  for (const group of groups) {
    const { document } = group;
    if (document) {
      const url = document.url;
      const channel = channelOf(url);
      const reading = pageReading(url);
      if (document.status >= 300 && document.status < 400) {
        // A redirect: where it points decides (a login wall, a risk page); the next document is read on its own.
        const target = document.redirectUrl ?? "";
        const verdict = classifyPage({ status: 200, url, finalUrl: new URL(target, url).href, body: "" });
        if (verdict.kind === "blocked")
          readings.push(
            unseenReading(
              url,
              channel,
              verdict.signal === "login" ? "login_required" : "blocked",
              verdict.reason,
              asPage(url, document, [], harSha256),
            ),
          );
        continue;
      }
      const used = group.responses.filter((r) => sourcesForResponse(reading.sources, r.url).length > 0);
      const page = asPage(url, document, used, harSha256);
      const verdict = classifyPage({ status: document.status, url, finalUrl: url, body: document.body });
      if (verdict.kind === "blocked") {
        readings.push(
          unseenReading(
            url,
            channel,
            verdict.signal === "login" ? "login_required" : "blocked",
            verdict.reason,
            page,
          ),
        );
        continue;
      }
      if (verdict.kind === "gone" || verdict.kind === "not_found") {
        readings.push({
          url,
          channel,
          outcome: "no_price",
          reason: verdict.reason,
          listings: [],
          page,
          search: false,
        });
        continue;
      }
      readings.push(fromObservation(url, channel, reading, page));
      continue;
    }
    // Calls without a page in the HAR: each selected response is read on its own.
    for (const exchange of group.responses) {
      const channel = channelOf(exchange.url);
      const reading = readingFor(channel);
      const selected = sourcesForResponse(reading.sources, exchange.url).length > 0;
      if (!selected) {
        const block = channel || !looksJson(exchange) ? null : commonBlock(exchange);
        if (block)
          readings.push(
            unseenReading(
              exchange.url,
              channel,
              block.outcome,
              block.reason,
              asPage(exchange.url, null, [exchange], harSha256),
            ),
          );
        continue;
      }
      const read = readResponse(exchange, reading.sources, null);
      const page = asPage(exchange.url, null, [exchange], harSha256);
      if (!read) continue;
      if (read.kind === "item" || read.kind === "search") {
        readings.push(
          fromObservation(
            read.listings[0]?.url ?? exchange.url,
            channel ?? channelOf(read.listings[0]?.url ?? ""),
            reading,
            page,
          ),
        );
      } else if (read.kind === "empty") {
        readings.push({
          url: exchange.url,
          channel,
          outcome: "error",
          reason: read.reason,
          listings: [],
          page,
          search: false,
        });
      } else readings.push(unseenReading(exchange.url, channel, read.kind, read.reason, page));
    }
  }
  return readings;
}

/** The JSON block markers (Taobao `ret`, PDD `error_code`, …) on a response no profile reads. */
function commonBlock(exchange: HarExchange): { outcome: BlockOutcome; reason: string } | null {
  const probe = readResponse(exchange, [ANY_RESPONSE], null);
  if (!probe || probe.kind === "item" || probe.kind === "search" || probe.kind === "empty") return null;
  // A bare status says nothing about a response no profile reads: only markers in the body count.
  const marker = COMMON_RESPONSE_BLOCKS.some((r) => r.reason === probe.reason && r.path !== undefined);
  return marker ? { outcome: probe.kind, reason: probe.reason } : null;
}

const ANY_RESPONSE: DataSource = { id: "any", from: "response", url: ".", kind: "item", fields: {} };

function unseenReading(
  url: string,
  channel: Channel | null,
  outcome: CaptureOutcome,
  reason: string,
  page: CapturedPageReading["page"],
): CapturedPageReading {
  return { url, channel, outcome, reason, listings: [], page, search: false };
}

function fromObservation(
  url: string,
  channel: Channel | null,
  reading: ChannelReading,
  page: CapturedPageReading["page"],
): CapturedPageReading {
  const observed = observePage(
    {
      url: page.url,
      finalUrl: page.finalUrl,
      body: page.body,
      fullBody: page.fullBody,
      responses: page.responses ?? [],
    },
    reading,
  );
  if (observed.kind === "unseen") return unseenReading(url, channel, observed.outcome, observed.reason, page);
  if (observed.kind === "search") {
    const priced = observed.listings.some((l) => l.price !== null);
    return {
      url,
      channel,
      outcome: priced ? "ok" : "no_price",
      reason: priced ? null : "no row of the search has a price",
      listings: observed.listings,
      page,
      search: true,
    };
  }
  const { listing } = observed;
  const item = listing;
  return {
    url: item.url || url,
    channel,
    outcome: listing.price !== null ? "ok" : "no_price",
    reason: listing.price !== null ? null : "the page shows no price",
    listings: [item],
    page,
    search: false,
  };
}
