import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CoverageListingResult,
  type CoverageResult,
  computeCoverage,
  coverageFinding,
  normalizeReason,
} from "../../functions/core/coverage.js";
import type { TargetResult } from "../../functions/stages/cycle.js";

const CHANNELS = [
  { id: "jd", name: "京东" },
  { id: "tmall", name: "天猫" },
  { id: "shop", name: "Shop" },
];
const config = (threshold = 0.5) => ({
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
  no_price: ["the page shows no price"],
  blocked: ['verification page (title matched "京东验证 - 安全验证")', "redirected to a verification page"],
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
    channel: fc.constantFrom("jd", "tmall", "shop"),
    n: fc.integer({ min: 1, max: 40 }),
    outcome: fc.constantFrom(...OUTCOMES),
    reasonPick: fc.nat(),
    price: fc.boolean(),
  })
  .map(({ channel, n, outcome, reasonPick, price }) => {
    const reasons = REASONS[outcome]!;
    const read = outcome === "ok" || outcome === "unmatched" || outcome === "no_price";
    // ok always has a price (judgeListing); no_price may carry one in another currency.
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

const resultArb: fc.Arbitrary<CoverageResult> = fc.oneof(
  { weight: 6, arbitrary: listingArb },
  {
    weight: 2,
    arbitrary: fc
      .record({
        channel: fc.constantFrom("jd", "tmall"),
        n: fc.nat(9),
        rows: fc.array(listingArb, { maxLength: 4 }),
      })
      .map(({ channel, n, rows }) => ({
        kind: "search" as const,
        url: `http://${channel}.test/search?q=${n}`,
        channel,
        outcome: "ok",
        reason: `search page: ${rows.length} rows`,
        rows: rows.map((r) => ({ ...r, channel })),
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        pagesOk: fc.nat(3),
        last: fc.constantFrom("ok", "blocked", "refused", "error", "rate_limited", "not_found"),
      })
      .map(({ pagesOk, last }) => {
        const outcomes = [...Array.from({ length: pagesOk }, () => "ok"), ...(last === "ok" ? [] : [last])];
        return { kind: "discovered" as const, channel: "shop", pages: outcomes.length, outcomes };
      }),
  },
);

/** Targets the results stand for, per channel, by bucket: the model the module must agree with. */
function model(results: readonly CoverageResult[]) {
  const per = new Map<
    string,
    { targets: number; priced: number; gone: number; unread: number; listings: number }
  >();
  const of = (ch: string) => {
    const m = per.get(ch) ?? { targets: 0, priced: 0, gone: 0, unread: 0, listings: 0 };
    per.set(ch, m);
    return m;
  };
  for (const r of results) {
    const m = of(r.channel);
    if (r.kind === "discovered") {
      for (const o of r.outcomes) {
        if (o === "ok") continue;
        m.targets++;
        if (o === "not_found") m.gone++;
        else m.unread++;
      }
    } else if (r.kind === "search") {
      m.targets++;
      m.listings += r.rows.filter((x) => x.listing).length;
      if (r.rows.some((x) => x.listing?.price)) m.priced++;
    } else {
      m.targets++;
      if (r.listing) m.listings++;
      if (r.listing?.price) m.priced++;
      else if (r.outcome === "not_found" || r.outcome === "gone") m.gone++;
      else if (!["ok", "unmatched", "no_price"].includes(r.outcome)) m.unread++;
    }
  }
  return per;
}

describe("computeCoverage", () => {
  it("partitions every target into one counter and agrees with a direct count", () => {
    fc.assert(
      fc.property(
        fc.array(resultArb, { maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (results, threshold) => {
          const run = computeCoverage(results, config(threshold));
          const want = model(results);
          let allTargets = 0;
          let allFetched = 0;
          for (const ch of CHANNELS) {
            const c = run.channels[ch.id]!;
            const m = want.get(ch.id) ?? { targets: 0, priced: 0, gone: 0, unread: 0, listings: 0 };
            allTargets += c.targets;
            allFetched += c.fetched;
            expect(c.targets).toBe(m.targets);
            expect(c.priced).toBe(m.priced);
            expect(c.gone).toBe(m.gone);
            expect(c.listings).toBe(m.listings);
            expect(c.blocked + c.login_required + c.rate_limited + c.errors).toBe(m.unread);
            expect(
              c.priced + c.no_price + c.blocked + c.login_required + c.rate_limited + c.errors + c.gone,
            ).toBe(c.targets);
            expect(c.fetched).toBe(c.priced + c.no_price + c.gone);
            if (c.targets === 0) {
              expect(c.coverage).toBeNull();
              expect(c.blind).toBe(false);
            } else {
              const denominator = c.targets - c.gone;
              expect(c.coverage).toBeCloseTo(denominator === 0 ? 1 : c.priced / denominator, 3);
              expect(c.blind).toBe(c.coverage! < threshold || run.fetchedNothing);
            }
            expect(c.diagnosis !== null).toBe(c.blind);
            // Reasons: at most three, most frequent first, counting only unpriced pages that were not removed.
            expect(c.topReasons.length).toBeLessThanOrEqual(3);
            const unpriced = c.targets - c.priced - c.gone;
            expect(c.topReasons.reduce((n, r) => n + r.count, 0)).toBeLessThanOrEqual(unpriced);
            if (unpriced > 0) expect(c.topReasons.length).toBeGreaterThan(0);
            for (let i = 1; i < c.topReasons.length; i++)
              expect(c.topReasons[i - 1]!.count).toBeGreaterThanOrEqual(c.topReasons[i]!.count);
            for (const r of c.topReasons) {
              expect(r.exampleUrls.length).toBeLessThanOrEqual(2);
              expect(r.exampleUrls.length).toBeGreaterThan(0);
              expect(r.outcome).not.toBe("gone");
            }
          }
          expect(run.fetchedNothing).toBe(
            allTargets > 0 &&
              allFetched === 0 &&
              !results.some((r) => r.kind === "discovered" && r.outcomes.includes("ok")),
          );
          expect(run.blind).toBe(run.blindChannels.length > 0 || run.fetchedNothing);
          expect(run.blindChannels).toEqual(
            CHANNELS.map((c) => c.id).filter((id) => run.channels[id]!.blind),
          );
          if (allTargets === 0) expect(run.coverage).toBeNull();
          else expect(run.coverage).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads the same whatever order the workers finished in", () => {
    fc.assert(
      fc.property(
        fc
          .array(resultArb, { maxLength: 40 })
          .chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length }))),
        ([results, shuffled]) => {
          expect(computeCoverage(shuffled, config())).toEqual(computeCoverage(results, config()));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a channel seeing everything is never blind; one seeing nothing is, and says why", () => {
    const seen: CoverageResult[] = [1, 2, 3].map((n) => ({
      kind: "listing",
      url: `http://jd.test/item/${n}.html`,
      channel: "jd",
      outcome: n === 3 ? "unmatched" : "ok",
      reason: null,
      listing: { price: "10.00" },
    }));
    const refused: CoverageResult[] = [1, 2, 3].map((n) => ({
      kind: "listing",
      url: `http://127.0.0.1:8790/tmall/item/${n}.html`,
      channel: "tmall",
      outcome: "error",
      reason: "connect ECONNREFUSED 127.0.0.1:8790",
      listing: null,
    }));
    const run = computeCoverage([...seen, ...refused], config());
    expect(run.channels.jd).toMatchObject({
      targets: 3,
      priced: 3,
      coverage: 1,
      blind: false,
      diagnosis: null,
    });
    expect(run.channels.tmall).toMatchObject({ targets: 3, priced: 0, errors: 3, coverage: 0, blind: true });
    expect(run.channels.shop).toMatchObject({ targets: 0, coverage: null, blind: false });
    expect(run.channels.tmall!.topReasons).toEqual([
      {
        reason:
          "connection refused to 127.0.0.1:8790: is the demo marketplace running? (pricewarden demo-site)",
        outcome: "error",
        count: 3,
        exampleUrls: ["http://127.0.0.1:8790/tmall/item/1.html", "http://127.0.0.1:8790/tmall/item/2.html"],
      },
    ]);
    expect(run.channels.tmall!.diagnosis).toBe(
      "connection refused to 127.0.0.1:8790: is the demo marketplace running? (pricewarden demo-site); 3 of 3 pages, e.g. http://127.0.0.1:8790/tmall/item/1.html; 0 priced, coverage 0%",
    );
    expect(run).toMatchObject({
      blind: true,
      fetchedNothing: false,
      blindChannels: ["tmall"],
      coverage: 0.5,
    });
  });

  it("removed listings are seen, not blind; a run of only failures fetched nothing", () => {
    const gone: CoverageResult = {
      kind: "listing",
      url: "http://jd.test/item/1.html",
      channel: "jd",
      outcome: "gone",
      reason: "HTTP 410",
      listing: null,
    };
    expect(computeCoverage([gone], config()).channels.jd).toMatchObject({
      coverage: 1,
      blind: false,
      gone: 1,
    });
    const blocked: CoverageResult = { ...gone, outcome: "blocked", reason: "HTTP 403" };
    // Even a threshold of 0 calls a run that read nothing blind.
    const run = computeCoverage([blocked], config(0));
    expect(run).toMatchObject({ fetchedNothing: true, blind: true, blindChannels: ["jd"] });
    // A discovery listing page that could not be fetched counts as a target, named by its start.
    const discovery = computeCoverage(
      [{ kind: "discovered", channel: "shop", pages: 1, outcomes: ["blocked"] }],
      config(),
    );
    expect(discovery.channels.shop).toMatchObject({ targets: 1, blocked: 1, blind: true });
    expect(discovery.channels.shop!.topReasons[0]!.exampleUrls).toEqual(["http://shop.test/list"]);
  });

  it("a discovery page known only by its outcome takes a host-wide reason of the same host", () => {
    const refused = (url: string, channel: string): CoverageResult => ({
      kind: "listing",
      url,
      channel,
      outcome: "refused",
      reason: "robots.txt unreachable (connection_refused): treated as disallow-all (RFC 9309)",
      listing: null,
    });
    const run = computeCoverage(
      [
        refused("http://127.0.0.1:8790/jd/item/1.html", "jd"),
        {
          kind: "discovered",
          channel: "jd",
          pages: 1,
          outcomes: ["refused"],
          start: "http://127.0.0.1:8790/jd/list",
        },
        { kind: "discovered", channel: "shop", pages: 1, outcomes: ["refused"] },
      ],
      config(),
    );
    expect(run.channels.jd!.topReasons).toEqual([
      {
        reason:
          "connection refused to 127.0.0.1:8790: is the demo marketplace running? (pricewarden demo-site)",
        outcome: "refused",
        count: 2,
        exampleUrls: ["http://127.0.0.1:8790/jd/item/1.html", "http://127.0.0.1:8790/jd/list"],
      },
    ]);
    // Another host: nothing to borrow, the outcome is all there is.
    expect(run.channels.shop!.topReasons).toMatchObject([
      { reason: "discovery listing page: refused", count: 1 },
    ]);
  });

  it("accepts the cycle's own results", () => {
    const results: TargetResult[] = [];
    expect(computeCoverage(results, config()).coverage).toBeNull();
  });
});

describe("normalizeReason", () => {
  it.each([
    [
      "error",
      "connect ECONNREFUSED 127.0.0.1:41234",
      "http://127.0.0.1:41234/x",
      "connection refused to 127.0.0.1:41234: is the demo marketplace running? (pricewarden demo-site)",
    ],
    [
      "refused",
      "robots.txt unreachable (connection_refused): treated as disallow-all (RFC 9309)",
      "http://localhost:8790/x",
      "connection refused to localhost:8790: is the demo marketplace running? (pricewarden demo-site)",
    ],
    [
      "error",
      "connect ECONNREFUSED 10.0.0.1:443",
      "https://shop.example/x",
      "connection refused to shop.example",
    ],
    ["rate_limited", "HTTP 429 after 4 attempt(s)", "http://a.test/", "HTTP 429"],
    ["refused", "disallowed by robots.txt line 7", "http://a.test/", "disallowed by robots.txt"],
    ["login_required", 'login page (title matched "京东-欢迎登录")', "http://a.test/", "login page"],
    [
      "blocked",
      "JD human check (x-rp-content header, 京东验证) (https://api.m.jd.com/x?y=1)",
      "http://a.test/",
      "JD human check (x-rp-content header, 京东验证)",
    ],
  ])("%s %s", (outcome, reason, url, base) => {
    expect(normalizeReason(outcome, reason, url).base).toBe(base);
  });

  it("keeps a matched phrase only when every page of the group shares it", () => {
    const page = (n: number, title: string): CoverageResult => ({
      kind: "listing",
      url: `http://jd.test/item/${n}.html`,
      channel: "jd",
      outcome: "login_required",
      reason: `login page (title matched "${title}")`,
      listing: null,
    });
    const same = computeCoverage([page(1, "京东-欢迎登录"), page(2, "京东-欢迎登录")], config());
    expect(same.channels.jd!.topReasons[0]!.reason).toBe('login page (title matched "京东-欢迎登录")');
    const mixed = computeCoverage([page(1, "京东-欢迎登录"), page(2, "请登录")], config());
    expect(mixed.channels.jd!.topReasons).toMatchObject([{ reason: "login page", count: 2 }]);
  });
});

describe("coverageFinding", () => {
  it("one sentence naming the channel, coverage, counts, reasons and what to do", () => {
    const results: CoverageResult[] = [1, 2].map((n) => ({
      kind: "listing",
      url: `http://jd.test/item/${n}.html`,
      channel: "jd",
      outcome: "login_required",
      reason: 'login page (title matched "京东-欢迎登录")',
      listing: null,
    }));
    const run = computeCoverage(results, config());
    const finding = coverageFinding({ currency: "CNY", channels: CHANNELS }, "jd", run.channels.jd!, 0.5);
    expect(finding).toMatchObject({
      type: "coverage_drop",
      severity: "medium",
      listingId: "channel:jd",
      channel: "jd",
      sku: null,
      url: "http://jd.test/item/1.html",
      inputs: { targets: 2, priced: 0, login_required: 2, coverage: 0, coverageAlertBelow: 0.5 },
    });
    expect(finding.explanation).toBe(
      'Coverage drop: 京东 (jd) priced 0 of 2 pages this run (coverage 0%, alert below 50%; 2 checked, 0 removed); not seen: 2× login page (title matched "京东-欢迎登录"), e.g. http://jd.test/item/1.html; the site shows a login page instead of the listing; a signed-in session or a rendered channel is needed.',
    );
  });
});
