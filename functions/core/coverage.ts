/**
 * Coverage: how much of what a cycle was asked to look at it actually saw, per channel. A cycle
 * whose pages all come back as login walls, challenges or refused connections has no findings,
 * and without this it would look exactly like a clean one. Pure: results and config in, numbers
 * and one-line diagnoses out.
 */
import type { Finding } from "./alert.js";
import { operationalFinding } from "./detect/operational-finding.js";

/** One page the cycle checked (cycle.ts `ListingResult`), as far as coverage reads it. */
export interface CoverageListingResult {
  kind: "listing";
  url: string;
  channel: string;
  outcome: string;
  reason: string | null;
  listing: { price: string | null } | null;
}

/** What one target came to (cycle.ts `TargetResult`), as far as coverage reads it. */
export type CoverageResult =
  | CoverageListingResult
  | {
      kind: "search";
      url: string;
      channel: string;
      outcome: string;
      reason: string | null;
      rows: readonly CoverageListingResult[];
    }
  | {
      kind: "discovered";
      channel: string;
      pages: number;
      outcomes: readonly string[];
      /** The discovery's first listing page, when the caller knows it (else the config's is used). */
      start?: string;
      /** The listing page that could not be fetched and why, when the caller knows it. */
      failure?: { url: string; reason: string };
    };

/** What coverage reads of the tenant config. */
export interface CoverageConfig {
  channels: readonly { id: string; name: string }[];
  /** Discovery starts, to name a listing page that could not be fetched. */
  watch?: readonly ({ url: string; channel: string } | { discover: { channel: string; start: string } })[];
  /** A channel with targets whose coverage is below this is blind. */
  coverageAlertBelow: number;
}

/** Why pages of a channel were not priced, grouped by a normalized reason. */
export interface ReasonCount {
  /** The normalized reason, e.g. `login page (title matched "京东-欢迎登录")`. */
  reason: string;
  /** The outcome of those pages (blocked, login_required, error, …). */
  outcome: string;
  count: number;
  /** Up to two of those pages (the first in URL order, so that a run reads the same every time). */
  exampleUrls: string[];
}

/**
 * One channel's coverage in one run. The outcome counters are named after the outcomes they count
 * (as in the run summary's `outcomes`), so every target is in exactly one of
 * priced, no_price, blocked, login_required, rate_limited, errors, gone.
 */
export interface ChannelCoverage {
  /** Pages the channel was asked to check: product pages, search pages, and discovery listing pages that could not be fetched. */
  targets: number;
  /** Targets the site let us read (priced, no_price, gone). */
  fetched: number;
  /** A page whose listing has a price (unmatched ones too: they were seen), or a search page with a priced row. */
  priced: number;
  blocked: number;
  login_required: number;
  rate_limited: number;
  /** Read, but no price on it. */
  no_price: number;
  /** refused, error, or any outcome not known here. */
  errors: number;
  /** Removed listings (not_found, gone): seen, so left out of the coverage denominator. */
  gone: number;
  /** Listings read: product pages with a listing, plus search rows. */
  listings: number;
  /** priced ÷ (targets − gone); null when the channel had no targets (it is not judged). */
  coverage: number | null;
  /** Judged and below `coverageAlertBelow`, or the whole run fetched nothing. */
  blind: boolean;
  /** Up to three reasons for the pages not priced, most frequent first. */
  topReasons: ReasonCount[];
  /** One line saying why the channel could not see and what to do; null unless blind. */
  diagnosis: string | null;
}

export interface RunCoverage {
  /** By channel id, in config order (channels seen only in results follow). */
  channels: Record<string, ChannelCoverage>;
  /** All channels' priced ÷ all channels' (targets − gone); null when there were no targets. */
  coverage: number | null;
  /** Some channel is blind, or the run could fetch nothing at all. */
  blind: boolean;
  /** There was something to fetch and nothing came back readable (not even a discovery page). */
  fetchedNothing: boolean;
  /** Ids of the blind channels, in the order of `channels`. */
  blindChannels: string[];
  threshold: number;
}

/** The counter of ChannelCoverage a target is counted in. */
export type CoverageBucket =
  | "priced"
  | "no_price"
  | "blocked"
  | "login_required"
  | "rate_limited"
  | "errors"
  | "gone";

