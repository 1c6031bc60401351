import { randomUUID } from "node:crypto";
import type { Finding } from "../core/alert.js";
import { listingIdOf } from "../core/alert-identity.js";
import { canonicalUrl } from "../core/canonical-url.js";
import type { Channel, TenantConfig } from "../core/config.js";
import { computeCoverage } from "../core/coverage.js";
import { detect } from "../core/detect/detect.js";
import type { DetectInput, MarketReference, PricePoint } from "../core/detect/detect-input.js";
import { operationalFinding } from "../core/detect/operational-finding.js";
import { durationMs } from "../core/duration.js";
import { PricewardenError } from "../core/errors.js";
import type { FetchOutcome } from "../core/fetch-outcome.js";
import type { ExtractedListing } from "../core/listing.js";
import { matchProduct } from "../core/match/product-match.js";
import { resolveSeller } from "../core/match/seller-identity.js";
import { medianMinor } from "../core/median.js";
import { discoverProductUrls } from "../crawl/discover.js";
import type { Fetcher } from "../crawl/fetcher.js";
import type { EvidenceRecorder, FetchedPage } from "../evidence/evidence-recorder.js";
import { channelSources } from "../extract/channel-sources.js";
import { observePage, type PageObservation } from "../extract/observe-page.js";
import { type DeliverSummary, deliverPending } from "../notify/deliver-pending.js";
import type { NotifySend } from "../notify/notify-sender.js";
import type { AlertRepository } from "../store/alert-repository.js";
import type { ListingRepository, ListingState } from "../store/listing-repository.js";
import type { RunRepository, RunSummary } from "../store/run-repository.js";
import { CycleListings, type ListingStore, PREFETCH_BATCH } from "./cycle-listings.js";
import { type CrawlTarget, plan } from "./plan.js";
import { priceBreakdown } from "./price-breakdown.js";
import { recordListing } from "./record.js";
import { recordCoverageAlerts } from "./record-coverage.js";
import { retainedResult } from "./retained-result.js";

/**
 * Renders a page in Chromium for `render: true` channels; `signal` ends the render early (a check
 * given up by its caller).
 */
export type RenderPage = (url: string, signal?: AbortSignal, channel?: Channel) => Promise<FetchOutcome>;

/** What a page seen with a customer's session showed, so the session's health can follow it. */
export type SessionFeedback = (
  session: { id: string; channel: string },
  seen: { outcome: string; reason: string | null },
) => Promise<void>;

/** What one target needs: a crawl worker builds exactly this (it queues deliveries, never sends). */
export interface TargetDeps {
  config: TenantConfig;
  fetcher: Fetcher;
  render?: RenderPage;
  alerts: AlertRepository;
  listings: ListingStore;
  now?: () => Date;
  log?: (message: string) => void;
  /** Captures signed evidence for alerts a check created or reopened (absent: no evidence). */
  evidence?: EvidenceRecorder;
  /**
   * Aborted when the caller gives up on the check (a crawl worker out of time, which has already
   * handed the message back for redelivery): the check then records nothing.
   */
  signal?: AbortSignal;
  /** Item pages this run checks itself: their search rows are not judged again (canonical URLs). */
  pageTargets?: ReadonlySet<string>;
  /** Told what every page seen with a session came to (a masked price marks it expired). */
  sessionFeedback?: SessionFeedback;
}

/** A whole local cycle also writes the run summary and drains the deliveries it queued. */
export interface CycleDeps extends TargetDeps {
  /** The repository itself: the cycle reads ahead and commits in groups through it (CycleListings). */
  listings: ListingRepository;
  runs: RunRepository;
  send: NotifySend;
  resolveSecret: (ref: string) => string | undefined;
  /** Runs after every target and before deliveries go out (operational alerts of the run, such as a session's). */
  beforeDelivery?: (runId: string, now: Date) => Promise<void>;
}

