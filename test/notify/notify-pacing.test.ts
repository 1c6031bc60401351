import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { type DeliverSummary, deliverPending } from "../../functions/notify/deliver-pending.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { deliveryTargetsFor } from "../../functions/notify/notify-targets.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { finding } from "./alert-fixture.js";
import { type RobotKind, startRobotReceiver, wecomContent } from "./robot-receivers.js";

/**
 * Quiet hours, robot rate limits and a listing's findings in one message, on the embedded store
 * and local robots. Time is the test's own clock: the notify stage reads it, the robots log
 * each call at it and enforce their documented limits on it; nothing waits for real time.
 */

let db: EmbeddedDynamo;
let doc: ReturnType<typeof createDocumentClient>;
let clock = 0;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
});

afterAll(async () => {
  for (const close of closers) await close();
  doc?.destroy();
  await db?.close();
});

async function robot(kind: RobotKind) {
  const r = await startRobotReceiver(kind, { clock: () => clock, enforceRateLimit: true });
  closers.push(r.close);
  return r;
}

function tenantConfig(tenant: string, notify: unknown[]): TenantConfig {
  const result = validateConfig({
    tenant,
    channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
    products: [
      { sku: "GLU-50", name: "安可血糖试纸 50片", match: { keywords: [["血糖试纸"]] }, minPrice: 159 },
    ],
    watch: [{ url: "https://item.jd.com/1.html", channel: "jd", sku: "GLU-50" }],
    dashboardUrl: "https://pricewarden.brand.example",
    // The robots run on 127.0.0.1; vitest.config.ts gives the operator's opt-in.
    network: { allowPrivateAddresses: true },
    notify,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

function listingFinding(n: number, overrides: Partial<Finding> = {}): Finding {
  return {
    ...finding,
    listingId: `L${n}`,
    url: `https://item.jd.com/${100000 + n}.html`,
    seller: `第${n}号药房`,
    ...overrides,
  };
}

async function record(config: TenantConfig, findings: readonly Finding[], atMs: number): Promise<string[]> {
  const alerts = new AlertRepository(doc, db.tableName);
  const ids: string[] = [];
  for (const f of findings) {
    const alertId = alertIdOf(config.tenant, f.type, f.listingId, f.sku);
    ids.push(alertId);
    await alerts.record(f, {
      tenant: config.tenant,
      alertId,
      runId: "run-1",
      now: new Date(atMs).toISOString(),
      targets: deliveryTargetsFor(config, f.severity),
    });
  }
  return ids;
}

/** One delivery pass on the test's clock, through a fresh repository: only the store remembers. */
function drain(config: TenantConfig): Promise<DeliverSummary> {
  return deliverPending({
    config,
    alerts: new AlertRepository(doc, db.tableName),
    send: sendNotification,
    now: () => new Date(clock),
    resolveSecret: () => undefined,
    sleep: async (ms) => {
      clock += ms;
    },
  });
}

/** The most calls in any span of `ms` (each call opens a span). */
function mostInAnySpan(times: readonly number[], ms: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));
}

async function states(tenant: string, ids: readonly string[]): Promise<string[]> {
  const alerts = new AlertRepository(doc, db.tableName);
  const out: string[] = [];
  for (const id of ids) {
    const alert = await alerts.get(tenant, id);
    out.push(...Object.values(alert?.deliveries ?? {}).map((d) => d.state));
  }
  return out;
}

/** Drains every 15 s of the test's clock (the local runner's poll) until `count` were delivered. */
async function drainUntilDelivered(config: TenantConfig, count: number): Promise<DeliverSummary[]> {
  const summaries: DeliverSummary[] = [];
  let delivered = 0;
  for (let pass = 0; pass < 40 && delivered < count; pass++) {
    const summary = await drain(config);
    summaries.push(summary);
    delivered += summary.delivered;
    clock += 15_000;
  }
  return summaries;
}

/** Bursts write many alerts through the real store: generous time on a loaded machine. */
const BURST_TIMEOUT_MS = 180_000;

describe("robot rate limits", () => {
  it.each([
    ["wecom", 60, 20],
    ["dingtalk", 30, 20],
  ] as const)(
    "a burst of alerts to a %s robot (%i) never exceeds %i a minute, and all arrive",
    async (kind, burst, perMinute) => {
      clock = Date.parse("2026-03-02T02:00:00.000Z");
      const r = await robot(kind);
      const config = tenantConfig(`burst-${kind}`, [{ type: kind, id: `${kind}-team`, url: r.url }]);
      const ids = await record(
        config,
        Array.from({ length: burst }, (_, i) => listingFinding(i)),
        clock,
      );
      const summaries = await drainUntilDelivered(config, burst);
      expect(r.calls).toHaveLength(burst);
      // The robot never had to refuse one: the limit held on its own clock.
      expect(r.calls.every((c) => c.accepted)).toBe(true);
      expect(
        mostInAnySpan(
          r.calls.map((c) => c.at),
          60_000,
        ),
      ).toBeLessThanOrEqual(perMinute);
      // The first pass sent exactly a window's worth and held the rest, pending.
      expect(summaries[0]).toEqual({ delivered: perMinute, retrying: 0, failed: 0, held: burst - perMinute });
      // The rest waited for the window (passes 15 s apart), then went out.
      expect(summaries.map((s) => s.delivered).filter((n) => n > 0)).toEqual(
        Array.from({ length: Math.ceil(burst / perMinute) }, (_, i) =>
          Math.min(perMinute, burst - i * perMinute),
        ),
      );
      // Nothing lost, nothing twice: each alert reached the robot once.
      const named = r.calls.map((c) => ids.find((id) => c.raw.includes(id)));
      expect(new Set(named).size).toBe(burst);
      expect(await states(config.tenant, ids)).toEqual(Array(burst).fill("delivered"));
    },
    BURST_TIMEOUT_MS,
  );

  it(
    "a Feishu bot gets at most 5 a second; the short waits happen on the injected clock",
    async () => {
      clock = Date.parse("2026-03-02T03:00:00.000Z");
      const r = await robot("feishu");
      const config = tenantConfig("burst-feishu", [{ type: "feishu", id: "feishu-team", url: r.url }]);
      const ids = await record(
        config,
        Array.from({ length: 23 }, (_, i) => listingFinding(i)),
        clock,
      );
      const started = clock;
      // One pass: the 1-second window frees up within the drain's short wait.
      expect(await drain(config)).toEqual({ delivered: 23, retrying: 0, failed: 0, held: 0 });
      const times = r.calls.map((c) => c.at);
      expect(r.calls.every((c) => c.accepted)).toBe(true);
      expect(mostInAnySpan(times, 1_000)).toBeLessThanOrEqual(5);
      // 23 messages at 5 a second need four full seconds of (injected) waiting, no more.
      expect(clock - started).toBe(4_000);
      expect(await states(config.tenant, ids)).toEqual(Array(23).fill("delivered"));
    },
    BURST_TIMEOUT_MS,
  );

  it("the send window is in the store: a new process right after a full minute still waits", async () => {
    clock = Date.parse("2026-03-02T04:00:00.000Z");
    const r = await robot("wecom");
    const config = tenantConfig("window-kept", [{ type: "wecom", id: "wecom-kept", url: r.url }]);
    const first = await record(
      config,
      Array.from({ length: 20 }, (_, i) => listingFinding(i)),
      clock,
    );
    expect(await drain(config)).toMatchObject({ delivered: 20, held: 0 });
    clock += 30_000;
    const second = await record(
      config,
      Array.from({ length: 5 }, (_, i) => listingFinding(100 + i)),
      clock,
    );
    // Half a minute later the window is still full: the new alerts wait, pending.
    expect(await drain(config)).toEqual({ delivered: 0, retrying: 0, failed: 0, held: 5 });
    expect(await states(config.tenant, second)).toEqual(Array(5).fill("pending"));
    clock += 30_000;
    expect(await drain(config)).toMatchObject({ delivered: 5, held: 0 });
    expect(r.calls.every((c) => c.accepted)).toBe(true);
    expect(await states(config.tenant, [...first, ...second])).toEqual(Array(25).fill("delivered"));
  });
});

describe("one message per listing", () => {
  it("a listing with two findings is one message naming both", async () => {
    clock = Date.parse("2026-03-02T05:00:00.000Z");
    const r = await robot("wecom");
    const config = tenantConfig("two-findings", [{ type: "wecom", id: "wecom-two", url: r.url }]);
    const ids = await record(
      config,
      [
        listingFinding(7),
        listingFinding(7, { type: "unauthorized_seller", threshold: null, severity: "medium" }),
        listingFinding(8),
      ],
      clock,
    );
    expect(await drain(config)).toEqual({ delivered: 3, retrying: 0, failed: 0, held: 0 });
    expect(r.calls).toHaveLength(2);
    const both = r.calls.find((c) => c.raw.includes(ids[0]!));
    const content = wecomContent(both);
    expect(content).toContain(ids[1]!);
    expect(content).toContain("【Pricewarden】高 · 低于最低价、未授权销售 · GLU-50");
    expect(content).toContain("问题 1/2");
    expect(content).toContain("问题 2/2");
    expect(content).toContain("「第7号药房」不在授权经销商和官方店铺名单内");
    // Each finding links its own alert page.
    for (const id of ids.slice(0, 2))
      expect(content).toContain(`https://pricewarden.brand.example/alerts/${id}`);
    expect(r.calls.find((c) => c !== both)?.raw).toContain(ids[2]!);
  });
});

describe("quiet hours (tenant time zone)", () => {
  it("holds messages during quiet hours, persisted, and delivers them at the first pass after", async () => {
    // 23:30 in Beijing (15:30 UTC): inside 22:00–08:00.
    clock = Date.parse("2026-03-02T15:30:00.000Z");
    const r = await robot("wecom");
    const config = tenantConfig("quiet", [
      { type: "wecom", id: "wecom-quiet", url: r.url, quietHours: { from: "22:00", to: "08:00" } },
      { type: "dingtalk", id: "ding-awake", url: (await robot("dingtalk")).url },
    ]);
    const ids = await record(config, [listingFinding(1), listingFinding(2)], clock);
    expect(await drain(config)).toEqual({ delivered: 2, retrying: 0, failed: 0, held: 2 });
    expect(r.calls).toHaveLength(0);
    // 07:59 Beijing: still quiet; the held deliveries are on the alerts, untouched.
    clock = Date.parse("2026-03-02T23:59:00.000Z");
    expect(await drain(config)).toEqual({ delivered: 0, retrying: 0, failed: 0, held: 2 });
    const held = await new AlertRepository(doc, db.tableName).get(config.tenant, ids[0]!);
    expect(held?.deliveries["wecom-quiet"]).toMatchObject({ state: "pending", attempts: 0 });
    expect(r.calls).toHaveLength(0);
    // 08:00 Beijing: the first pass after the quiet hours sends them.
    clock = Date.parse("2026-03-03T00:00:00.000Z");
    expect(await drain(config)).toEqual({ delivered: 2, retrying: 0, failed: 0, held: 0 });
    expect(r.calls.map((c) => c.at)).toEqual([clock, clock]);
    expect(await states(config.tenant, ids)).toEqual(Array(4).fill("delivered"));
  });
});
