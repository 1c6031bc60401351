import { randomUUID } from "node:crypto";
import type { Finding } from "./core/alert.js";
import { listingIdOf } from "./core/alert-identity.js";
import { canonicalUrl } from "./core/canonical-url.js";
import type { Channel, TenantConfig } from "./core/config.js";
import { detect } from "./core/detect.js";
import type { DetectInput, MarketReference, PricePoint } from "./core/detect-input.js";
import { durationMs } from "./core/duration.js";
import { PricewardenError } from "./core/errors.js";
import type { FetchOutcome } from "./core/fetch-outcome.js";
import type { ExtractedListing } from "./core/listing.js";
import { medianMinor } from "./core/median.js";
import { matchProduct } from "./core/product-match.js";
import { resolveSeller } from "./core/seller-identity.js";
import { discoverProductUrls } from "./crawl/discover.js";
import type { Fetcher } from "./crawl/fetcher.js";
import type { EvidenceRecorder } from "./evidence/evidence-recorder.js";
import { extractListing } from "./extract/extract-listing.js";
import { type DeliverSummary, deliverPending } from "./notify/deliver-pending.js";
import type { NotifySend } from "./notify/notify-sender.js";
import { type CrawlTarget, plan } from "./plan.js";
import { priceBreakdown } from "./price-breakdown.js";
import { recordListing } from "./record.js";
import type { AlertRepository } from "./store/alert-repository.js";
import type { ListingRepository, ListingState } from "./store/listing-repository.js";
import type { RunRepository, RunSummary } from "./store/run-repository.js";

/**
 * Renders a page in Chromium for `render: true` channels; `signal` ends the render early (a check
 * given up by its caller).
 */
export type RenderPage = (url: string, signal?: AbortSignal) => Promise<FetchOutcome>;

/** What one target needs: a crawl worker builds exactly this (it queues deliveries, never sends). */
export interface TargetDeps {
  config: TenantConfig;
  fetcher: Fetcher;
  render?: RenderPage;
  alerts: AlertRepository;
  listings: ListingRepository;
  now?: () => Date;
  log?: (message: string) => void;
  /** Captures signed evidence for alerts a check created or reopened (absent: no evidence). */
  evidence?: EvidenceRecorder;
  /**
   * Aborted when the caller gives up on the check (a crawl worker out of time, which has already
   * handed the message back for redelivery): the check then records nothing.
   */
  signal?: AbortSignal;
}

/** A whole local cycle also writes the run summary and drains the deliveries it queued. */
export interface CycleDeps extends TargetDeps {
  runs: RunRepository;
  send: NotifySend;
  resolveSecret: (ref: string) => string | undefined;
}

/** What one target came to. Discovery yields more targets; a product page yields a listing outcome. */
export type TargetResult =
  | { kind: "discovered"; targets: CrawlTarget[]; pages: number; outcomes: FetchOutcome["kind"][] }
  | {
      kind: "listing";
      url: string;
      /** ok, no_price, unmatched, or a fetch outcome kind (blocked, not_found, …). */
      outcome: string;
      reason: string | null;
      listing: ExtractedListing | null;
      findings: Finding[];
      alertsNew: number;
    };

/** Consecutive blocked checks of one listing before a `blocked` operational alert. */
export const BLOCKED_ALERT_AFTER = 3;

/** Throws when the caller has given up on the check, so that a late page is never recorded. */
function stillWanted(deps: TargetDeps): void {
  if (deps.signal?.aborted)
    throw new PricewardenError("ABANDONED", "the check was given up before it was recorded");
}

function channelOf(config: TenantConfig, id: string): Channel {
  const channel = config.channels.find((c) => c.id === id);
  if (!channel) throw new Error(`unknown channel ${id}`);
  return channel;
}

