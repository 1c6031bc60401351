import { afterEach, describe, expect, it } from "vitest";
import { createFetcher, type Fetcher } from "../../functions/crawl/fetcher.js";
import { type MisbehavingSite, type SiteOptions, startMisbehavingSite } from "./misbehaving-site.js";
import { fastRetry, testPolicy } from "./test-policy.js";

const open: Array<{ close(): Promise<void> }> = [];
async function site(options: SiteOptions): Promise<MisbehavingSite> {
  const s = await startMisbehavingSite(options);
  open.push(s);
  return s;
}
function fetcher(overrides: Parameters<typeof testPolicy>[0] = {}): Fetcher {
  const f = createFetcher(testPolicy({ retries: 1, ...overrides }), { retry: fastRetry });
  open.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

const robotsHits = (s: MisbehavingSite) => s.requests.filter((r) => r.path === "/robots.txt").length;

describe("robots.txt", () => {
  it("refuses disallowed URLs with a reason, fetching robots.txt once per host", async () => {
    const s = await site({
      robots:
        "User-agent: *\nDisallow: /private/\n\nUser-agent: pricewarden-test\nDisallow: /private/\nAllow: /products/\n",
    });
    const f = fetcher();
    const [a, b, c] = await Promise.all([
      f.fetch(s.url("/private/secret")),
      f.fetch(s.url("/products/1")),
      f.fetch(s.url("/products/2")),
    ]);
    expect(a).toMatchObject({ kind: "refused", attempts: 0 });
    expect(a.kind === "refused" && a.reason).toMatch(/robots\.txt line 5/);
    expect(b.kind).toBe("ok");
    expect(c.kind).toBe("ok");
    expect(robotsHits(s)).toBe(1);
    expect(s.requests.some((r) => r.path.startsWith("/private/"))).toBe(false);
    expect(f.stats()[0]).toMatchObject({ refused: 1, ok: 2, attempts: 2 });
  });

  it("matches our user-agent group over *", async () => {
    const s = await site({
      robots: "User-agent: *\nDisallow: /\n\nUser-agent: Pricewarden-test\nAllow: /\n",
    });
    expect((await fetcher().fetch(s.url("/products/1"))).kind).toBe("ok");
  });

  it("allows everything when robots.txt is missing (4xx)", async () => {
    const s = await site({ robots: { status: 404 } });
    expect((await fetcher().fetch(s.url("/private/secret"))).kind).toBe("ok");
  });

  it("disallows everything for the run when robots.txt answers 5xx (RFC 9309)", async () => {
    const s = await site({ robots: { status: 503 } });
    const f = fetcher();
    const outcome = await f.fetch(s.url("/products/1"));
    expect(outcome).toMatchObject({ kind: "refused" });
    expect(outcome.kind === "refused" && outcome.reason).toMatch(/503.*RFC 9309/);
    expect((await f.fetch(s.url("/products/2"))).kind).toBe("refused");
    expect(s.requests.some((r) => r.path.startsWith("/products/"))).toBe(false);
  });

  it("is ignored when respectRobots is false", async () => {
    const s = await site({ robots: "User-agent: *\nDisallow: /\n" });
    expect((await fetcher({ respectRobots: false }).fetch(s.url("/private/secret"))).kind).toBe("ok");
    expect(robotsHits(s)).toBe(0);
  });

  it("honours Crawl-delay by spacing the host further", async () => {
    const s = await site({ robots: "User-agent: *\nCrawl-delay: 0.1\n" });
    const f = fetcher({ delayMs: 0 });
    await Promise.all([1, 2, 3].map((n) => f.fetch(s.url(`/products/${n}`))));
    const times = s.requests.filter((r) => r.path.startsWith("/products/")).map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100 - 12);
  });
});
