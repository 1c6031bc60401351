import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FetchOutcome } from "../../functions/core/fetch-outcome.js";
import { createFetcher, type Fetcher } from "../../functions/crawl/fetcher.js";
import { realSleep } from "../../functions/crawl/host-politeness.js";
import { HUGE_BYTES, type MisbehavingSite, startMisbehavingSite } from "./misbehaving-site.js";
import { fastRetry, testPolicy } from "./test-policy.js";

let site: MisbehavingSite;
const fetchers: Fetcher[] = [];

function fetcherFor(...args: Parameters<typeof createFetcher>): Fetcher {
  const fetcher = createFetcher(args[0], { retry: fastRetry, ...args[1] });
  fetchers.push(fetcher);
  return fetcher;
}

function expectKind<K extends FetchOutcome["kind"]>(
  outcome: FetchOutcome,
  kind: K,
): Extract<FetchOutcome, { kind: K }> {
  expect(outcome, JSON.stringify({ ...outcome, body: undefined })).toMatchObject({ kind });
  return outcome as Extract<FetchOutcome, { kind: K }>;
}

beforeAll(async () => {
  site = await startMisbehavingSite();
});
afterAll(async () => {
  await site.close();
});
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
});

describe("fetcher: plain pages", () => {
  it("fetches a page and reports it with stats", async () => {
    const fetcher = fetcherFor(testPolicy());
    const ok = expectKind(await fetcher.fetch(site.url("/products/1")), "ok");
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("安可血糖试纸 50片 #1");
    expect(ok.charset).toBe("utf-8");
    expect(ok.attempts).toBe(1);
    expect(ok.rendered).toBe(false);
    expect(ok.finalUrl).toBe(site.url("/products/1"));
    const stats = fetcher.stats().find((s) => s.host === new URL(site.origin).host);
    expect(stats).toMatchObject({ attempts: 1, ok: 1, retries: 0, errors: 0 });
  });

  it("a header saying 请登录 on a real product page is not a login wall", async () => {
    const fetcher = fetcherFor(testPolicy());
    expectKind(await fetcher.fetch(site.url("/products/2")), "ok");
  });

  it("parses malformed HTML without failing", async () => {
    const fetcher = fetcherFor(testPolicy());
    const ok = expectKind(await fetcher.fetch(site.url("/malformed")), "ok");
    expect(ok.body).toContain("未闭合");
  });

  it("refuses non-page content types", async () => {
    const fetcher = fetcherFor(testPolicy());
    expectKind(await fetcher.fetch(site.url("/image")), "error");
  });

  it("answers bad URLs and schemes with outcomes", async () => {
    const fetcher = fetcherFor(testPolicy());
    expect(expectKind(await fetcher.fetch("not a url"), "error").code).toBe("invalid_url");
    expectKind(await fetcher.fetch("ftp://127.0.0.1/x"), "refused");
    expectKind(await fetcher.fetch("javascript:alert(1)"), "refused");
  });

  it("cannot be used after close", async () => {
    const fetcher = createFetcher(testPolicy());
    await fetcher.close();
    await expect(fetcher.fetch(site.url("/products/1"))).rejects.toThrow(/closed/);
  });
});

describe("fetcher: encodings and charsets", () => {
  it.each([
    ["/gzip", "#3"],
    ["/br", "#4"],
    ["/deflate-raw", "#5"],
    ["/deflate", "#6"],
  ])("decodes %s", async (path, marker) => {
    const fetcher = fetcherFor(testPolicy());
    const ok = expectKind(await fetcher.fetch(site.url(path)), "ok");
    expect(ok.body).toContain(`安可血糖试纸 50片 ${marker}`);
  });

  it("reports a corrupt compressed body as decode_error", async () => {
    const fetcher = fetcherFor(testPolicy());
    expect(expectKind(await fetcher.fetch(site.url("/corrupt-gzip")), "error").code).toBe("decode_error");
  });

  it("decodes a GBK page named in Content-Type", async () => {
    const fetcher = fetcherFor(testPolicy());
    const ok = expectKind(await fetcher.fetch(site.url("/gbk")), "ok");
    expect(ok.charset).toBe("gbk");
    expect(ok.body).toContain("安可血糖试纸 50片 #1");
    expect(ok.body).toContain("国药准字H20000001 京东大药房");
    expect(ok.body).toContain("￥151.00");
  });

  it("decodes GB2312 named only in <meta http-equiv>", async () => {
    const fetcher = fetcherFor(testPolicy());
    const ok = expectKind(await fetcher.fetch(site.url("/gb2312-meta")), "ok");
    expect(ok.charset).toBe("gbk");
    expect(ok.body).toContain("<title>血糖仪</title>");
    expect(ok.body).toContain("价格：￥199");
  });

  it("decodes Big5 named in <meta charset>", async () => {
    const fetcher = fetcherFor(testPolicy());
    const ok = expectKind(await fetcher.fetch(site.url("/big5")), "ok");
    expect(ok.charset).toBe("big5");
    expect(ok.body).toContain("血糖試紙");
  });

  it("lets a BOM override a wrong header and strips it", async () => {
    const fetcher = fetcherFor(testPolicy());
    const ok = expectKind(await fetcher.fetch(site.url("/bom-utf8")), "ok");
    expect(ok.charset).toBe("utf-8");
    expect(ok.body.startsWith("<!doctype")).toBe(true);
    expect(ok.body).toContain("安可血糖试纸");
  });
});

