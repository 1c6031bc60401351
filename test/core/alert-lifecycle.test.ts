import { describe, expect, it } from "vitest";
import type { Finding } from "../../functions/core/alert.js";
import { deliveryIdOf } from "../../functions/core/alert-identity.js";
import {
  type FindingContext,
  type LifecycleAlert,
  onCleanCheck,
  onFinding,
  onStatusChange,
  openAlert,
} from "../../functions/core/alert-lifecycle.js";

function finding(price: number | null, overrides: Partial<Finding> = {}): Finding {
  return {
    type: "below_min_price",
    severity: "high",
    sku: "GLU-50",
    listingId: "L1",
    url: "https://item.jd.com/1.html",
    channel: "jd",
    seller: "某某大药房",
    sellerId: "s-9",
    distributorId: null,
    price,
    listedPrice: price,
    threshold: 10000,
    currency: "CNY",
    explanation: "Below minimum price: …",
    inputs: { basis: "effective" },
    monitoringOnly: false,
    ...overrides,
  };
}

const day = (n: number) => `2026-12-0${n}T00:00:00.000Z`;
const ctx = (run: number, targets: readonly string[] = ["hook", "wecom"]): FindingContext => ({
  tenant: "anke",
  alertId: "A1",
  runId: `r${run}`,
  now: day(run),
  targets,
});

/** An alert opened by run 1 at the given price. */
function opened(price = 9000): LifecycleAlert {
  return openAlert(finding(price), ctx(1));
}

describe("openAlert", () => {
  it("opens an alert carrying the finding, counted once, with a delivery queued per target", () => {
    const alert = openAlert(finding(9000), ctx(1));
    expect(alert).toEqual({
      ...finding(9000),
      id: "A1",
      tenant: "anke",
      status: "open",
      firstSeen: day(1),
      lastSeen: day(1),
      occurrences: 1,
      cleanRuns: 0,
      evidence: [],
      history: [{ at: day(1), status: "open", by: "pricewarden" }],
      deliveries: {
        hook: {
          state: "pending",
          deliveryId: deliveryIdOf("A1", "hook", 1),
          event: "opened",
          attempts: 0,
          nextAttemptAt: day(1),
        },
        wecom: {
          state: "pending",
          deliveryId: deliveryIdOf("A1", "wecom", 1),
          event: "opened",
          attempts: 0,
          nextAttemptAt: day(1),
        },
      },
      lastRunId: "r1",
      dismissedPrice: null,
    });
  });

  it("queues nothing when no target wants the finding", () => {
    expect(openAlert(finding(9000), ctx(1, [])).deliveries).toEqual({});
  });
});

