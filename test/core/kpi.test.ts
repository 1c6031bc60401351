import { describe, expect, it } from "vitest";
import type { Alert, AlertSeverity, AlertStatus, AlertType } from "../../functions/core/alert.js";
import { computeKpis, resolveDuration, startOfWeek } from "../../functions/core/kpi.js";

let n = 0;
function alert(over: {
  type?: AlertType;
  status?: AlertStatus;
  severity?: AlertSeverity;
  channel?: string;
  seller?: string | null;
  monitoringOnly?: boolean;
  firstSeen?: string;
  history?: Alert["history"];
}): Alert {
  n++;
  const firstSeen = over.firstSeen ?? "2026-11-20T00:00:00.000Z";
  return {
    id: `a${n}`,
    tenant: "t",
    type: over.type ?? "below_min_price",
    severity: over.severity ?? "high",
    sku: "GLU-50",
    listingId: `l${n}`,
    url: `https://shop.example/${n}`,
    channel: over.channel ?? "jd",
    seller: over.seller === undefined ? "益康健康馆" : over.seller,
    sellerId: null,
    distributorId: null,
    price: 13633,
    listedPrice: 42900,
    threshold: 15741,
    currency: "CNY",
    explanation: "x",
    inputs: {},
    monitoringOnly: over.monitoringOnly ?? false,
    status: over.status ?? "open",
    firstSeen,
    lastSeen: firstSeen,
    occurrences: 1,
    cleanRuns: 0,
    evidence: [],
    history: over.history ?? [{ at: firstSeen, status: "open", by: "pricewarden" }],
    deliveries: {},
    lastRunId: "r",
  };
}

// Thursday 2026-12-10 10:00 in Shanghai.
const NOW = new Date("2026-12-10T02:00:00.000Z");