describe("fetcher: size and time limits", () => {
  it("stops reading a 50 MB streamed response at maxBytes without buffering it", async () => {
    const fetcher = fetcherFor(testPolicy({ maxBytes: 1024 * 1024, retries: 0 }));
    const sentBefore = site.hugeBytesSent();
    const before = process.memoryUsage();
    const outcome = expectKind(await fetcher.fetch(site.url("/huge")), "error");
    const after = process.memoryUsage();
    expect(outcome.code).toBe("too_large");
    const sent = site.hugeBytesSent() - sentBefore;
    // The server only produces what the socket accepts; the client hung up after ~1 MB.
    expect(sent).toBeLessThan(HUGE_BYTES / 4);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(HUGE_BYTES / 2);
  });

  it("refuses a declared Content-Length over maxBytes without reading the body", async () => {
    const fetcher = fetcherFor(testPolicy({ maxBytes: 1024 * 1024, retries: 0 }));
    const sentBefore = site.hugeBytesSent();
    const outcome = expectKind(await fetcher.fetch(site.url("/huge-declared")), "error");
    expect(outcome.code).toBe("too_large");
    expect(outcome.reason).toMatch(/content-length/);
    expect(site.hugeBytesSent() - sentBefore).toBeLessThan(HUGE_BYTES / 4);
  });

  it("caps the decoded size of a gzip bomb", async () => {
    const fetcher = fetcherFor(testPolicy({ maxBytes: 1024 * 1024, retries: 0 }));
    expect(expectKind(await fetcher.fetch(site.url("/gzip-bomb")), "error").code).toBe("too_large");
  });

  it("ends a slow-drip body at the total deadline", async () => {
    const fetcher = fetcherFor(testPolicy({ timeoutMs: 300, retries: 0 }));
    const outcome = expectKind(await fetcher.fetch(site.url("/slow-drip")), "error");
    expect(outcome.code).toBe("timeout");
    expect(outcome.attempts).toBe(1);
  });

  it("ends a server that never sends headers, retrying timeouts", async () => {
    const fetcher = fetcherFor(testPolicy({ timeoutMs: 200, retries: 1 }));
    const outcome = expectKind(await fetcher.fetch(site.url("/slow-headers")), "error");
    expect(["timeout", "headers_timeout"]).toContain(outcome.code);
    expect(outcome.attempts).toBe(2);
  });
});

describe("fetcher: redirects", () => {
  it("detects a redirect loop", async () => {
    const fetcher = fetcherFor(testPolicy());
    const outcome = expectKind(await fetcher.fetch(site.url("/redirect/loop-a")), "error");
    expect(outcome.code).toBe("redirect_loop");
    expect(outcome.attempts).toBe(2);
  });

  it("caps the number of redirects", async () => {
    const fetcher = fetcherFor(testPolicy({ maxRedirects: 0 }));
    expect(expectKind(await fetcher.fetch(site.url("/redirect/loop-a")), "error").code).toBe(
      "too_many_redirects",
    );
  });

  it("treats a redirect to a login page as blocked without following it", async () => {
    const lookups: string[] = [];
    const fetcher = fetcherFor(testPolicy(), {
      lookup: async (host) => {
        lookups.push(host);
        return [{ address: "127.0.0.1", family: 4 }];
      },
    });
    const outcome = expectKind(await fetcher.fetch(site.url("/redirect/login")), "blocked");
    expect(outcome.signal).toBe("login");
    expect(outcome.finalUrl).toContain("login.taobao.com");
    expect(lookups).not.toContain("login.taobao.com");
  });

  it("checks the scheme of every redirect target", async () => {
    const fetcher = fetcherFor(testPolicy());
    expect(expectKind(await fetcher.fetch(site.url("/redirect/file")), "refused").reason).toMatch(/file:/);
  });
});

