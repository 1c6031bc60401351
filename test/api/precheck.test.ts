import { afterAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import type { Caller } from "../../functions/api/caller.js";
import { precheckFor } from "../../functions/api/caller-precheck.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import type { RateLimit } from "../../functions/api/precheck-rate-limit.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import { PRICE_RULES_WITHHELD_NOTE } from "../../functions/stages/precheck.js";
import {
  bearer,
  brandA,
  brandToolsConfig,
  distA,
  distB,
  HOSTILE_NAME,
  headerAuthenticator,
  useBrandToolsServer,
} from "./api-test-stack.js";

const brandTools = useBrandToolsServer();

const check = (caller: Caller, body: unknown, contentType = "application/json") =>
  fetch(`${brandTools.url()}/api/check`, {
    method: "POST",
    headers: { ...bearer(caller), "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("pre-check over the API", () => {
  it("lets a distributor check its own shop under CN law without judging its price at all", async () => {
    const res = await check(distA, { sku: "GLU-50", channel: "jd", price: "99" });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      compliant: true,
      seller: "康恒医疗器械专营店",
      priceRules: "not_evaluated",
      priceRulesNote: PRICE_RULES_WITHHELD_NOTE,
      findings: [],
    });
    expect(text).not.toContain("159");
  });

  it("refuses a distributor naming a seller, or a channel where it has no shop", async () => {
    const named = await check(distA, { sku: "GLU-50", channel: "jd", price: "99", seller: "华润大药房" });
    expect(named.status).toBe(400);
    expect((await named.json()).message).toMatch(/checks its own shop/);
    const elsewhere = await check(distA, { sku: "GLU-50", channel: "pdd", price: "199" });
    expect(elsewhere.status).toBe(400);
    expect((await elsewhere.json()).message).toMatch(/no shop of yours is registered on channel pdd/);
  });

  it("judges any seller for a brand user, with the full explanation", async () => {
    const res = await check(brandA, { sku: "GLU-50", channel: "jd", price: "99", seller: "某某医疗专营店" });
    const body = await res.json();
    expect(body.compliant).toBe(false);
    expect(body.priceRules).toBe("evaluated");
    const types = body.findings.map((f: { type: string }) => f.type).sort();
    expect(types).toEqual(["below_min_price", "unauthorized_seller"]);
    expect(body.findings.find((f: { type: string }) => f.type === "below_min_price").explanation).toContain(
      "¥159.00",
    );
  });

  it("answers bad input with every problem, and only JSON", async () => {
    const bad = await check(brandA, { sku: "", channel: "jd", price: "12.345", extra: 1 });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).problems.map((p: { path: string }) => p.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["price", "sku"]));
    expect((await check(brandA, "<sku>GLU-50</sku>", "application/xml")).status).toBe(415);
    const unknown = await check(brandA, { sku: "NOPE", channel: "jd", price: "1" });
    expect((await unknown.json()).message).toBe("unknown sku NOPE");
  });
});