describe("startOfWeek", () => {
  it("is Monday 00:00 on the tenant's wall clock", () => {
    expect(startOfWeek(NOW, "Asia/Shanghai").toISOString()).toBe("2026-12-06T16:00:00.000Z");
    expect(startOfWeek(NOW, "UTC").toISOString()).toBe("2026-12-07T00:00:00.000Z");
    // Sunday 23:30 in Shanghai is still the week that began six days earlier.
    expect(startOfWeek(new Date("2026-12-13T15:30:00.000Z"), "Asia/Shanghai").toISOString()).toBe(
      "2026-12-06T16:00:00.000Z",
    );
    // Monday 00:30 in Shanghai (Sunday in UTC) starts the new week there.
    expect(startOfWeek(new Date("2026-12-06T16:30:00.000Z"), "Asia/Shanghai").toISOString()).toBe(
      "2026-12-06T16:00:00.000Z",
    );
  });

  it("settles a week that began before a DST change", () => {
    // Berlin moved to summer time on Sunday 2026-03-29; its Monday began at 00:00 CET (UTC+1).
    expect(startOfWeek(new Date("2026-03-29T12:00:00.000Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-03-22T23:00:00.000Z",
    );
  });
});

describe("resolveDuration", () => {
  it("runs from the last opening before the resolution", () => {
    const a = alert({
      status: "resolved",
      history: [
        { at: "2026-12-01T00:00:00.000Z", status: "open", by: "pricewarden" },
        { at: "2026-12-02T00:00:00.000Z", status: "resolved", by: "li" },
        { at: "2026-12-05T00:00:00.000Z", status: "open", by: "pricewarden" },
        { at: "2026-12-05T06:00:00.000Z", status: "acknowledged", by: "li" },
        { at: "2026-12-05T12:00:00.000Z", status: "resolved", by: "li" },
      ],
    });
    expect(resolveDuration(a)?.ms).toBe(12 * 3600_000);
    expect(resolveDuration({ ...a, status: "open" })).toBeNull();
  });
});

describe("computeKpis", () => {
  const alerts = [
    alert({ channel: "jd", seller: "益康健康馆", firstSeen: "2026-12-08T01:00:00.000Z" }),
    alert({ channel: "jd", seller: "益康健康馆", type: "above_max_price", severity: "medium" }),
    alert({ channel: "tmall", seller: "益康健康馆", status: "acknowledged", type: "unauthorized_seller" }),
    alert({ channel: "tmall", seller: "某某大药房", type: "unauthorized_seller", severity: "medium" }),
    // Monitoring only (an authorized distributor's resale price): counted, never an offender.
    alert({ channel: "jd", seller: "康恒医疗器械专营店", monitoringOnly: true, severity: "low" }),
    // Operational: counted by type and channel, no seller.
    alert({
      channel: "pdd",
      seller: null,
      type: "coverage_drop",
      severity: "medium",
      firstSeen: "2026-12-09T00:00:00.000Z",
    }),
    // Done with: not active, but new this week, and resolved in 6 hours.
    alert({
      status: "resolved",
      firstSeen: "2026-12-07T00:00:00.000Z",
      history: [
        { at: "2026-12-07T00:00:00.000Z", status: "open", by: "pricewarden" },
        { at: "2026-12-07T06:00:00.000Z", status: "resolved", by: "li" },
      ],
    }),
    alert({
      status: "resolved",
      history: [
        { at: "2026-11-20T00:00:00.000Z", status: "open", by: "pricewarden" },
        { at: "2026-11-21T00:00:00.000Z", status: "resolved", by: "pricewarden" },
      ],
    }),
    alert({
      status: "resolved",
      history: [
        { at: "2026-11-22T00:00:00.000Z", status: "open", by: "pricewarden" },
        { at: "2026-11-24T00:00:00.000Z", status: "resolved", by: "li" },
      ],
    }),
    // Resolved too long ago to count in the 30-day window.
    alert({
      status: "resolved",
      history: [
        { at: "2026-09-01T00:00:00.000Z", status: "open", by: "pricewarden" },
        { at: "2026-10-01T00:00:00.000Z", status: "resolved", by: "li" },
      ],
    }),
    alert({ status: "dismissed", seller: "被忽略的店" }),
  ];
  const kpis = computeKpis({
    alerts,
    now: NOW,
    timeZone: "Asia/Shanghai",
    coverage: {
      jd: { targets: 10, priced: 9, gone: 0, coverage: 0.9, blind: false },
      pdd: { targets: 4, priced: 0, gone: 0, coverage: 0, blind: true },
      shop: { targets: 0, priced: 0, gone: 0, coverage: null, blind: false },
    },
  });

  it("counts active alerts by severity, type and channel", () => {
    expect(kpis.active).toBe(6);
    expect(kpis.activeBySeverity).toEqual({ high: 2, medium: 3, low: 1 });
    expect(kpis.activeByType).toEqual([
      { key: "below_min_price", count: 2 },
      { key: "unauthorized_seller", count: 2 },
      { key: "above_max_price", count: 1 },
      { key: "coverage_drop", count: 1 },
    ]);
    expect(kpis.activeByChannel).toEqual([
      { key: "jd", count: 3 },
      { key: "tmall", count: 2 },
      { key: "pdd", count: 1 },
    ]);
  });

  it("counts alerts first seen since Monday in the tenant's zone", () => {
    expect(kpis.weekStart).toBe("2026-12-06T16:00:00.000Z");
    expect(kpis.newThisWeek).toBe(3);
  });

  it("gives median and mean time to resolve over the last 30 days", () => {
    expect(kpis.resolve.count).toBe(3);
    expect(kpis.resolve.medianMs).toBe(24 * 3600_000);
    expect(kpis.resolve.meanMs).toBe(((6 + 24 + 48) / 3) * 3600_000);
  });

  it("lists coverage per channel, the blind first", () => {
    expect(kpis.coverage.map((c) => [c.channel, c.coverage, c.blind])).toEqual([
      ["pdd", 0, true],
      ["jd", 0.9, false],
      ["shop", null, false],
    ]);
  });

  it("ranks offending sellers by active findings, without monitoring-only or operational ones", () => {
    expect(kpis.topSellers).toEqual([
      { seller: "益康健康馆", channels: ["jd", "tmall"], activeAlerts: 3, worstSeverity: "high" },
      { seller: "某某大药房", channels: ["tmall"], activeAlerts: 1, worstSeverity: "medium" },
    ]);
  });

  it("is empty before anything was seen", () => {
    const empty = computeKpis({ alerts: [], coverage: null, now: NOW, timeZone: "Asia/Shanghai" });
    expect(empty).toMatchObject({ active: 0, newThisWeek: 0, coverage: [], topSellers: [] });
    expect(empty.resolve).toMatchObject({ count: 0, medianMs: null, meanMs: null });
  });
});