describe("fetcher: page classification", () => {
  it.each([
    ["/captcha", "slider"],
    ["/login-wall", "login"],
    ["/forbidden", "forbidden"],
    ["/script-challenge", "interstitial"],
  ] as const)("%s is blocked (%s)", async (path, signal) => {
    const fetcher = fetcherFor(testPolicy());
    expect(expectKind(await fetcher.fetch(site.url(path)), "blocked").signal).toBe(signal);
  });

  it("does not retry a challenge page served as 503", async () => {
    const fetcher = fetcherFor(testPolicy({ retries: 3 }));
    const outcome = expectKind(await fetcher.fetch(site.url("/cf-challenge")), "blocked");
    expect(outcome.signal).toBe("interstitial");
    expect(outcome.attempts).toBe(1);
  });

  it("maps 404, 410 and a removed-listing notice", async () => {
    const fetcher = fetcherFor(testPolicy());
    expect(expectKind(await fetcher.fetch(site.url("/no-such-page")), "not_found").status).toBe(404);
    expect(expectKind(await fetcher.fetch(site.url("/gone")), "gone").status).toBe(410);
    expect(expectKind(await fetcher.fetch(site.url("/offshelf")), "gone").reason).toMatch(/removed/);
    expect(expectKind(await fetcher.fetch(site.url("/teapot")), "error").code).toBe("http_418");
    const stats = fetcher.stats().find((s) => s.host === new URL(site.origin).host);
    expect(stats).toMatchObject({ notFound: 1, gone: 2, errors: 1 });
  });
});

describe("fetcher: retries", () => {
  it("gives up on a host that keeps answering 429 with rate_limited", async () => {
    const fetcher = fetcherFor(testPolicy({ retries: 2 }));
    const outcome = expectKind(await fetcher.fetch(site.url("/always-429")), "rate_limited");
    expect(outcome).toMatchObject({ status: 429, attempts: 3, retryAfterMs: 0 });
    expect(fetcher.stats()[0]).toMatchObject({ attempts: 3, retries: 2, rateLimited: 1 });
  });

  it("does not wait for a Retry-After beyond the cap; the outcome carries it", async () => {
    const fetcher = fetcherFor(testPolicy({ retries: 3 }));
    const outcome = expectKind(await fetcher.fetch(site.url("/retry-after-long")), "rate_limited");
    expect(outcome.attempts).toBe(1);
    expect(outcome.retryAfterMs).toBeGreaterThan(3_000_000);
  });

  it("retries 5xx and connection resets, then reports them", async () => {
    const fetcher = fetcherFor(testPolicy({ retries: 2 }));
    const boom = expectKind(await fetcher.fetch(site.url("/always-500")), "error");
    expect(boom).toMatchObject({ code: "http_500", attempts: 3 });
    const reset = expectKind(await fetcher.fetch(site.url("/reset")), "error");
    expect(reset).toMatchObject({ code: "connection_reset", attempts: 3 });
  });

  it("does not retry final answers", async () => {
    const fetcher = fetcherFor(testPolicy({ retries: 3 }));
    expect((await fetcher.fetch(site.url("/no-such-page"))).attempts).toBe(1);
    expect((await fetcher.fetch(site.url("/forbidden"))).attempts).toBe(1);
  });
});

