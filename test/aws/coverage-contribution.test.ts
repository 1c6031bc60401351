import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coverageRecordOf, failedTargetResult, targetKeyOf } from "../../functions/aws/run-coverage.js";
import {
  type AccumulatedChannel,
  COVERAGE_COUNTERS,
  type CoverageCounters,
  type CoverageListingResult,
  type CoverageResult,
  computeCoverage,
  coverageContribution,
  type ReasonTally,
  reasonTallies,
  runCoverageFromCounters,
} from "../../functions/core/coverage.js";
import type { TargetResult } from "../../functions/stages/cycle.js";

/**
 * The AWS path counts a run one result at a time (`coverageContribution`, added up by workers)
 * and judges it from the sums (`runCoverageFromCounters`); the local runner judges the whole list
 * (`computeCoverage`). These must never drift apart.
 */

const CHANNELS = [
  { id: "jd", name: "京东" },
  { id: "tmall", name: "天猫" },
  { id: "shop", name: "Shop" },
];
const configFor = (threshold: number) => ({
  channels: CHANNELS,
  watch: [{ discover: { channel: "shop", start: "http://shop.test/list" } }],
  coverageAlertBelow: threshold,
});

const OUTCOMES = [
  "ok",
  "unmatched",
  "no_price",
  "blocked",
  "login_required",
  "rate_limited",
  "not_found",
  "gone",
  "refused",
  "error",
  "something_new",
] as const;

const REASONS: Record<string, readonly (string | null)[]> = {
  ok: [null],
  unmatched: ["no SKU matched", null],
  no_price: ["the page shows no price", "price in USD, expected CNY"],
  blocked: [
    'verification page (title matched "京东验证 - 安全验证")',
    'verification page (html matched "nc_1_n1z")',
    "redirected to a verification page",
  ],
  login_required: ['login page (title matched "京东-欢迎登录")', 'login wall (shortText matched "请登录后")'],
  rate_limited: ["HTTP 429 after 4 attempt(s)", "HTTP 503 after 2 attempt(s)"],
  not_found: ["HTTP 404"],
  gone: ['listing removed (text matched "商品已下架")'],
  refused: ["robots.txt unreachable (connection_refused): treated as disallow-all (RFC 9309)"],
  error: ["connect ECONNREFUSED 127.0.0.1:8790", "HTTP 500", "boom"],
  something_new: ["a new outcome"],
};

const listingArb: fc.Arbitrary<CoverageListingResult> = fc
  .record({
    channel: fc.constantFrom("jd", "tmall", "shop", "elsewhere"),
    n: fc.integer({ min: 1, max: 40 }),
    outcome: fc.constantFrom(...OUTCOMES),
    reasonPick: fc.nat(),
    price: fc.boolean(),
  })
  .map(({ channel, n, outcome, reasonPick, price }) => {
    const reasons = REASONS[outcome]!;
    const read = outcome === "ok" || outcome === "unmatched" || outcome === "no_price";
    const hasPrice = outcome === "ok" || (read && price);
    return {
      kind: "listing",
      url: `http://${channel}.test/item/${n}.html`,
      channel,
      outcome,
      reason: reasons[reasonPick % reasons.length]!,
      listing: read ? { price: hasPrice ? "99.00" : null } : null,
    };
  });

