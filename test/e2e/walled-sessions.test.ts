import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import type { TenantConfig } from "../../functions/core/config.js";
import { parseConfigText } from "../../functions/core/config-text.js";
import { createRenderer } from "../../functions/crawl/render/chromium-renderer.js";
import { runLocalCycle } from "../../functions/local/local-cycle.js";
import { type LocalStore, openLocalStore } from "../../functions/local/local-store.js";
import { WALLED_DEMO_HOST } from "../../functions/local/walled-demo.js";
import { WALLED_TRUTH } from "../../functions/local/walled-market/truth.js";
import { startWalledMarket, type WalledMarket } from "../../functions/local/walled-market/walled-market.js";
import { checkSessions, checkUrlFor } from "../../functions/sessions/session-check.js";

/**
 * Customer-owned browser sessions against the login-walled marketplace, through the real path:
 * Chromium with the session's storage state, the page's own script computing its token and
 * fetching the JSON, the responses recorded and read, matching, rules, the store. The pacing is
 * asserted from the marketplace's own request log.
 */

const RPM = 6;
const JITTER = 0.3;

/**
 * One simulated clock for the marketplace and the pacer: time moves only when the pacer waits,
 * so a minute of pacing takes no wall time and the site's log shows exactly what it paced.
 */
let simulated = Date.parse("2026-12-06T08:00:00Z");
const clock = {
  now: () => simulated,
  sleep: async (ms: number) => {
    simulated += ms;
  },
};

let dir: string;
let store: LocalStore;
const markets: WalledMarket[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pricewarden-walled-"));
  store = await openLocalStore(join(dir, "data"));
});

afterAll(async () => {
  await store?.close();
  for (const m of markets) await m.close();
  rmSync(dir, { recursive: true, force: true });
});

async function market(opts: Parameters<typeof startWalledMarket>[0] = {}): Promise<WalledMarket> {
  const m = await startWalledMarket({ port: 0, now: clock.now, ...opts });
  markets.push(m);
  return m;
}

/** examples/demo.yaml's walled channel alone, pointed at a market, under its own tenant. */
function walledConfig(m: WalledMarket, tenant: string): TenantConfig {
  const text = readFileSync("examples/demo.yaml", "utf8")
    .replaceAll(WALLED_DEMO_HOST, new URL(m.url).host)
    .replace(/^tenant: .*$/m, `tenant: ${tenant}`)
    .replace(
      "session: { use: required, requestsPerMinute: 30,",
      `session: { use: required, requestsPerMinute: ${RPM}, jitter: ${JITTER},`,
    );
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const config = parsed.config;
  const keep = (channel: string) => channel === "jd-walled";
  return {
    ...config,
    channels: config.channels.filter((c) => keep(c.id)),
    watch: config.watch.filter((w) => keep("discover" in w ? w.discover.channel : w.channel)),
    officialSellers: config.officialSellers.filter((s) => keep(s.channel)),
    distributors: config.distributors.map((d) => ({
      ...d,
      sellers: d.sellers.filter((s) => keep(s.channel)),
    })),
    notify: [],
  };
}

async function importSession(config: TenantConfig, m: WalledMarket, label: string) {
  const created = m.createSession({ area: "1_72_55653_0" });
  const info = await store.sessions.put(config.tenant, "jd-walled", created.storageState, { label });
  return { marketId: created.id, info };
}

const cycle = (config: TenantConfig) =>
  runLocalCycle(config, store, () => undefined, join(dir, "data"), { pacerClock: clock });

const pageLoads = (m: WalledMarket, sessionId: string) =>
  m
    .requests()
    .filter(
      (r) =>
        r.sessionId === sessionId &&
        (r.kind === "item" || r.kind === "search" || r.kind === "risk") &&
        !r.path.startsWith("/api"),
    );