describe("onFinding", () => {
  it("changes nothing when the same run reports the condition again", () => {
    const alert = opened();
    const again = onFinding(alert, finding(8000), ctx(1));
    expect(again.kind).toBe("unchanged");
    expect(again.alert).toBe(alert);
  });

  it("updates an open alert: latest finding, lastSeen, one more occurrence, clean count reset", () => {
    const counted = onCleanCheck(opened(), { runId: "r2", now: day(2), resolveAfter: 3 }).alert;
    expect(counted.cleanRuns).toBe(1);
    const next = onFinding(counted, finding(8500, { explanation: "now lower" }), ctx(3));
    expect(next.kind).toBe("updated");
    expect(next.alert).toMatchObject({
      status: "open",
      price: 8500,
      explanation: "now lower",
      firstSeen: day(1),
      lastSeen: day(3),
      occurrences: 2,
      cleanRuns: 0,
      lastRunId: "r3",
    });
    // No new history entry and no new notification for a condition that simply persists.
    expect(next.alert.history).toEqual(counted.history);
    expect(next.alert.deliveries).toEqual(counted.deliveries);
  });

  it("keeps an acknowledged alert acknowledged while the condition persists", () => {
    const acked = onStatusChange(opened(), { status: "acknowledged", by: "li", now: day(1) });
    const next = onFinding(acked, finding(7000), ctx(2));
    expect(next.kind).toBe("updated");
    expect(next.alert.status).toBe("acknowledged");
  });

  it("reopens a resolved alert with a history entry and a 'reopened' delivery per target", () => {
    let alert = opened();
    alert = onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 1 }).alert;
    expect(alert.status).toBe("resolved");
    const next = onFinding(alert, finding(9000), ctx(3, ["hook"]));
    expect(next.kind).toBe("reopened");
    expect(next.alert.status).toBe("open");
    expect(next.alert.occurrences).toBe(2);
    expect(next.alert.history.slice(-1)).toEqual([
      { at: day(3), status: "open", by: "pricewarden", note: "condition returned" },
    ]);
    expect(next.alert.history).toHaveLength(3);
    expect(next.alert.deliveries.hook).toEqual({
      state: "pending",
      deliveryId: deliveryIdOf("A1", "hook", 2),
      event: "reopened",
      attempts: 0,
      nextAttemptAt: day(3),
    });
    // A target that does not want the reopening keeps its earlier delivery untouched.
    expect(next.alert.deliveries.wecom).toEqual(alert.deliveries.wecom);
  });

  it("keeps a dismissed alert dismissed while the price is the one dismissed", () => {
    const dismissed = onStatusChange(opened(9000), { status: "dismissed", by: "li", now: day(1) });
    expect(dismissed.dismissedPrice).toBe(9000);
    const next = onFinding(dismissed, finding(9000), ctx(2));
    expect(next.kind).toBe("updated");
    expect(next.alert.status).toBe("dismissed");
    expect(next.alert.dismissedPrice).toBe(9000);
    expect(next.alert.history).toEqual(dismissed.history);
    expect(next.alert.deliveries).toEqual(dismissed.deliveries);
  });

  it("reopens a dismissed alert when the price changes, and forgets the dismissed price", () => {
    const dismissed = onStatusChange(opened(9000), { status: "dismissed", by: "li", now: day(1) });
    const next = onFinding(dismissed, finding(8999), ctx(2));
    expect(next.kind).toBe("reopened");
    expect(next.alert.status).toBe("open");
    expect(next.alert.dismissedPrice).toBeNull();
    expect(next.alert.price).toBe(8999);
    expect(next.alert.history.slice(-1)).toEqual([
      { at: day(2), status: "open", by: "pricewarden", note: "price changed since the alert was dismissed" },
    ]);
    expect(next.alert.deliveries.hook?.event).toBe("reopened");
  });

  it("treats a dismissal without a recorded price as dismissed at no price", () => {
    const legacy: LifecycleAlert = { ...opened(), status: "dismissed" };
    delete legacy.dismissedPrice;
    expect(onFinding(legacy, finding(null), ctx(2)).kind).toBe("updated");
    expect(onFinding(legacy, finding(9000), ctx(2)).kind).toBe("reopened");
  });
});