/** `withFailure`: as processTarget reports a discovery, the failed listing page and its reason. */
const resultArb = (withFailure: boolean): fc.Arbitrary<CoverageResult> =>
  fc.oneof(
    { weight: 6, arbitrary: listingArb },
    {
      weight: 2,
      arbitrary: fc
        .record({
          channel: fc.constantFrom("jd", "tmall"),
          n: fc.nat(9),
          rows: fc.array(listingArb, { maxLength: 4 }),
          outcome: fc.constantFrom("ok", "ok", "blocked", "login_required"),
        })
        .map(({ channel, n, rows, outcome }) => ({
          kind: "search" as const,
          url: `http://${channel}.test/search?q=${n}`,
          channel,
          outcome,
          reason: outcome === "ok" ? `search page: ${rows.length} rows` : REASONS[outcome]![0]!,
          rows: outcome === "ok" ? rows.map((r) => ({ ...r, channel })) : [],
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          channel: fc.constantFrom("shop", "jd"),
          pagesOk: fc.nat(3),
          last: fc.constantFrom("ok", "blocked", "refused", "error", "rate_limited", "not_found"),
          reasonPick: fc.nat(),
        })
        .map(({ channel, pagesOk, last, reasonPick }) => {
          const outcomes = [...Array.from({ length: pagesOk }, () => "ok"), ...(last === "ok" ? [] : [last])];
          const reasons = REASONS[last]!;
          const failure =
            withFailure && last !== "ok"
              ? {
                  url: `http://${channel}.test/list?page=${pagesOk + 1}`,
                  reason: reasons[reasonPick % reasons.length]!,
                }
              : undefined;
          return {
            kind: "discovered" as const,
            channel,
            pages: outcomes.length,
            outcomes,
            start: `http://${channel}.test/list`,
            ...(failure ? { failure } : {}),
          };
        }),
    },
  );

const zero = (): CoverageCounters =>
  Object.fromEntries(COVERAGE_COUNTERS.map((c) => [c, 0])) as CoverageCounters;

/** What the workers and the store do, in memory: counters added, tallies kept by outcome, reason and detail. */
function accumulate(
  results: readonly CoverageResult[],
  keepUrls: (urls: readonly string[]) => readonly string[] = (urls) => urls,
) {
  const channels: Record<string, { counters: CoverageCounters; reasons: Map<string, ReasonTally> }> = {};
  let discoveryPagesRead = 0;
  for (const r of results) {
    const c = coverageContribution(r);
    const acc = channels[c.channel] ?? { counters: zero(), reasons: new Map() };
    channels[c.channel] = acc;
    for (const k of COVERAGE_COUNTERS) acc.counters[k] += c.counters[k];
    discoveryPagesRead += c.discoveryPagesRead;
    for (const t of reasonTallies(c.pages)) {
      const key = `${t.outcome}\u0000${t.base}\u0000${t.detail}`;
      const known = acc.reasons.get(key);
      acc.reasons.set(
        key,
        known
          ? { ...known, count: known.count + t.count, urls: keepUrls([...known.urls, ...t.urls]) }
          : { ...t, urls: keepUrls(t.urls) },
      );
    }
  }
  const accumulated: Record<string, AccumulatedChannel> = {};
  for (const [id, a] of Object.entries(channels))
    accumulated[id] = { counters: a.counters, reasons: [...a.reasons.values()] };
  return { accumulated, discoveryPagesRead };
}

const counters = (c: CoverageCounters) => Object.fromEntries(COVERAGE_COUNTERS.map((k) => [k, c[k]]));

describe("coverageContribution", () => {
  it("adds up, result by result, to exactly what computeCoverage counts", () => {
    fc.assert(
      fc.property(fc.array(resultArb(false), { maxLength: 60 }), (results) => {
        const run = computeCoverage(results, configFor(0.5));
        const { accumulated } = accumulate(results);
        for (const [id, c] of Object.entries(run.channels))
          expect(counters(accumulated[id]?.counters ?? zero()), id).toEqual(counters(c));
        expect(Object.keys(accumulated).every((id) => id in run.channels)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("judged from the sums, equals computeCoverage of the whole run (results as processTarget reports them)", () => {
    fc.assert(
      fc.property(
        fc.array(resultArb(true), { maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (results, threshold) => {
          const config = configFor(threshold);
          const { accumulated, discoveryPagesRead } = accumulate(results);
          expect(runCoverageFromCounters(accumulated, discoveryPagesRead, config)).toEqual(
            computeCoverage(results, config),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("with a bounded sample of URLs per reason, only the example URLs differ, and they are the reason's pages", () => {
    fc.assert(
      fc.property(fc.array(resultArb(true), { maxLength: 60 }), (results) => {
        const config = configFor(0.5);
        const local = computeCoverage(results, config);
        const { accumulated, discoveryPagesRead } = accumulate(results, (urls) => urls.slice(0, 2));
        const aws = runCoverageFromCounters(accumulated, discoveryPagesRead, config);
        const withoutExamples = (run: typeof local) =>
          JSON.parse(
            JSON.stringify(run, (k, v) => (k === "exampleUrls" || k === "diagnosis" ? undefined : v)),
          ) as unknown;
        expect(withoutExamples(aws)).toEqual(withoutExamples(local));
        for (const [id, c] of Object.entries(aws.channels)) {
          const pagesOfChannel = new Set(
            results.flatMap((r) => (r.channel === id && "url" in r ? [r.url] : [])),
          );
          for (const r of c.topReasons) {
            expect(r.exampleUrls.length).toBeGreaterThan(0);
            expect(r.exampleUrls.length).toBeLessThanOrEqual(2);
            for (const url of r.exampleUrls)
              if (!url.includes("/list")) expect(pagesOfChannel.has(url), url).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("coverageRecordOf", () => {
  const message = (target: { kind: "product"; url: string; channel: string }) => ({
    tenant: "acme",
    runId: "2026-01-01T00:00:00.000Z#run1",
    target,
  });

  it("carries the run-summary counters the local cycle keeps, and the target's run identity", () => {
    const search: TargetResult = {
      kind: "search",
      url: "http://jd.test/search?q=1&utm_source=x",
      channel: "jd",
      outcome: "ok",
      reason: "search page: 2 rows",
      alertsNew: 1,
      rows: [
        {
          kind: "listing",
          url: "http://jd.test/item/1.html",
          channel: "jd",
          outcome: "ok",
          reason: null,
          listing: { price: "99.00" } as never,
          findings: [],
          alertsNew: 1,
        },
        {
          kind: "listing",
          url: "http://jd.test/item/2.html",
          channel: "jd",
          outcome: "no_price",
          reason: "the page shows no price",
          listing: { price: null } as never,
          findings: [],
          alertsNew: 0,
        },
      ],
    };
    const record = coverageRecordOf(
      message({ kind: "product", url: search.url, channel: "jd" }),
      "m-1",
      search,
    );
    expect(record).toMatchObject({
      tenant: "acme",
      channel: "jd",
      targetKey: "p:http://jd.test/search?q=1",
      messageId: "m-1",
      pages: 1,
      alertsNew: 1,
      errors: 0,
      outcomes: { ok: 1 },
      discoveryPagesRead: 0,
      reasons: [],
    });
    expect(record.counters).toMatchObject({ targets: 1, priced: 1, fetched: 1, listings: 2 });

    const discovered: TargetResult = {
      kind: "discovered",
      channel: "shop",
      start: "http://shop.test/list",
      failure: { url: "http://shop.test/list?page=3", reason: "HTTP 429 after 4 attempt(s)" },
      targets: [],
      pages: 3,
      outcomes: ["ok", "ok", "rate_limited"],
    };
    const fromDiscovery = coverageRecordOf(
      {
        tenant: "acme",
        runId: "r",
        target: {
          kind: "discover",
          channel: "shop",
          start: "http://shop.test/list",
          links: "a",
          maxPages: 3,
        },
      },
      "m-2",
      discovered,
    );
    expect(fromDiscovery).toMatchObject({
      targetKey: "d:http://shop.test/list",
      pages: 3,
      errors: 1,
      outcomes: {},
      discoveryPagesRead: 2,
      reasons: [
        {
          outcome: "rate_limited",
          base: "HTTP 429",
          detail: "",
          count: 1,
          urls: ["http://shop.test/list?page=3"],
        },
      ],
    });
    expect(fromDiscovery.counters).toMatchObject({ targets: 1, rate_limited: 1, fetched: 0 });
  });

  it("counts a target that failed for good as the local cycle does: one error page", () => {
    const target = { kind: "product" as const, url: "http://jd.test/item/9.html", channel: "jd" };
    const record = coverageRecordOf(message(target), "m-9", failedTargetResult(target, "unknown channel jd"));
    expect(record).toMatchObject({ pages: 1, errors: 1, outcomes: { error: 1 } });
    expect(record.counters).toMatchObject({ targets: 1, errors: 1, fetched: 0 });
    expect(targetKeyOf(target)).toBe("p:http://jd.test/item/9.html");
  });
});