describe("browser sessions against a login-walled marketplace", () => {
  let m: WalledMarket;
  let config: TenantConfig;
  let first: { marketId: string; info: { id: string } };

  it("with a healthy session: every item and every search row observed, the planted findings raised, pacing kept", async () => {
    m = await market({ pagesPerMinute: 100 });
    config = walledConfig(m, "walled-a");
    first = await importSession(config, m, "采购账号 1");
    const { summary } = await cycle(config);

    expect(summary.channels?.["jd-walled"]).toMatchObject({ priced: 8, targets: 8, coverage: 1 });
    expect(summary.blind).toBe(false);
    const alerts = await store.alerts.list(config.tenant);
    const got = new Set(alerts.map((a) => `${a.url} ${a.type}${a.monitoringOnly ? " (monitoring)" : ""}`));
    const want = new Set<string>();
    for (const t of WALLED_TRUTH) {
      const url = canonicalUrl(new URL(`/item/${t.skuId}.html`, m.url).href);
      for (const type of t.expected)
        want.add(`${url} ${type}${t.monitoringOnly.includes(type) ? " (monitoring)" : ""}`);
    }
    expect([...got].sort()).toEqual([...want].sort());
    // Only the platform's to-hand price puts 益康健康馆 below the floor; only the search shows 优品.
    const yikang = alerts.find((a) => a.seller === "益康健康馆" && a.type === "below_min_price");
    expect(yikang?.explanation).toContain("到手价");
    expect(alerts.some((a) => a.seller === "优品医疗器械专营店" && a.type === "unauthorized_seller")).toBe(
      true,
    );

    const loads = pageLoads(m, first.marketId);
    expect(loads.filter((r) => r.kind === "risk")).toHaveLength(0);
    expect(loads.length).toBe(8);
    // Never more than RPM page loads in any 60 s, and never closer than the jittered interval.
    const times = loads.map((r) => r.at).sort((a, b) => a - b);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(60_000);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(RPM);
      if (i > 0)
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(Math.floor((60_000 / RPM) * (1 - JITTER)));
    }
    const listed = await store.sessions.list(config.tenant, "jd-walled");
    expect(listed[0]).toMatchObject({ health: "healthy", label: "采购账号 1" });
  }, 180_000);

  it("an expired session: no price finding changes, the session is marked with one alert, the run is blind; a new import resumes", async () => {
    const before = (await store.alerts.list(config.tenant, { statuses: ["open"] })).map((a) => a.id).sort();
    m.expireSession(first.marketId);
    const run = await cycle(config);
    expect(run.summary.blind).toBe(true);
    expect(run.summary.channels?.["jd-walled"]?.priced).toBe(0);
    const after = await store.alerts.list(config.tenant, { statuses: ["open"] });
    // The price alerts are neither resolved nor duplicated by pages nobody saw.
    for (const id of before) expect(after.map((a) => a.id)).toContain(id);
    const sessionAlerts = after.filter((a) => a.type === "session_expired");
    expect(sessionAlerts).toHaveLength(1);
    expect(sessionAlerts[0]?.explanation).toContain("session import");
    expect(after.filter((a) => a.type === "coverage_drop")).toHaveLength(1);
    const [marked] = await store.sessions.list(config.tenant, "jd-walled");
    expect(marked).toMatchObject({ health: "unhealthy" });
    // Paused at the first sign: one stub, then no more requests with it.
    expect(m.requests().filter((r) => r.sessionId === null && r.kind === "stub").length).toBeLessThanOrEqual(
      1,
    );

    // A second run: still one session alert, and no request at all without a usable session.
    const requestsBefore = m.requests().length;
    await cycle(config);
    expect(
      (await store.alerts.list(config.tenant, { statuses: ["open"] })).filter(
        (a) => a.type === "session_expired",
      ),
    ).toHaveLength(1);
    expect(m.requests().length).toBe(requestsBefore);

    await importSession(config, m, "采购账号 2");
    const resumed = await cycle(config);
    expect(resumed.summary.blind).toBe(false);
    expect(resumed.summary.channels?.["jd-walled"]?.priced).toBe(8);
  }, 180_000);

  it("without any session: no request reaches the platform, no price finding, blind with the reason", async () => {
    const m2 = await market();
    const config2 = walledConfig(m2, "walled-b");
    const { summary } = await cycle(config2);
    expect(m2.requests()).toHaveLength(0);
    expect(summary.blind).toBe(true);
    const channel = summary.channels?.["jd-walled"];
    expect(channel?.login_required).toBe(8);
    expect(JSON.stringify(channel?.topReasons)).toContain("session import --channel jd-walled");
    const alerts = await store.alerts.list(config2.tenant);
    expect(alerts.map((a) => a.type)).toEqual(["coverage_drop"]);
  }, 120_000);

  it("past the platform's rate limit: the risk page marks the session blocked at once and it is rested", async () => {
    const m3 = await market({ pagesPerMinute: 3 });
    const config3 = walledConfig(m3, "walled-c");
    const s = await importSession(config3, m3, "采购账号 3");
    const { summary } = await cycle(config3);
    const loads = pageLoads(m3, s.marketId);
    // Three pages, the risk page on the fourth, then nothing more with that session.
    expect(loads.map((r) => r.kind === "risk")).toEqual([false, false, false, true]);
    const alerts = await store.alerts.list(config3.tenant, { statuses: ["open"] });
    expect(alerts.filter((a) => a.type === "blocked" && a.listingId.startsWith("session:"))).toHaveLength(1);
    expect(summary.blind).toBe(true);
    const [marked] = await store.sessions.list(config3.tenant, "jd-walled");
    expect(marked?.health).toBe("unhealthy");
    expect(marked?.reason).toMatch(/验证|captcha|verification/);

    // After the platform's cool-down, `session check` finds it working again and marks it so.
    await clock.sleep(16 * 60_000);
    const renderer = createRenderer({
      allowPrivateAddresses: true,
      timeoutMs: 30_000,
      maxBytes: 5_000_000,
      userAgent: "pricewarden-test",
    });
    try {
      const channel = config3.channels[0]!;
      const checked = await checkSessions({
        tenant: config3.tenant,
        channel,
        url: checkUrlFor(channel, config3.watch)!,
        renderer,
        sessions: store.sessions,
      });
      expect(checked.map((c) => [c.outcome, c.health, c.changed])).toEqual([["ok", "healthy", true]]);
    } finally {
      await renderer.close();
    }
    const [again] = await store.sessions.list(config3.tenant, "jd-walled");
    expect(again?.health).toBe("healthy");
  }, 120_000);
});