describe("onCleanCheck", () => {
  it("resolves exactly after N consecutive clean checks, not after N-1", () => {
    let alert = opened();
    const first = onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 2 });
    expect(first.kind).toBe("counted");
    expect(first.alert).toMatchObject({ status: "open", cleanRuns: 1, lastRunId: "r2" });
    expect(first.alert.history).toEqual(alert.history);
    alert = first.alert;
    const second = onCleanCheck(alert, { runId: "r3", now: day(3), resolveAfter: 2 });
    expect(second.kind).toBe("resolved");
    expect(second.alert).toMatchObject({ status: "resolved", cleanRuns: 2, lastRunId: "r3" });
    expect(second.alert.history).toEqual([
      ...alert.history,
      {
        at: day(3),
        status: "resolved",
        by: "pricewarden",
        note: "condition cleared on 2 consecutive checks",
      },
    ]);
  });

  it("resolves on the first clean check when N is 1, with the caller's note", () => {
    const next = onCleanCheck(opened(), { runId: "r2", now: day(2), resolveAfter: 1, note: "page priced" });
    expect(next.kind).toBe("resolved");
    expect(next.alert.history.at(-1)).toEqual({
      at: day(2),
      status: "resolved",
      by: "pricewarden",
      note: "page priced",
    });
  });

  it("starts counting again after the condition returns", () => {
    let alert = opened();
    alert = onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 2 }).alert;
    alert = onFinding(alert, finding(9000), ctx(3)).alert;
    const next = onCleanCheck(alert, { runId: "r4", now: day(4), resolveAfter: 2 });
    expect(next.kind).toBe("counted");
    expect(next.alert.cleanRuns).toBe(1);
  });

  it("counts a run once, however often it reports the listing clean", () => {
    const alert = onCleanCheck(opened(), { runId: "r2", now: day(2), resolveAfter: 2 }).alert;
    const retry = onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 2 });
    expect(retry.kind).toBe("unchanged");
    expect(retry.alert).toBe(alert);
  });

  it("counts a clean check on the run that opened the alert as nothing", () => {
    const alert = opened();
    expect(onCleanCheck(alert, { runId: "r1", now: day(1), resolveAfter: 1 }).kind).toBe("unchanged");
  });

  it("auto-resolves an acknowledged alert", () => {
    const acked = onStatusChange(opened(), { status: "acknowledged", by: "li", now: day(1) });
    const next = onCleanCheck(acked, { runId: "r2", now: day(2), resolveAfter: 1 });
    expect(next.kind).toBe("resolved");
    expect(next.alert.status).toBe("resolved");
  });

  it("keeps an acknowledged alert acknowledged while counting", () => {
    const acked = onStatusChange(opened(), { status: "acknowledged", by: "li", now: day(1) });
    const next = onCleanCheck(acked, { runId: "r2", now: day(2), resolveAfter: 2 });
    expect(next.kind).toBe("counted");
    expect(next.alert.status).toBe("acknowledged");
  });

  it("leaves dismissed and resolved alerts alone", () => {
    for (const status of ["dismissed", "resolved"] as const) {
      const alert = onStatusChange(opened(), { status, by: "li", now: day(1) });
      const next = onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 1 });
      expect(next.kind).toBe("unchanged");
      expect(next.alert).toBe(alert);
    }
  });
});

describe("onStatusChange", () => {
  it("records who changed the status, when, and why", () => {
    const next = onStatusChange(opened(), {
      status: "acknowledged",
      by: "li",
      note: "calling them",
      now: day(2),
    });
    expect(next.status).toBe("acknowledged");
    expect(next.history).toEqual([
      { at: day(1), status: "open", by: "pricewarden" },
      { at: day(2), status: "acknowledged", by: "li", note: "calling them" },
    ]);
  });

  it("writes no note key when none is given", () => {
    const next = onStatusChange(opened(), { status: "resolved", by: "li", note: "", now: day(2) });
    expect(next.history.at(-1)).toEqual({ at: day(2), status: "resolved", by: "li" });
    expect(Object.keys(next.history.at(-1)!)).not.toContain("note");
  });

  it("remembers the price dismissed, and keeps it through a later change", () => {
    const dismissed = onStatusChange(opened(9000), { status: "dismissed", by: "li", now: day(2) });
    expect(dismissed.dismissedPrice).toBe(9000);
    const resolved = onStatusChange(dismissed, { status: "resolved", by: "wang", now: day(3) });
    expect(resolved.dismissedPrice).toBe(9000);
  });

  it("records no dismissed price for other changes", () => {
    const legacy: LifecycleAlert = { ...opened(9000) };
    delete legacy.dismissedPrice;
    expect(
      onStatusChange(legacy, { status: "acknowledged", by: "li", now: day(2) }).dismissedPrice,
    ).toBeNull();
  });

  it("appends one history row per change, a repeated change included", () => {
    let alert = opened();
    alert = onStatusChange(alert, { status: "acknowledged", by: "li", now: day(2) });
    alert = onStatusChange(alert, { status: "acknowledged", by: "li", now: day(3) });
    expect(alert.history.map((h) => [h.status, h.at])).toEqual([
      ["open", day(1)],
      ["acknowledged", day(2)],
      ["acknowledged", day(3)],
    ]);
  });

  it("never mutates the alert it was given", () => {
    const alert = opened();
    const snapshot = structuredClone(alert);
    onStatusChange(alert, { status: "dismissed", by: "li", now: day(2) });
    onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 1 });
    onFinding(alert, finding(1), ctx(2));
    expect(alert).toEqual(snapshot);
  });
});