/** One target as coverage counts it: the page, its outcome and reason, and its counter. */
export interface CoveragePage {
  url: string;
  outcome: string;
  reason: string | null;
  bucket: CoverageBucket;
  /** A discovery listing page known only by its outcome: it may take a host-wide reason. */
  reasonUnknown?: boolean;
}
type Page = CoveragePage;

/** The counters of ChannelCoverage: they add up across results (and across workers). */
export type CoverageCounters = Pick<
  ChannelCoverage,
  | "targets"
  | "fetched"
  | "priced"
  | "blocked"
  | "login_required"
  | "rate_limited"
  | "no_price"
  | "errors"
  | "gone"
  | "listings"
>;

/** The names of the counters, in ChannelCoverage's order. */
export const COVERAGE_COUNTERS = [
  "targets",
  "fetched",
  "priced",
  "blocked",
  "login_required",
  "rate_limited",
  "no_price",
  "errors",
  "gone",
  "listings",
] as const satisfies readonly (keyof CoverageCounters)[];

/** Just the counters of a channel's coverage (or of accumulated counters). */
export function countersOf(c: CoverageCounters): CoverageCounters {
  return Object.fromEntries(COVERAGE_COUNTERS.map((k) => [k, c[k]])) as CoverageCounters;
}

/** What one result adds to its channel's coverage: computeCoverage is the sum of these. */
export interface CoverageContribution {
  channel: string;
  /** The targets the result stands for (a discovery: its listing pages that could not be fetched). */
  pages: CoveragePage[];
  /** `pages` counted, plus the listings read. */
  counters: CoverageCounters;
  /** Discovery listing pages read: a run that read one did fetch something. */
  discoveryPagesRead: number;
}

/**
 * Pages of one outcome and normalized reason (and matched detail), counted: what the reasons of
 * a channel add up from. `urls` are some of those pages (all of them when counted in memory; a
 * bounded sample when accumulated in a store).
 */
export interface ReasonTally {
  outcome: string;
  /** `normalizeReason(…).base`. */
  base: string;
  /** `normalizeReason(…).detail`: what a page classifier matched, or "". */
  detail: string;
  count: number;
  urls: readonly string[];
}

/** A channel's counters and reason tallies, as accumulated over a run's results. */
export interface AccumulatedChannel {
  counters: CoverageCounters;
  reasons: readonly ReasonTally[];
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1)$/i;

/**
 * What one result counts for: the targets it stands for, each in one counter, and the listings it
 * read. A discovery listing page that could not be fetched stands for the products it would have
 * listed. computeCoverage is exactly the sum of these over a run's results (plus the host-wide
 * reasons a discovery page without a known failure may borrow from other pages of the run).
 */
export function coverageContribution(
  r: CoverageResult,
  config: Pick<CoverageConfig, "watch"> = {},
): CoverageContribution {
  const pages: Page[] = [];
  let listings = 0;
  let discoveryPagesRead = 0;
  if (r.kind === "discovered") {
    for (const outcome of r.outcomes) {
      if (outcome === "ok") {
        discoveryPagesRead++;
        continue;
      }
      pages.push({
        url: r.failure?.url ?? r.start ?? discoveryStarts(config, r.channel)[0] ?? "",
        outcome,
        reason: r.failure?.reason ?? `discovery listing page: ${outcome}`,
        bucket: bucketOf(outcome, false),
        ...(r.failure ? {} : { reasonUnknown: true }),
      });
    }
  } else if (r.kind === "search") {
    listings = r.rows.filter((row) => row.listing).length;
    const priced = r.rows.some((row) => hasPrice(row));
    pages.push({
      url: r.url,
      outcome: r.outcome,
      reason: r.outcome === "ok" && !priced ? "search page without a priced row" : r.reason,
      bucket: bucketOf(r.outcome, priced),
    });
  } else {
    if (r.listing) listings = 1;
    pages.push({
      url: r.url,
      outcome: r.outcome,
      reason: r.reason,
      bucket: bucketOf(r.outcome, hasPrice(r)),
    });
  }
  return { channel: r.channel, pages, counters: tally(pages, listings), discoveryPagesRead };
}