describe("pre-check in the dashboard", () => {
  const post = (caller: Caller, form: Record<string, string>) =>
    fetch(`${brandTools.url()}/check`, {
      method: "POST",
      headers: { ...bearer(caller), origin: brandTools.url() },
      body: new URLSearchParams(form),
    });

  it("offers a distributor only its own shops' channels and no seller field", async () => {
    const brandForm = await (await fetch(`${brandTools.url()}/check`, { headers: bearer(brandA) })).text();
    expect(brandForm).toContain('name="seller"');
    expect(brandForm).toContain('value="pdd"');
    const distForm = await (await fetch(`${brandTools.url()}/check`, { headers: bearer(distA) })).text();
    expect(distForm).not.toContain('name="seller"');
    expect(distForm).toContain('value="jd"');
    expect(distForm).not.toContain('value="pdd"');
  });

  it("shows the answer and echoes what was typed, escaped", async () => {
    const res = await post(brandA, {
      sku: "GLU-50",
      channel: "jd",
      price: "99",
      seller: HOSTILE_NAME,
      title: HOSTILE_NAME,
      promotions: "满99减10\r\n\r\n领券立减5元",
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("This listing as planned would raise:");
    expect(page).toContain("<strong>Unauthorized seller</strong>");
    // The reader sees names, never a rule code.
    expect(page).not.toContain("unauthorized_seller");
    expect(page).not.toContain("<script>alert(2)");
    expect(page).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(page).toContain("满99减10");
  });

  it("never shows a distributor its price as non-compliance, nor the brand's reference price", async () => {
    const zh = (caller: Caller, form: Record<string, string>) =>
      fetch(`${brandTools.url()}/check`, {
        method: "POST",
        headers: { ...bearer(caller), origin: brandTools.url(), "accept-language": "zh-CN" },
        body: new URLSearchParams(form),
      });
    // ¥99, far below the floor ¥159.00 (tolerance none): to a distributor under CN law, the same
    // answer as at any price, neutral, with no figure of the brand's in it.
    const pages: string[] = [];
    for (const price of ["99", "157.41", "159", "300"]) {
      const res = await zh(distA, { sku: "GLU-50", channel: "jd", price });
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).not.toContain('class="problems"');
      expect(page).not.toContain("不合规");
      expect(page).toContain("未发现问题：按该计划上架不会触发告警。");
      expect(page).toContain("预检不评估您的价格");
      // Without the echo of what was typed, no price figure is left on the page at all.
      const answer = page
        .slice(page.indexOf("</style>"))
        .replace(/value="[^"]*"/g, "")
        .replace(/您填写的价格：[^<]*/g, "")
        .replace('placeholder="0.00"', "");
      expect(answer).not.toMatch(/¥|\d+\.\d{2}|159/);
      pages.push(answer);
    }
    expect(new Set(pages).size).toBe(1);
    // The brand itself, checking that distributor's shop, sees the monitoring-only finding as
    // information in a neutral box, never a red one.
    const brand = await (
      await zh(brandA, { sku: "GLU-50", channel: "jd", price: "99", seller: "康恒医疗器械专营店" })
    ).text();
    expect(brand).not.toContain('class="problems"');
    expect(brand).toContain("以下情况仅作记录，不要求店铺做任何调整：");
    expect(brand).toContain("<strong>低于最低价</strong>");
  });

  it("lists form problems, and refuses a post from another site", async () => {
    const res = await post(brandA, { sku: "GLU-50", channel: "jd", price: "cheap" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<code>price</code>");
    const crossSite = await fetch(`${brandTools.url()}/check`, {
      method: "POST",
      headers: { ...bearer(brandA), origin: "https://evil.example" },
      body: new URLSearchParams({ sku: "GLU-50", channel: "jd", price: "99" }),
    });
    expect(crossSite.status).toBe(403);
  });
});

/** A server over the stack's data with its own tenant config, pre-check budget and clock. */
function useCheckServer(config: () => TenantConfig, precheckRate: RateLimit) {
  let server: ApiServer | undefined;
  let now = new Date("2026-03-01T08:00:00.000Z");
  afterAll(async () => server?.close());
  const url = async () => {
    server ??= await startApiServer({
      app: createApiApp({
        ...brandTools.stack().deps,
        configs: config,
        authenticate: headerAuthenticator,
        precheckRate,
        now: () => now,
      }),
      port: 0,
      host: "127.0.0.1",
    });
    return server.url;
  };
  return {
    check: async (caller: Caller, body: unknown) =>
      fetch(`${await url()}/api/check`, {
        method: "POST",
        headers: { ...bearer(caller), "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    post: async (caller: Caller, form: Record<string, string>) => {
      const base = await url();
      return fetch(`${base}/check`, {
        method: "POST",
        headers: { ...bearer(caller), origin: base },
        body: new URLSearchParams(form),
      });
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

function withJurisdiction(jurisdiction: "CN" | "US"): TenantConfig {
  const result = validateConfig({ ...brandToolsConfig(), jurisdiction });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/**
 * The attack of issue 14 item 7: bisect the price in cents, reading any difference in the answer
 * as "below the floor". Returns the lowest price that answered like the top of the range.
 */
async function bisectFloor(
  check: (price: string) => Promise<Response>,
): Promise<{ floor: string; answers: Array<Record<string, unknown>> }> {
  const answers: Array<Record<string, unknown>> = [];
  const answerAt = async (cents: number) => {
    const res = await check((cents / 100).toFixed(2));
    expect(res.status).toBe(200);
    const { price: _echo, ...answer } = (await res.json()) as Record<string, unknown>;
    answers.push(answer);
    return JSON.stringify(answer);
  };
  const high = await answerAt(30_000);
  let lo = 1;
  let hi = 30_000;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await answerAt(mid)) === high) hi = mid;
    else lo = mid + 1;
  }
  return { floor: (lo / 100).toFixed(2), answers };
}

describe("a distributor cannot find the brand's floor by pre-checking", () => {
  const generous: RateLimit = { burst: 100, perMinute: 60 };
  const cn = useCheckServer(() => withJurisdiction("CN"), generous);
  const us = useCheckServer(() => withJurisdiction("US"), generous);

  it("under CN law every price gets the same answer, so bisecting finds nothing", async () => {
    const search = await bisectFloor((price) => cn.check(distA, { sku: "GLU-50", channel: "jd", price }));
    expect(search.answers.length).toBeGreaterThan(10);
    // Every answer, either side of ¥159.00, is the same; the search ends at the bottom of the range.
    expect(new Set(search.answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(search.answers[0]).toMatchObject({ priceRules: "not_evaluated", findings: [] });
    expect(search.floor).toBe("0.01");
    for (const price of ["157.40", "157.41", "158.99", "159.00", "159.01"]) {
      const { price: _echo, ...answer } = await (
        await cn.check(distA, { sku: "GLU-50", channel: "jd", price })
      ).json();
      expect(answer).toEqual(search.answers[0]);
    }
  });

  it("the same search is what finds the floor where the price rule applies (US), so the test can fail", async () => {
    const search = await bisectFloor((price) => us.check(distA, { sku: "GLU-50", channel: "jd", price }));
    expect(search.floor).toBe("159.00");
  });

  it("still checks what does not depend on a resale price: the shop's region", () => {
    const config = withJurisdiction("CN");
    const regional = validateConfig({
      ...config,
      distributors: config.distributors.map((d) => (d.id === "dist-a" ? { ...d, regions: ["上海"] } : d)),
      rules: { ...config.rules, region: {} },
    });
    if (!regional.ok) throw new Error(JSON.stringify(regional.issues));
    const answer = precheckFor(distA, regional.config, {
      sku: "GLU-50",
      channel: "jd",
      price: "99",
      shipFrom: "广东",
    });
    expect(answer.kind === "checked" ? answer.findings.map((f) => f.type) : answer).toEqual([
      "out_of_region",
    ]);
  });
});

describe("pre-check rate limit", () => {
  const limited = useCheckServer(() => withJurisdiction("CN"), { burst: 3, perMinute: 6 });
  const planned = { sku: "GLU-50", channel: "jd", price: "99" };

  it("answers 429 with Retry-After once a distributor's budget is spent, API and dashboard alike", async () => {
    for (let i = 0; i < 3; i++) expect((await limited.check(distA, planned)).status).toBe(200);
    const refused = await limited.check(distA, planned);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await refused.json()).toMatchObject({ error: "too_many_requests", retryAfter: 10 });
    const page = await limited.post(distA, planned);
    expect(page.status).toBe(429);
    expect(page.headers.get("retry-after")).toBe("10");
    expect(await page.text()).toContain("Too many pre-checks");
    // Another distributor has its own budget.
    expect((await limited.check(distB, planned)).status).toBe(200);
    // One token back after 10 s at 6 a minute, and only one.
    limited.advance(9_000);
    expect((await limited.check(distA, planned)).status).toBe(429);
    limited.advance(1_000);
    expect((await limited.check(distA, planned)).status).toBe(200);
    expect((await limited.check(distA, planned)).status).toBe(429);
  });
});