describe("fetcher: address guard and DNS pinning", () => {
  it("refuses loopback, private and metadata addresses by default, before connecting", async () => {
    const strict = await startMisbehavingSite();
    try {
      const fetcher = fetcherFor(testPolicy({ allowPrivateAddresses: false }), {
        lookup: async (host) => {
          if (host === "evil.test") return [{ address: "127.0.0.1", family: 4 }];
          if (host === "meta.test") return [{ address: "169.254.169.254", family: 4 }];
          if (host === "v6.test") return [{ address: "::1", family: 6 }];
          throw Object.assign(new Error("no such host"), { code: "ENOTFOUND" });
        },
      });
      for (const url of [
        strict.url("/products/1"),
        `http://evil.test:${strict.port}/products/1`,
        "http://meta.test/latest/meta-data/",
        `http://v6.test:${strict.port}/`,
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        `http://[::1]:${strict.port}/`,
        `http://[::ffff:127.0.0.1]:${strict.port}/`,
        `http://2130706433:${strict.port}/`,
      ]) {
        expectKind(await fetcher.fetch(url), "refused");
      }
      expect(strict.requests).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it("connects to the address the guard checked, not to a second DNS answer", async () => {
    let calls = 0;
    const fetcher = fetcherFor(testPolicy({ respectRobots: false }), {
      // First answer is the site; any later one points where nothing listens.
      lookup: async () =>
        calls++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "::1", family: 6 }],
    });
    const ok = expectKind(await fetcher.fetch(`http://shop.test:${site.port}/products/3`), "ok");
    expect(ok.body).toContain("#3");
    expect(calls).toBe(1);
  });
});

describe("fetcher: politeness", () => {
  it("fetches every page of a flaky host, never starting two requests closer than delayMs", async () => {
    const flaky = await startMisbehavingSite({ flakyRate: 0.1, flakyLatencyMs: 30, seed: 7 });
    try {
      const delayMs = 25;
      const fetcher = fetcherFor(testPolicy({ delayMs, perHostConcurrency: 3, retries: 8 }));
      const urls = Array.from({ length: 40 }, (_, i) => flaky.url(`/products/${i + 1}`));
      const outcomes = await Promise.all(urls.map((u) => fetcher.fetch(u)));
      for (const outcome of outcomes) expectKind(outcome, "ok");
      const hits = flaky.requests.filter((r) => r.path.startsWith("/products/"));
      const throttled = hits.filter((r) => r.status === 429 || r.status === 503).length;
      expect(throttled).toBeGreaterThan(0);
      expect(hits.length).toBe(40 + throttled);
      const stats = fetcher.stats().find((s) => s.host === new URL(flaky.origin).host);
      expect(stats).toMatchObject({ ok: 40, retries: throttled, attempts: 40 + throttled });
      const times = hits.map((r) => r.at).sort((a, b) => a - b);
      const slack = 12;
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(delayMs - slack);
    } finally {
      await flaky.close();
    }
  });

  it("pauses the whole host for a Retry-After", async () => {
    const paused = await startMisbehavingSite();
    try {
      let retryWaitStarted: () => void = () => {};
      const sawRetryWait = new Promise<void>((resolve) => {
        retryWaitStarted = resolve;
      });
      const fetcher = fetcherFor(testPolicy({ retries: 2 }), {
        sleep: (ms) => {
          if (ms >= 1000) retryWaitStarted();
          return realSleep(ms);
        },
      });
      const first = fetcher.fetch(paused.url("/retry-after/a"));
      // The others are asked for once the fetcher has seen the 429 and is waiting out its Retry-After.
      await sawRetryWait;
      const others = await Promise.all([1, 2, 3].map((n) => fetcher.fetch(paused.url(`/products/${n}`))));
      expectKind(await first, "ok");
      for (const o of others) expectKind(o, "ok");
      const throttledAt = paused.requests.find((r) => r.status === 429)!.at;
      const later = paused.requests.filter((r) => r.at > throttledAt);
      expect(later.length).toBe(4);
      for (const r of later) expect(r.at - throttledAt).toBeGreaterThanOrEqual(1000 - 20);
    } finally {
      await paused.close();
    }
  });

  it("holds per-host and global concurrency", async () => {
    const a = await startMisbehavingSite();
    const b = await startMisbehavingSite();
    try {
      const perHost = fetcherFor(testPolicy({ perHostConcurrency: 2 }));
      await Promise.all(Array.from({ length: 8 }, (_, i) => perHost.fetch(a.url(`/hold/${i}`))));
      expect(a.maxInFlight()).toBe(2);
      const global = fetcherFor(testPolicy({ perHostConcurrency: 4, concurrency: 1 }));
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => global.fetch((i % 2 === 0 ? b : b).url(`/hold/${i}`))),
      );
      expect(b.maxInFlight()).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