/** Coverage per channel, the overall figure, and whether the run was blind. */
export function computeCoverage(results: readonly CoverageResult[], config: CoverageConfig): RunCoverage {
  const pagesByChannel = new Map<string, Page[]>();
  const listingsByChannel = new Map<string, number>();
  for (const c of config.channels) {
    pagesByChannel.set(c.id, []);
    listingsByChannel.set(c.id, 0);
  }
  let discoveryPagesRead = 0;

  for (const r of results) {
    const contribution = coverageContribution(r, config);
    const pages = pagesByChannel.get(contribution.channel) ?? [];
    pagesByChannel.set(contribution.channel, pages);
    pages.push(...contribution.pages);
    listingsByChannel.set(
      contribution.channel,
      (listingsByChannel.get(contribution.channel) ?? 0) + contribution.counters.listings,
    );
    discoveryPagesRead += contribution.discoveryPagesRead;
  }

  borrowHostWideReasons([...pagesByChannel.values()].flat());

  const channels = new Map<string, ChannelCoverage>();
  for (const [id, pages] of pagesByChannel)
    channels.set(id, countPages(pages, listingsByChannel.get(id) ?? 0));
  return judgeRun(channels, discoveryPagesRead, config.coverageAlertBelow);
}

/**
 * The same judgement as computeCoverage, from counters and reason tallies accumulated per channel
 * (by workers that each saw a few results, e.g. on AWS). Channels of the config come first, in its
 * order, then any other accumulated channel. Equal to computeCoverage of the same results when
 * the tallies are complete; with a bounded sample of URLs per tally only the example URLs differ.
 */
export function runCoverageFromCounters(
  accumulated: Readonly<Record<string, AccumulatedChannel>>,
  discoveryPagesRead: number,
  config: CoverageConfig,
): RunCoverage {
  const channels = new Map<string, ChannelCoverage>();
  const empty: AccumulatedChannel = { counters: zeroCounters(), reasons: [] };
  for (const c of config.channels)
    channels.set(c.id, channelCoverageFromCounters(accumulated[c.id] ?? empty));
  for (const [id, acc] of Object.entries(accumulated))
    if (!channels.has(id)) channels.set(id, channelCoverageFromCounters(acc));
  return judgeRun(channels, discoveryPagesRead, config.coverageAlertBelow);
}

/**
 * One channel's coverage from its accumulated counters and reason tallies, before the run is
 * judged (`blind` false, no diagnosis: judging needs every channel, see runCoverageFromCounters).
 */
export function channelCoverageFromCounters(acc: AccumulatedChannel): ChannelCoverage {
  return channelCoverage(acc.counters, groupReasons(acc.reasons));
}

/** The unpriced pages of a contribution, normalized and counted by outcome, reason and detail. */
export function reasonTallies(pages: readonly CoveragePage[]): ReasonTally[] {
  const byKey = new Map<
    string,
    { outcome: string; base: string; detail: string; count: number; urls: string[] }
  >();
  for (const p of pages) {
    if (p.bucket === "priced" || p.bucket === "gone") continue;
    const { base, detail } = normalizeReason(p.outcome, p.reason, p.url);
    const key = `${p.outcome}\u0000${base}\u0000${detail}`;
    let t = byKey.get(key);
    if (!t) {
      t = { outcome: p.outcome, base, detail, count: 0, urls: [] };
      byKey.set(key, t);
    }
    t.count++;
    if (!t.urls.includes(p.url)) t.urls.push(p.url);
  }
  return [...byKey.values()];
}

/** Every channel's coverage judged together: blind channels, their diagnosis, the overall figure. */
function judgeRun(
  channels: ReadonlyMap<string, ChannelCoverage>,
  discoveryPagesRead: number,
  threshold: number,
): RunCoverage {
  const byId: Record<string, ChannelCoverage> = {};
  let totalPriced = 0;
  let totalDenominator = 0;
  let totalTargets = 0;
  let totalFetched = 0;
  for (const [id, c] of channels) {
    byId[id] = c;
    totalPriced += c.priced;
    totalDenominator += c.targets - c.gone;
    totalTargets += c.targets;
    totalFetched += c.fetched;
  }
  const fetchedNothing = totalTargets > 0 && totalFetched === 0 && discoveryPagesRead === 0;
  const blindChannels: string[] = [];
  for (const [id, c] of Object.entries(byId)) {
    if (c.coverage === null) continue;
    c.blind = c.coverage < threshold || fetchedNothing;
    if (!c.blind) continue;
    blindChannels.push(id);
    c.diagnosis = diagnose(c);
  }
  return {
    channels: byId,
    coverage: totalTargets === 0 ? null : ratio(totalPriced, totalDenominator),
    blind: blindChannels.length > 0 || fetchedNothing,
    fetchedNothing,
    blindChannels,
    threshold,
  };
}