/** The crawl worker's unit of work: one target, fetch → extract → match → detect → record. */
export async function processTarget(
  deps: TargetDeps,
  target: CrawlTarget,
  runId: string,
): Promise<TargetResult> {
  const now = deps.now?.() ?? new Date();
  if (target.kind === "discover") {
    const found = await discoverProductUrls(deps.fetcher, target);
    stillWanted(deps);
    return {
      kind: "discovered",
      pages: found.pages,
      outcomes: found.outcomes.map((o) => o.kind),
      targets: found.urls.map((url) => ({
        kind: "product",
        url,
        channel: target.channel,
        ...(target.sku ? { sku: target.sku } : {}),
      })),
    };
  }

  const { config } = deps;
  const channel = channelOf(config, target.channel);
  const canonical = canonicalUrl(target.url);
  const listingId = listingIdOf(canonical);
  const previous = await deps.listings.getState(config.tenant, listingId);
  const fetched = channel.render
    ? await renderOrRefuse(deps, target.url)
    : await deps.fetcher.fetch(target.url);
  stillWanted(deps);

  const baseState: ListingState = {
    listingId,
    url: canonical,
    channel: channel.id,
    sku: previous?.sku ?? target.sku ?? null,
    title: previous?.title ?? null,
    seller: previous?.seller ?? null,
    sellerId: previous?.sellerId ?? null,
    sellerKind: previous?.sellerKind ?? null,
    distributorId: previous?.distributorId ?? null,
    shipFrom: previous?.shipFrom ?? null,
    listedPrice: previous?.listedPrice ?? null,
    effectivePrice: previous?.effectivePrice ?? null,
    perPackPrice: previous?.perPackPrice ?? null,
    currency: previous?.currency ?? null,
    availability: previous?.availability ?? null,
    outcome: fetched.kind,
    outcomeReason: null,
    consecutiveFailures: 0,
    lastCheckedAt: now.toISOString(),
    lastObservationAt: previous?.lastObservationAt ?? null,
    activeAlertIds: previous?.activeAlertIds ?? [],
    matchConfidence: previous?.matchConfidence ?? null,
    mentionsBrand: previous?.mentionsBrand ?? false,
  };

  if (fetched.kind !== "ok") {
    const failures = (previous?.consecutiveFailures ?? 0) + 1;
    const findings: Finding[] = [];
    if (fetched.kind === "blocked" && failures >= BLOCKED_ALERT_AFTER) {
      findings.push(blockedFinding(config, channel, listingId, canonical, fetched.reason, failures));
    }
    const recorded = await recordListing(deps, {
      state: { ...baseState, outcomeReason: fetched.reason, consecutiveFailures: failures },
      previous,
      findings,
      judged: false,
      runId,
      now,
    });
    return {
      kind: "listing",
      url: target.url,
      outcome: fetched.kind,
      reason: fetched.reason,
      listing: null,
      findings,
      alertsNew: recorded.alertsNew,
    };
  }

  const listing = extractListing(fetched.body, fetched.finalUrl, channel.extract ?? channel.profile);
  const matched = matchProduct(config.products, listing, target.sku ? { explicitSku: target.sku } : {});
  const sellerIdentity = resolveSeller(config, channel.id, { name: listing.seller, id: listing.sellerId });
  const observed: ListingState = {
    ...baseState,
    title: listing.title,
    seller: listing.seller,
    sellerId: listing.sellerId,
    sellerKind: sellerIdentity.kind,
    distributorId: sellerIdentity.distributorId ?? null,
    shipFrom: listing.shipFrom,
    availability: listing.availability,
    currency: listing.currency ?? config.currency,
    outcome: "ok",
  };

  if (matched.kind === "unmatched") {
    await recordListing(deps, {
      state: {
        ...observed,
        sku: null,
        outcome: "unmatched",
        outcomeReason: matched.reason,
        matchConfidence: matched.candidates[0]?.confidence ?? 0,
        mentionsBrand: matched.mentionsBrand,
      },
      previous,
      findings: [],
      judged: false,
      runId,
      now,
    });
    return {
      kind: "listing",
      url: target.url,
      outcome: "unmatched",
      reason: matched.reason,
      listing,
      findings: [],
      alertsNew: 0,
    };
  }

  const product = config.products.find((p) => p.sku === matched.sku);
  if (!product) throw new Error(`matcher returned unknown sku ${matched.sku}`);
  const price = priceBreakdown(listing, config.currency, matched.packs, matched.unitsPerPack);
  const state: ListingState = {
    ...observed,
    sku: product.sku,
    matchConfidence: matched.confidence,
    listedPrice: price?.listedMinor ?? null,
    effectivePrice: price?.effectiveMinor ?? null,
    perPackPrice: price?.perPackMinor ?? null,
    outcome: price ? "ok" : "no_price",
    outcomeReason: price ? null : priceMissingReason(listing, config.currency),
  };
  const input: DetectInput = {
    config,
    channel,
    listingId,
    listing: { ...listing, url: canonical },
    match: {
      product,
      confidence: matched.confidence,
      matchedBy: matched.matchedBy,
      evidence: matched.evidence,
      packs: matched.packs,
      unitsPerPack: matched.unitsPerPack,
    },
    seller: {
      kind: sellerIdentity.kind,
      distributorId: sellerIdentity.distributorId ?? null,
      matchedBy: sellerIdentity.matchedBy,
      note: sellerIdentity.note,
    },
    price,
    currency: config.currency,
    history: price ? await priceHistory(deps, listingId, now) : [],
    market:
      price && sellerIdentity.kind === "unknown" ? await marketReference(deps, product.sku, listingId) : null,
    now: now.toISOString(),
  };
  // Without a price only page-content rules (listing compliance) can hold; price and seller
  // rules stand down, and the listing's price alerts are neither confirmed nor cleared.
  const findings = detect(input);
  const recorded = await recordListing(deps, {
    state,
    previous,
    findings,
    judged: price !== null,
    runId,
    now,
  });
  // Evidence: after the alerts are stored, from the very page they were judged on.
  if (deps.evidence && recorded.results.length > 0) {
    await deps.evidence.afterRecord({
      config,
      page: fetched,
      listing,
      results: recorded.results,
      checkedAt: now,
    });
  }
  return {
    kind: "listing",
    url: target.url,
    outcome: state.outcome,
    reason: state.outcomeReason,
    listing,
    findings,
    alertsNew: recorded.alertsNew,
  };
}