/** One listing checked: its page's outcome, what was read and what was found. */
export interface ListingResult {
  kind: "listing";
  url: string;
  channel: string;
  /** ok, no_price, unmatched, or a fetch outcome kind (blocked, login_required, not_found, …). */
  outcome: string;
  reason: string | null;
  listing: ExtractedListing | null;
  findings: Finding[];
  alertsNew: number;
}

/** What one target came to. Discovery yields more targets; a product page yields a listing outcome; a search page yields one listing result per row. */
export type TargetResult =
  | {
      kind: "discovered";
      channel: string;
      /** The discovery's first listing page. */
      start: string;
      /** A listing page that could not be fetched, and why (for the coverage report). */
      failure?: { url: string; reason: string };
      targets: CrawlTarget[];
      pages: number;
      outcomes: FetchOutcome["kind"][];
    }
  | ListingResult
  | {
      kind: "search";
      url: string;
      channel: string;
      /** ok when rows were read; otherwise why the search page could not be read. */
      outcome: string;
      reason: string | null;
      rows: ListingResult[];
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
    const failed = found.outcomes.find((o) => o.kind !== "ok");
    return {
      kind: "discovered",
      channel: target.channel,
      start: target.start,
      ...(failed ? { failure: { url: failed.url, reason: failed.reason } } : {}),
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
  const read = await fetchAndObserve(deps, target.url, channel);
  stillWanted(deps);
  if (read.kind === "unfetched") {
    const { fetched } = read;
    const outcome =
      fetched.kind === "blocked" && fetched.signal === "login" ? "login_required" : fetched.kind;
    return recordUnseen(deps, channel, target, runId, now, { outcome, reason: fetched.reason });
  }
  const { page: fetched, observed } = read;
  if (fetched.session && deps.sessionFeedback)
    await deps.sessionFeedback(
      fetched.session,
      observed.kind === "unseen"
        ? { outcome: observed.outcome, reason: observed.reason }
        : { outcome: "ok", reason: null },
    );
  if (observed.kind === "unseen")
    return recordUnseen(deps, channel, target, runId, now, {
      outcome: observed.outcome,
      reason: observed.reason,
    });
  if (observed.kind === "item")
    return judgeListing(deps, {
      channel,
      url: target.url,
      sku: target.sku,
      listing: observed.listing,
      page: fetched,
      runId,
      now,
    });

  // A search page: every row is a listing of its own; the search URL keeps a state of its own so
  // that its failures count as consecutive only while they are.
  const rows: ListingResult[] = [];
  for (const row of observed.listings) {
    stillWanted(deps);
    // A row whose item page this run checks too is judged there, on the fuller reading (its
    // promotions and to-hand price): judged here as well, it would count a clean check against them.
    if (deps.pageTargets?.has(canonicalUrl(row.url))) {
      rows.push({
        kind: "listing",
        url: row.url,
        channel: channel.id,
        outcome: row.price === null ? "no_price" : "ok",
        reason: "judged on its own item page in this run",
        listing: row,
        findings: [],
        alertsNew: 0,
      });
      continue;
    }
    rows.push(
      await judgeListing(deps, {
        channel,
        url: row.url,
        sku: target.sku,
        listing: row,
        page: fetched,
        runId,
        now,
      }),
    );
  }
  const reason = `search page: ${observed.listings.length} rows (${observed.listings.filter((r) => r.ad).length} ads) from ${observed.source}`;
  await recordSeen(deps, channel, target.url, runId, now, reason);
  return {
    kind: "search",
    url: target.url,
    channel: channel.id,
    outcome: "ok",
    reason,
    rows,
    alertsNew: rows.reduce((n, r) => n + r.alertsNew, 0),
  };
}

function emptyState(
  channel: Channel,
  url: string,
  previous: ListingState | null,
  sku: string | null,
  now: Date,
): ListingState {
  const canonical = canonicalUrl(url);
  return {
    listingId: listingIdOf(canonical),
    url: canonical,
    channel: channel.id,
    sku: previous?.sku ?? sku,
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
    outcome: "ok",
    outcomeReason: null,
    consecutiveFailures: 0,
    lastCheckedAt: now.toISOString(),
    lastObservationAt: previous?.lastObservationAt ?? null,
    activeAlertIds: previous?.activeAlertIds ?? [],
    matchConfidence: previous?.matchConfidence ?? null,
    mentionsBrand: previous?.mentionsBrand ?? false,
  };
}

/**
 * A page that could not be seen (refused, blocked, a login wall, a masked price): its state says
 * why, its alerts are left alone (never resolved by a page nobody saw), and a run of blocks
 * raises one `blocked` operational alert.
 */
export async function recordUnseen(
  deps: TargetDeps,
  channel: Channel,
  target: { url: string; sku?: string },
  runId: string,
  now: Date,
  unseen: { outcome: string; reason: string },
): Promise<ListingResult> {
  const { config } = deps;
  const canonical = canonicalUrl(target.url);
  const listingId = listingIdOf(canonical);
  const previous = await deps.listings.getState(config.tenant, listingId);
  const failures = (previous?.consecutiveFailures ?? 0) + 1;
  const findings: Finding[] = [];
  const blocked = unseen.outcome === "blocked" || unseen.outcome === "login_required";
  if (blocked && failures >= BLOCKED_ALERT_AFTER)
    findings.push(blockedFinding(config, channel, listingId, canonical, unseen.reason, failures));
  const recorded = await recordListing(deps, {
    state: {
      ...emptyState(channel, target.url, previous, target.sku ?? null, now),
      outcome: unseen.outcome,
      outcomeReason: unseen.reason,
      consecutiveFailures: failures,
    },
    previous,
    findings,
    judged: false,
    runId,
    now,
  });
  return {
    kind: "listing",
    url: target.url,
    channel: channel.id,
    outcome: unseen.outcome,
    reason: unseen.reason,
    listing: null,
    findings,
    alertsNew: recorded.alertsNew,
  };
}

/** A page read in full that holds no listing of its own (a search page): its state is reset. */
async function recordSeen(
  deps: TargetDeps,
  channel: Channel,
  url: string,
  runId: string,
  now: Date,
  reason: string,
): Promise<void> {
  const listingId = listingIdOf(canonicalUrl(url));
  const previous = await deps.listings.getState(deps.config.tenant, listingId);
  await recordListing(deps, {
    state: { ...emptyState(channel, url, previous, null, now), sku: null, outcomeReason: reason },
    previous,
    findings: [],
    judged: false,
    runId,
    now,
  });
}

/** What one listing is judged on: the page (or the capture) it was read from, and what was read. */
export interface ListingCheck {
  channel: Channel;
  url: string;
  sku: string | undefined;
  listing: ExtractedListing;
  page: FetchedPage;
  runId: string;
  now: Date;
}

/** Match → detect → record → evidence for one listing already read. */
export async function judgeListing(deps: TargetDeps, check: ListingCheck): Promise<ListingResult> {
  const { config } = deps;
  const { channel, listing, now, runId } = check;
  const canonical = canonicalUrl(check.url);
  const listingId = listingIdOf(canonical);
  const previous = await deps.listings.getState(config.tenant, listingId);
  const baseState = emptyState(channel, check.url, previous, check.sku ?? null, now);
  const matched = matchProduct(config.products, listing, check.sku ? { explicitSku: check.sku } : {});
  const sellerIdentity = resolveSeller(config, channel.id, { name: listing.seller, id: listing.sellerId });
  const observed: ListingState = {
    ...baseState,
    ...(check.page.area ? { area: check.page.area } : {}),
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
      url: check.url,
      channel: channel.id,
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
      page: check.page,
      listing,
      results: recorded.results,
      checkedAt: now,
    });
  }
  return {
    kind: "listing",
    url: check.url,
    channel: channel.id,
    outcome: state.outcome,
    reason: state.outcomeReason,
    listing,
    findings,
    alertsNew: recorded.alertsNew,
  };
}