/**
 * A discovery listing page is known only by its outcome. When another page on the same host
 * failed the same way for a reason that holds for the whole host (a refused connection, DNS,
 * robots.txt unreachable), that is this page's reason too, and the two group as one.
 */
function borrowHostWideReasons(pages: readonly Page[]): void {
  const hostWide = new Map<string, { base: string; reason: string }>();
  for (const p of pages) {
    if (p.reasonUnknown || p.reason === null) continue;
    const host = hostOf(p.url);
    const normalized = normalizeReason(p.outcome, p.reason, p.url);
    if (!host || !normalized.hostWide) continue;
    const key = `${host} ${p.outcome}`;
    const known = hostWide.get(key);
    // The smallest base wins, so the choice does not depend on the order pages finished in.
    if (
      !known ||
      compare(normalized.base, known.base) < 0 ||
      (normalized.base === known.base && compare(p.reason, known.reason) < 0)
    )
      hostWide.set(key, { base: normalized.base, reason: p.reason });
  }
  for (const p of pages) {
    if (!p.reasonUnknown) continue;
    const known = hostWide.get(`${hostOf(p.url)} ${p.outcome}`);
    if (known) p.reason = known.reason;
  }
}

function discoveryStarts(config: Pick<CoverageConfig, "watch">, channel: string): string[] {
  return (config.watch ?? []).flatMap((w) =>
    "discover" in w && w.discover.channel === channel ? [w.discover.start] : [],
  );
}

function hasPrice(r: CoverageListingResult): boolean {
  return r.listing !== null && r.listing.price !== null;
}

function bucketOf(outcome: string, priced: boolean): CoverageBucket {
  switch (outcome) {
    case "ok":
    case "unmatched":
    case "no_price":
      return priced ? "priced" : "no_price";
    case "blocked":
      return "blocked";
    case "login_required":
      return "login_required";
    case "rate_limited":
      return "rate_limited";
    case "not_found":
    case "gone":
      return "gone";
    default:
      return "errors";
  }
}

/** Coverage to four decimals: a ratio for people and JSON, not for arithmetic. */
function ratio(priced: number, denominator: number): number {
  if (denominator === 0) return 1;
  return Math.round((priced / denominator) * 10_000) / 10_000;
}

function zeroCounters(): CoverageCounters {
  return {
    targets: 0,
    fetched: 0,
    priced: 0,
    blocked: 0,
    login_required: 0,
    rate_limited: 0,
    no_price: 0,
    errors: 0,
    gone: 0,
    listings: 0,
  };
}

/** Each page in its counter; `fetched` is what the site let us read. */
function tally(pages: readonly Page[], listings: number): CoverageCounters {
  const c = zeroCounters();
  c.targets = pages.length;
  c.listings = listings;
  for (const p of pages) c[p.bucket]++;
  c.fetched = c.priced + c.no_price + c.gone;
  return c;
}

function countPages(pages: readonly Page[], listings: number): ChannelCoverage {
  return channelCoverage(
    tally(pages, listings),
    topReasons(pages.filter((p) => p.bucket !== "priced" && p.bucket !== "gone")),
  );
}

/** A channel's coverage from its counters, not yet judged (`blind` false, no diagnosis). */
function channelCoverage(c: CoverageCounters, reasons: ReasonCount[]): ChannelCoverage {
  return {
    ...countersOf(c),
    coverage: c.targets > 0 ? ratio(c.priced, c.targets - c.gone) : null,
    blind: false,
    topReasons: reasons,
    diagnosis: null,
  };
}

/** Groups unpriced pages by outcome and normalized reason: most frequent first, ties by reason. */
export function topReasons(
  pages: readonly Pick<Page, "url" | "outcome" | "reason">[],
  limit = 3,
): ReasonCount[] {
  return groupReasons(
    pages.map((p) => {
      const { base, detail } = normalizeReason(p.outcome, p.reason, p.url);
      return { outcome: p.outcome, base, detail, count: 1, urls: [p.url] };
    }),
    limit,
  );
}