/** A `render: true` channel's page is never fetched as plain HTTP: its price is not in the HTML. */
async function renderOrRefuse(deps: TargetDeps, url: string): Promise<FetchOutcome> {
  if (deps.render) return deps.render(url, deps.signal);
  return {
    kind: "error",
    url,
    code: "no_renderer",
    reason: "the channel needs Chromium and this worker has none",
    attempts: 0,
  };
}

/** Earlier per-pack prices inside the price-drop window; loaded only when the rule is on. */
async function priceHistory(deps: TargetDeps, listingId: string, now: Date): Promise<PricePoint[]> {
  const rule = deps.config.rules.priceDrop;
  if (!rule) return [];
  const since = new Date(now.getTime() - durationMs(rule.window)).toISOString();
  const observations = await deps.listings.observations(deps.config.tenant, listingId, since);
  return observations.flatMap((o) =>
    o.perPackPrice === null ? [] : [{ at: o.at, perPackMinor: o.perPackPrice }],
  );
}

/** Median per-pack price of the SKU at authorized sellers, from their latest listing states. */
async function marketReference(
  deps: TargetDeps,
  sku: string,
  listingId: string,
): Promise<MarketReference | null> {
  if (!deps.config.rules.authorizedSeller) return null;
  const states = await deps.listings.listBySku(deps.config.tenant, sku);
  const prices = states
    .filter(
      (s) => s.listingId !== listingId && (s.sellerKind === "official" || s.sellerKind === "distributor"),
    )
    .flatMap((s) => (s.perPackPrice === null ? [] : [s.perPackPrice]));
  const median = medianMinor(prices);
  return median === null ? null : { authorizedMedianMinor: median, samples: prices.length };
}

function priceMissingReason(listing: ExtractedListing, currency: string): string {
  if (listing.price === null) return "the page shows no price";
  return `price in ${listing.currency}, expected ${currency}`;
}

