import { createHash, randomUUID } from "node:crypto";
import { canonicalUrl } from "../core/canonical-url.js";
import type { ExtractedListing } from "../core/listing.js";
import { reasonsOf } from "../extract/field-reasons.js";
import { parseHar } from "../extract/har-file.js";
import { type CapturedPageReading, observeHar } from "../extract/har-observations.js";
import { type DeliverSummary, deliverPending } from "../notify/deliver-pending.js";
import type { NotifySend } from "../notify/notify-sender.js";
import { judgeListing, type ListingResult, recordUnseen, type TargetDeps } from "./cycle.js";

/**
 * A HAR a channel manager or a test-buy team recorded in their own browser, recorded as one
 * cycle's observations: matching, rules, alerts and notifications as for a crawled page, and
 * the HAR's SHA-256 with the entries used as the evidence of every alert it raises. No crawler
 * touches the platform.
 */

/** One listing as `extract --har` prints it. */
export interface CapturedListingLine {
  url: string;
  title: string | null;
  price: string | null;
  listPrice: string | null;
  finalPrice: string | null;
  currency: string | null;
  seller: string | null;
  sellerId: string | null;
  availability: string | null;
  ad: boolean;
  source: string;
  itemId?: string;
  drugClass?: string;
  channel?: string;
}

export interface CaptureOutcomeLine {
  url: string;
  outcome: string;
  reason: string | null;
}

export interface HarReport {
  sha256: string;
  readings: CapturedPageReading[];
  listings: CapturedListingLine[];
  outcomes: CaptureOutcomeLine[];
  skipped: { index: number; reason: string }[];
}

function listingLine(listing: ExtractedListing, channel: string | null): CapturedListingLine {
  const reasons = reasonsOf(listing);
  return {
    url: listing.url,
    title: listing.title,
    price: listing.price,
    listPrice: listing.listPrice,
    finalPrice: listing.finalPrice ?? null,
    currency: listing.currency,
    seller: listing.seller,
    sellerId: listing.sellerId,
    availability: listing.availability,
    ad: listing.ad === true,
    source:
      (listing.price !== null
        ? (reasons.price ?? listing.sources.price)
        : (reasons.title ?? listing.sources.title)) ?? "markup",
    ...(listing.itemId ? { itemId: listing.itemId } : {}),
    ...(listing.drugClass ? { drugClass: listing.drugClass } : {}),
    ...(channel ? { channel } : {}),
  };
}

/** Reads a HAR's text with the config's channels (or every built-in profile when there is none). */
export function readHar(text: string, channels: Parameters<typeof observeHar>[2]): HarReport {
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  const har = parseHar(text);
  const readings = observeHar(har, sha256, channels);
  return {
    sha256,
    readings,
    listings: readings.flatMap((r) => r.listings.map((l) => listingLine(l, r.channel?.id ?? null))),
    outcomes: readings.map((r) => ({ url: r.url, outcome: r.outcome, reason: r.reason })),
    skipped: har.skipped,
  };
}

export interface ImportDeps extends TargetDeps {
  /**
   * Sends what the import raised at once. Without it the deliveries stay queued on the alerts
   * for the notifier (the notify worker on AWS, the scheduler loop's drain locally).
   */
  send?: NotifySend;
  resolveSecret?: (ref: string) => string | undefined;
}

export interface ImportResult {
  report: HarReport;
  results: ListingResult[];
  alertsNew: number;
  /** null when nothing was sent here (no `send`): the deliveries are queued for the notifier. */
  deliveries: DeliverSummary | null;
  /** Pages of the HAR that no channel of the config matches: read, not recorded. */
  unmatchedPages: string[];
}

/** Records a HAR's listings and outcomes for the config's tenant, then sends what they raised (given `send`). */
export async function importHar(deps: ImportDeps, text: string): Promise<ImportResult> {
  const now = deps.now?.() ?? new Date();
  const runId = `${now.toISOString()}#har-${randomUUID().slice(0, 8)}`;
  const report = readHar(text, deps.config.channels);
  const results: ListingResult[] = [];
  const unmatchedPages: string[] = [];
  // A listing seen on its own page and as a search row is judged once, on its page: the row lacks
  // the page's promotions and to-hand price, and would count as a clean check against them.
  const seenOnPage = new Set(
    report.readings.filter((r) => !r.search).flatMap((r) => r.listings.map((l) => canonicalUrl(l.url))),
  );
  for (const reading of report.readings) {
    const { channel } = reading;
    if (!channel) {
      unmatchedPages.push(reading.url);
      continue;
    }
    if (
      reading.outcome === "blocked" ||
      reading.outcome === "login_required" ||
      reading.outcome === "rate_limited"
    ) {
      results.push(
        await recordUnseen(deps, channel, { url: reading.url }, runId, now, {
          outcome: reading.outcome,
          reason: `${reading.reason ?? reading.outcome} (imported HAR ${report.sha256.slice(0, 12)})`,
        }),
      );
      continue;
    }
    for (const listing of reading.listings) {
      if (reading.search && seenOnPage.has(canonicalUrl(listing.url))) continue;
      results.push(
        await judgeListing(deps, {
          channel,
          url: listing.url,
          sku: undefined,
          listing,
          page: reading.page,
          runId,
          now,
        }),
      );
    }
  }
  const deliveries = deps.send
    ? await deliverPending({
        config: deps.config,
        alerts: deps.alerts,
        send: deps.send,
        now: deps.now ?? (() => new Date()),
        resolveSecret: deps.resolveSecret ?? (() => undefined),
      })
    : null;
  return {
    report,
    results,
    alertsNew: results.reduce((n, r) => n + r.alertsNew, 0),
    deliveries,
    unmatchedPages,
  };
}