/** Groups reason tallies by outcome and base reason: most frequent first, ties by reason. */
function groupReasons(tallies: readonly ReasonTally[], limit = 3): ReasonCount[] {
  const groups = new Map<
    string,
    { outcome: string; base: string; details: Set<string>; count: number; urls: string[] }
  >();
  for (const t of tallies) {
    const key = `${t.outcome}\u0000${t.base}`;
    let group = groups.get(key);
    if (!group) {
      group = { outcome: t.outcome, base: t.base, details: new Set(), count: 0, urls: [] };
      groups.set(key, group);
    }
    group.details.add(t.detail);
    group.count += t.count;
    group.urls.push(...t.urls);
  }
  return [...groups.values()]
    .map((g) => {
      // The matched text is kept when every page of the group shares it (a constant login stub).
      const [only] = g.details;
      const detail = g.details.size === 1 && only ? ` (${only})` : "";
      return {
        reason: `${g.base}${detail}`,
        outcome: g.outcome,
        count: g.count,
        exampleUrls: [...new Set(g.urls.filter((u) => u !== ""))].sort().slice(0, 2),
      };
    })
    .sort((a, b) => b.count - a.count || compare(a.reason, b.reason) || compare(a.outcome, b.outcome))
    .slice(0, limit);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "");
  return LOOPBACK.test(name);
}

/**
 * A reason as people read it and as pages are grouped: network codes in words, the host a
 * refusal concerns, attempt counts and robots.txt line numbers dropped; `detail` is what a page
 * classifier matched (`title matched "…"`), kept apart so that pages differing only there group.
 */
export function normalizeReason(
  outcome: string,
  reason: string | null,
  url: string,
): { base: string; detail: string; hostWide: boolean } {
  const text = (reason ?? "").trim();
  const host = hostOf(url);
  if (!text) return { base: outcome.replace(/_/g, " "), detail: "", hostWide: false };

  if (/connection_refused|ECONNREFUSED/.test(text)) {
    const address = host ?? /ECONNREFUSED\s+(\S+)/.exec(text)?.[1] ?? "the site";
    const hint = isLoopback(address) ? ": is the demo marketplace running? (pricewarden demo-site)" : "";
    return { base: `connection refused to ${address}${hint}`, detail: "", hostWide: true };
  }
  if (/dns_not_found|ENOTFOUND/.test(text))
    return { base: `host not found: ${host ?? "the site"}`, detail: "", hostWide: true };
  if (/dns_temporary|EAI_AGAIN/.test(text))
    return { base: `DNS lookup failed for ${host ?? "the site"} (temporary)`, detail: "", hostWide: true };
  if (/connect_timeout|ETIMEDOUT|Connect Timeout/i.test(text))
    return { base: `timed out connecting to ${host ?? "the site"}`, detail: "", hostWide: true };
  if (/connection_reset|ECONNRESET|other side closed/i.test(text))
    return { base: `connection reset by ${host ?? "the site"}`, detail: "", hostWide: true };
  if (/tls_error|certificate|CERT_/i.test(text))
    return { base: `TLS error with ${host ?? "the site"}`, detail: "", hostWide: true };

  const robots = /^robots\.txt unreachable \(([^)]*)\)/.exec(text);
  if (robots)
    return {
      base: `robots.txt of ${host ?? "the site"} unreachable (${robots[1]}): treated as disallow-all`,
      detail: "",
      hostWide: true,
    };
  if (/^disallowed by robots\.txt/.test(text))
    return { base: "disallowed by robots.txt", detail: "", hostWide: false };
  if (/^HTTP (\d{3}) after \d+ attempt/.test(text))
    return { base: text.replace(/ after \d+ attempt\(s\)$/, ""), detail: "", hostWide: false };

  // Page classifier reasons: `login page (title matched "京东-欢迎登录")`.
  const matched = /^(.*?)\s*\(((?:url|html|title|text|shortText) matched "[^"]*")\)\s*$/.exec(text);
  if (matched?.[1]) return { base: matched[1], detail: matched[2] ?? "", hostWide: false };
  // Source-rule reasons end with the URL of the response that said so.
  const withUrl = /^(.*?)\s*\((?:https?:\/\/[^)]*)\)\s*$/.exec(text);
  if (withUrl?.[1]) return { base: withUrl[1], detail: "", hostWide: false };
  return {
    base: text.replace(/https?:\/\/[^\s)"']+/g, (u) => hostOf(u) ?? u).slice(0, 200),
    detail: "",
    hostWide: false,
  };
}