/**
 * Fetches the target and reads it. The page comes back without its reading text: it waits through
 * the store's round trips with the pages in flight beside it, and holding a few hundred KB of text
 * each made them outlive young-generation collections and pile up until a major one (peak RSS,
 * bench/cycle.ts). Evidence decodes the page again from the bytes as sent when it needs it.
 */
async function fetchAndObserve(
  deps: TargetDeps,
  url: string,
  channel: Channel,
): Promise<
  | { kind: "unfetched"; fetched: Exclude<FetchOutcome, { kind: "ok" }> }
  | { kind: "read"; page: FetchedPage; observed: PageObservation }
> {
  const fetched = channel.render ? await renderOrRefuse(deps, url, channel) : await deps.fetcher.fetch(url);
  if (fetched.kind !== "ok") return { kind: "unfetched", fetched };
  const observed = observePage(
    {
      url,
      finalUrl: fetched.finalUrl,
      body: fetched.body,
      fullBody: fetched.fullBody,
      ...(fetched.responses ? { responses: fetched.responses } : {}),
    },
    channelSources(channel),
  );
  return { kind: "read", page: { ...fetched, body: "" }, observed };
}

/** A `render: true` channel's page is never fetched as plain HTTP: its price is not in the HTML. */
async function renderOrRefuse(deps: TargetDeps, url: string, channel: Channel): Promise<FetchOutcome> {
  if (deps.render) return deps.render(url, deps.signal, channel);
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
  return operationalFinding({
    type: "blocked",
    severity: "low",
    listingId,
    url,
    channel: channel.id,
    currency: config.currency,
    explanation: `Blocked: ${channel.name} refused the last ${failures} checks of ${url} (${reason}); no price was read from it.`,
    inputs: { reason, consecutiveFailures: failures },
  });
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
  const pageTargets = new Set(planned.flatMap((t) => (t.kind === "product" ? [canonicalUrl(t.url)] : [])));
  const cycleListings = new CycleListings(deps.listings, deps.config.tenant);
  const targetDeps: TargetDeps = {
    ...deps,
    listings: cycleListings,
    pageTargets: deps.pageTargets ?? pageTargets,
  };
  for (const t of planned) if (t.kind === "discover") enqueue(t);
  // The states of the product pages next in line, read ahead a batch at a time.
  const readAhead = () => {
    if (cycleListings.readAhead >= PREFETCH_BATCH / 4) return;
    const next: string[] = [];
    for (const t of queue) {
      if (t.kind === "product") next.push(listingIdOf(canonicalUrl(t.url)));
      if (next.length >= PREFETCH_BATCH) break;
    }
    cycleListings.prefetch(next);
  };

  let errors = 0;
  const workers = Math.max(1, deps.config.network.concurrency);
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (active < workers && queue.length > 0) {
        readAhead();
        const target = queue.shift()!;
        active++;
        processTarget(targetDeps, target, runId)
          .then((result) => {
            results.push(retainedResult(result));
            if (result.kind === "discovered")
              for (const t of result.targets) {
                if (t.kind === "product") pageTargets.add(canonicalUrl(t.url));
                enqueue(t);
              }
          })
          .catch((error: unknown) => {
            const url = target.kind === "product" ? target.url : target.start;
            deps.log?.(`target ${url} failed: ${(error as Error).message}`);
            results.push({
              kind: "listing",
              url,
              channel: target.channel,
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

  // The run as a whole: a channel that could not see raises its coverage alert now, so that the
  // drain below sends it in this same cycle.
  const coverage = computeCoverage(results, deps.config);
  const coverageAlerts = await recordCoverageAlerts(deps, { coverage, runId, now: clock() });
  await deps.beforeDelivery?.(runId, clock());

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
    if (r.kind === "search") listings += r.rows.filter((row) => row.listing).length;
    else if (r.listing) listings++;
    alertsNew += r.alertsNew;
    if (r.outcome === "error" || r.outcome === "refused" || r.outcome === "rate_limited") errors++;
  }
  alertsNew += coverageAlerts.raised.filter((r) => r.kind === "created").length;
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
    channels: coverage.channels,
    coverage: coverage.coverage,
    blind: coverage.blind,
  };
  await deps.runs.save(summary);
  return { summary, results, deliveries };
}