function blockedFinding(
  config: TenantConfig,
  channel: Channel,
  listingId: string,
  url: string,
  reason: string,
  failures: number,
): Finding {
  return {
    type: "blocked",
    severity: "low",
    sku: null,
    listingId,
    url,
    channel: channel.id,
    seller: null,
    sellerId: null,
    distributorId: null,
    price: null,
    listedPrice: null,
    threshold: null,
    currency: config.currency,
    explanation: `Blocked: ${channel.name} refused the last ${failures} checks of ${url} (${reason}); no price was read from it.`,
    inputs: { reason, consecutiveFailures: failures },
    monitoringOnly: false,
  };
}

export interface CycleResult {
  summary: RunSummary;
  results: TargetResult[];
  deliveries: DeliverSummary;
}

/**
 * The local runner's whole cycle: plan → processTarget for every target (discovery expands into
 * product targets, de-duplicated by canonical URL) → notify → run summary.
 */
export async function runCycle(deps: CycleDeps): Promise<CycleResult> {
  const clock = deps.now ?? (() => new Date());
  const started = clock();
  const runId = `${started.toISOString()}#${randomUUID().slice(0, 8)}`;
  const results: TargetResult[] = [];
  const seen = new Set<string>();
  const queue: CrawlTarget[] = [];
  const enqueue = (target: CrawlTarget) => {
    const key = target.kind === "product" ? `p:${canonicalUrl(target.url)}` : `d:${target.start}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(target);
  };
  // Direct URL entries first: a discovered duplicate then inherits nothing it shouldn't.
  const planned = plan(deps.config);
  for (const t of planned) if (t.kind === "product") enqueue(t);
  for (const t of planned) if (t.kind === "discover") enqueue(t);

  let errors = 0;
  const workers = Math.max(1, deps.config.network.concurrency);
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (active < workers && queue.length > 0) {
        const target = queue.shift()!;
        active++;
        processTarget(deps, target, runId)
          .then((result) => {
            results.push(result);
            if (result.kind === "discovered") for (const t of result.targets) enqueue(t);
          })
          .catch((error: unknown) => {
            errors++;
            const url = target.kind === "product" ? target.url : target.start;
            deps.log?.(`target ${url} failed: ${(error as Error).message}`);
            results.push({
              kind: "listing",
              url,
              outcome: "error",
              reason: (error as Error).message,
              listing: null,
              findings: [],
              alertsNew: 0,
            });
          })
          .finally(() => {
            active--;
            pump();
          });
      }
      if (active === 0 && queue.length === 0) resolve();
    };
    pump();
  });

  const deliveries = await deliverPending({
    config: deps.config,
    alerts: deps.alerts,
    send: deps.send,
    now: clock,
    resolveSecret: deps.resolveSecret,
  });
  const openAlerts = await deps.alerts.list(deps.config.tenant, { statuses: ["open"] });
  const finished = clock();
  const outcomes: Record<string, number> = {};
  let pages = 0;
  let listings = 0;
  let alertsNew = 0;
  for (const r of results) {
    if (r.kind === "discovered") {
      pages += r.pages;
      for (const o of r.outcomes) if (o === "error" || o === "refused" || o === "rate_limited") errors++;
      continue;
    }
    pages++;
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    if (r.listing) listings++;
    alertsNew += r.alertsNew;
    if (r.outcome === "error" || r.outcome === "refused" || r.outcome === "rate_limited") errors++;
  }
  const seconds = (finished.getTime() - started.getTime()) / 1000;
  const summary: RunSummary = {
    runId,
    tenant: deps.config.tenant,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    pages,
    listings,
    alertsNew,
    alertsOpen: openAlerts.length,
    errors,
    seconds,
    pagesPerSecond: seconds > 0 ? Math.round((pages / seconds) * 100) / 100 : pages,
    outcomes,
    sites: deps.fetcher.stats().map((s) => ({
      host: s.host,
      attempts: s.attempts,
      ok: s.ok,
      blocked: s.blocked,
      errors: s.errors,
    })),
  };
  await deps.runs.save(summary);
  return { summary, results, deliveries };
}