const HINTS: Record<string, string> = {
  login_required:
    "the site shows a login page instead of the listing; a signed-in session or a rendered channel is needed",
  blocked:
    "the site answers with an anti-bot check; slow down (network.delayMs, network.perHostConcurrency) or render the channel",
  rate_limited: "the site is throttling; raise network.delayMs or lower network.perHostConcurrency",
  no_price:
    "pages were read but showed no price; the page layout may have changed (check a saved page with pricewarden extract)",
  errors: "check that the site is reachable from where the crawl runs",
};

/** What to do about the main reason; nothing when the reason already asks its own question. */
function hintFor(top: ReasonCount): string | undefined {
  return top.reason.includes("?") ? undefined : HINTS[top.outcome];
}

/**
 * One line: the main reason (with what to do), how many pages it took with an example, and the
 * tally, e.g. `connection refused to 127.0.0.1:8790: is the demo marketplace running? (pricewarden
 * demo-site); 3 of 3 pages, e.g. http://127.0.0.1:8790/jd/item/1.html; 0 priced, coverage 0%`.
 */
function diagnose(c: ChannelCoverage): string {
  const denominator = c.targets - c.gone;
  const tally = `${c.priced} priced, coverage ${percent(c.coverage)}`;
  const top = c.topReasons[0];
  if (!top) return `${c.targets - c.fetched} of ${c.targets} pages unread; ${tally}`;
  const hint = hintFor(top);
  const example = top.exampleUrls[0] ? `, e.g. ${top.exampleUrls[0]}` : "";
  return `${top.reason}${hint ? `: ${hint}` : ""}; ${top.count} of ${denominator} page${denominator === 1 ? "" : "s"}${example}; ${tally}`;
}

/** `33%`, `100%`, `–` for a channel that was not judged. */
export function percent(coverage: number | null): string {
  return coverage === null ? "–" : `${Math.round(coverage * 100)}%`;
}

/** The `listingId` of a channel-level alert: it concerns no listing. */
export function channelAlertKey(channelId: string): string {
  return `channel:${channelId}`;
}

/**
 * The `coverage_drop` finding for a blind channel: one sentence with the channel, its coverage,
 * targets and priced pages, the main reasons and what to do; the counts as inputs.
 */
export function coverageFinding(
  config: { currency: string; channels: readonly { id: string; name: string }[] },
  channelId: string,
  c: ChannelCoverage,
  threshold: number,
): Finding {
  const channel = config.channels.find((ch) => ch.id === channelId);
  const name = channel && channel.name !== channelId ? `${channel.name} (${channelId})` : channelId;
  const top = c.topReasons[0];
  const reasons = c.topReasons.map((r) => `${r.count}× ${r.reason}`);
  const example = top?.exampleUrls[0];
  const hint = top ? hintFor(top) : undefined;
  const denominator = c.targets - c.gone;
  const explanation =
    `Coverage drop: ${name} priced ${c.priced} of ${denominator} page${denominator === 1 ? "" : "s"} this run ` +
    `(coverage ${percent(c.coverage)}, alert below ${percent(threshold)}; ${c.targets} checked, ${c.gone} removed)` +
    (reasons.length > 0 ? `; not seen: ${reasons.join("; ")}${example ? `, e.g. ${example}` : ""}` : "") +
    (hint ? `; ${hint}.` : ".");
  return operationalFinding({
    type: "coverage_drop",
    severity: "medium",
    listingId: channelAlertKey(channelId),
    url:
      example ??
      c.topReasons.find((r) => r.exampleUrls.length > 0)?.exampleUrls[0] ??
      channelAlertKey(channelId),
    channel: channelId,
    currency: config.currency,
    explanation,
    inputs: {
      ...countersOf(c),
      coverage: c.coverage,
      coverageAlertBelow: threshold,
      topReasons: reasons,
      exampleUrls: [...new Set(c.topReasons.flatMap((r) => r.exampleUrls))],
    },
  });
}
