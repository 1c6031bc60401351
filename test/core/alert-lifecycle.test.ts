import { describe, expect, it } from "vitest";
import {
  type AlertStatus,
  type AlertVerb,
  AlertVerbSchema,
  type Finding,
} from "../../functions/core/alert.js";
import { deliveryIdOf } from "../../functions/core/alert-identity.js";
import {
  applyAction,
  effectiveStatus,
  type FindingContext,
  type LifecycleAlert,
  onCleanCheck,
  onFinding,
  openAlert,
  validVerbs,
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
    const acked = act(opened(), "acknowledge", day(1));
    const next = onFinding(acked, finding(7000), ctx(2));
    expect(next.kind).toBe("updated");
    expect(next.alert.status).toBe("acknowledged");
  });

  it("reopens an auto-resolved alert with a reason, the price, and a 'reopened' delivery per target", () => {
    let alert = opened();
    alert = onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 1 }).alert;
    expect(alert.status).toBe("resolved");
    const next = onFinding(alert, finding(9000), ctx(3, ["hook"]));
    expect(next.kind).toBe("reopened");
    expect(next.alert.status).toBe("open");
    expect(next.alert.occurrences).toBe(2);
    expect(next.alert.history.slice(-1)).toEqual([
      { at: day(3), status: "open", by: "pricewarden", reason: "seen_again", price: 9000 },
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

  it("reopens a resolved alert only on a violation observed after it was resolved", () => {
    const resolved = act(opened(), "resolve", at(2, 12));
    // A run that observed the page before the decision (it started at day 2, 00:00) changes nothing.
    const earlier = onFinding(resolved, finding(9000), { ...ctx(2), now: at(2, 6) });
    expect(earlier.kind).toBe("updated");
    expect(earlier.alert.status).toBe("resolved");
    expect(earlier.alert.history).toEqual(resolved.history);
    // Seen again after the resolution: reopened, saying why.
    const later = onFinding(earlier.alert, finding(9000), ctx(3));
    expect(later.kind).toBe("reopened");
    expect(later.alert.history.at(-1)).toMatchObject({ reason: "seen_again", at: day(3) });
  });

  it("keeps a dismissed alert dismissed while the price is the one dismissed", () => {
    const dismissed = act(opened(9000), "dismiss", day(1));
    expect(dismissed.dismissedPrice).toBe(9000);
    for (const run of [2, 3, 4]) {
      const next = onFinding(dismissed, finding(9000), ctx(run));
      expect(next.kind).toBe("updated");
      expect(next.alert.status).toBe("dismissed");
      expect(next.alert.dismissedPrice).toBe(9000);
      expect(next.alert.history).toEqual(dismissed.history);
      expect(next.alert.deliveries).toEqual(dismissed.deliveries);
    }
  });

  it("reopens a dismissed alert when the price changes, and forgets the dismissed price", () => {
    const dismissed = act(opened(9000), "dismiss", day(1));
    const next = onFinding(dismissed, finding(8999), ctx(2));
    expect(next.kind).toBe("reopened");
    expect(next.alert.status).toBe("open");
    expect(next.alert.dismissedPrice).toBeNull();
    expect(next.alert.price).toBe(8999);
    expect(next.alert.history.slice(-1)).toEqual([
      { at: day(2), status: "open", by: "pricewarden", reason: "price_changed", price: 8999 },
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

describe("snooze", () => {
  const snoozed = (price = 9000) => act(opened(price), "snooze", day(1), { until: day(5) });

  it("hides the alert until the date, then it is open again by itself", () => {
    const alert = snoozed();
    expect(alert.status).toBe("snoozed");
    expect(alert.snoozedUntil).toBe(day(5));
    expect(effectiveStatus(alert, day(4))).toBe("snoozed");
    expect(effectiveStatus(alert, day(5))).toBe("open");
    expect(validVerbs(alert, day(4))).toEqual(["reopen", "resolve", "dismiss", "snooze"]);
    expect(validVerbs(alert, day(6))).toEqual(["acknowledge", "resolve", "dismiss", "snooze"]);
  });

  it("stays snoozed while the price holds or improves; the next check after the date writes it open", () => {
    const alert = snoozed(9000);
    for (const price of [9000, 9500]) {
      const next = onFinding(alert, finding(price), ctx(3));
      expect(next.kind).toBe("updated");
      expect(next.alert.status).toBe("snoozed");
    }
    const after = onFinding(alert, finding(9000), ctx(6));
    expect(after.kind).toBe("updated");
    expect(after.alert.status).toBe("open");
    expect(after.alert.snoozedUntil).toBeNull();
    expect(after.alert.history.at(-1)).toEqual({
      at: day(5),
      status: "open",
      by: "pricewarden",
      reason: "snooze_ended",
    });
    // Its return is quiet: the person asked to be reminded in the list, not notified again.
    expect(after.alert.deliveries).toEqual(alert.deliveries);
  });

  it("ends early, with a notification, when the price gets worse", () => {
    const next = onFinding(snoozed(9000), finding(8000), ctx(3));
    expect(next.kind).toBe("reopened");
    expect(next.alert.status).toBe("open");
    expect(next.alert.history.at(-1)).toMatchObject({ reason: "price_worse", price: 8000 });
    expect(next.alert.deliveries.hook?.event).toBe("reopened");
  });

  it("reads worse as higher for a ceiling rule, and a rise in severity as worse", () => {
    const ceiling = openAlert(finding(30000, { type: "above_max_price", severity: "medium" }), ctx(1));
    const asleep = act(ceiling, "snooze", day(1), { until: day(5) });
    const higher = finding(31000, { type: "above_max_price", severity: "medium" });
    const lower = finding(29000, { type: "above_max_price", severity: "medium" });
    expect(onFinding(asleep, higher, ctx(2)).kind).toBe("reopened");
    expect(onFinding(asleep, lower, ctx(2)).kind).toBe("updated");
    const severer = finding(29000, { type: "above_max_price", severity: "high" });
    expect(onFinding(asleep, severer, ctx(2)).kind).toBe("reopened");
  });

  it("needs a time after now, and snoozing again to the same time is a no-op", () => {
    expect(applyAction(opened(), { verb: "snooze", by: "li", now: day(2) })).toMatchObject({
      kind: "invalid",
      problem: "until_required",
    });
    expect(applyAction(opened(), { verb: "snooze", by: "li", now: day(2), until: day(2) })).toMatchObject({
      kind: "invalid",
      problem: "until_not_after_now",
    });
    const alert = snoozed();
    expect(applyAction(alert, { verb: "snooze", by: "li", now: day(2), until: day(5) }).kind).toBe(
      "unchanged",
    );
    const moved = applyAction(alert, { verb: "snooze", by: "li", now: day(2), until: day(8) });
    expect(moved.kind).toBe("changed");
    expect(moved.alert.snoozedUntil).toBe(day(8));
  });

  it("auto-resolves a snoozed alert whose condition cleared", () => {
    const next = onCleanCheck(snoozed(), { runId: "r2", now: day(2), resolveAfter: 1 });
    expect(next.kind).toBe("resolved");
    expect(next.alert.snoozedUntil).toBeNull();
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
      { at: day(3), status: "resolved", by: "pricewarden", reason: "cleared" },
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

  it("auto-resolves an acknowledged alert, and keeps it acknowledged while counting", () => {
    const acked = act(opened(), "acknowledge", day(1));
    expect(onCleanCheck(acked, { runId: "r2", now: day(2), resolveAfter: 1 }).alert.status).toBe("resolved");
    const counting = onCleanCheck(acked, { runId: "r2", now: day(2), resolveAfter: 2 });
    expect(counting.kind).toBe("counted");
    expect(counting.alert.status).toBe("acknowledged");
  });

  it("leaves dismissed and resolved alerts alone", () => {
    for (const verb of ["dismiss", "resolve"] as const) {
      const alert = act(opened(), verb, day(1));
      const next = onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 1 });
      expect(next.kind).toBe("unchanged");
      expect(next.alert).toBe(alert);
    }
  });
});

/** An alert brought to each status by a person (snoozed until day 9). */
function inStatus(status: AlertStatus): LifecycleAlert {
  const alert = opened();
  if (status === "open") return alert;
  if (status === "snoozed") return act(alert, "snooze", day(1), { until: day(9) });
  const verb = ({ acknowledged: "acknowledge", resolved: "resolve", dismissed: "dismiss" } as const)[status];
  return act(alert, verb, day(1));
}

describe("people's verbs", () => {
  const EXPECTED: Record<AlertStatus, Partial<Record<AlertVerb, AlertStatus | "no-op" | "invalid">>> = {
    open: {
      acknowledge: "acknowledged",
      resolve: "resolved",
      dismiss: "dismissed",
      reopen: "no-op",
      snooze: "snoozed",
    },
    acknowledged: {
      acknowledge: "no-op",
      resolve: "resolved",
      dismiss: "dismissed",
      reopen: "invalid",
      snooze: "snoozed",
    },
    snoozed: {
      acknowledge: "invalid",
      resolve: "resolved",
      dismiss: "dismissed",
      reopen: "open",
      snooze: "snoozed",
    },
    resolved: {
      acknowledge: "invalid",
      resolve: "no-op",
      dismiss: "dismissed",
      reopen: "open",
      snooze: "invalid",
    },
    dismissed: {
      acknowledge: "invalid",
      resolve: "invalid",
      dismiss: "no-op",
      reopen: "open",
      snooze: "invalid",
    },
  };

  for (const [status, outcomes] of Object.entries(EXPECTED) as Array<[AlertStatus, typeof EXPECTED.open]>) {
    for (const verb of AlertVerbSchema.options) {
      const expected = outcomes[verb];
      it(`${verb} on a ${status} alert → ${expected}`, () => {
        const alert = inStatus(status);
        const outcome = applyAction(alert, { verb, by: "wang", now: day(2), until: day(7), note: "why" });
        if (expected === "invalid") {
          expect(outcome).toMatchObject({ kind: "invalid", problem: "not_valid_now" });
          expect(outcome.alert).toBe(alert);
          expect(validVerbs(alert, day(2))).not.toContain(verb);
        } else if (expected === "no-op") {
          expect(outcome.kind).toBe("unchanged");
          expect(outcome.alert).toBe(alert);
        } else {
          expect(outcome.kind).toBe("changed");
          expect(outcome.alert.status).toBe(expected);
          expect(outcome.alert.history.at(-1)).toMatchObject({ at: day(2), by: "wang", verb, note: "why" });
          expect(outcome.alert.history).toHaveLength(alert.history.length + 1);
          expect(validVerbs(alert, day(2))).toContain(verb);
        }
      });
    }
  }

  it("offers exactly the verbs that change something", () => {
    for (const status of Object.keys(EXPECTED) as AlertStatus[]) {
      const alert = inStatus(status);
      const changing = AlertVerbSchema.options.filter(
        (verb) => applyAction(alert, { verb, by: "w", now: day(2), until: day(8) }).kind === "changed",
      );
      expect(validVerbs(alert, day(2))).toEqual(expect.arrayContaining(changing));
      expect(changing).toEqual(expect.arrayContaining(validVerbs(alert, day(2))));
    }
  });

  it("writes one history row however often the same action is repeated", () => {
    let alert = opened();
    for (const n of [2, 3, 4])
      alert = applyAction(alert, { verb: "acknowledge", by: "li", now: day(n) }).alert;
    expect(alert.status).toBe("acknowledged");
    expect(alert.history.map((h) => [h.status, h.at])).toEqual([
      ["open", day(1)],
      ["acknowledged", day(2)],
    ]);
  });

  it("writes no note key when none is given", () => {
    const next = act(opened(), "resolve", day(2), { note: "" });
    expect(next.history.at(-1)).toEqual({ at: day(2), status: "resolved", by: "li", verb: "resolve" });
  });

  it("remembers the price dismissed; reopening forgets it", () => {
    const dismissed = act(opened(9000), "dismiss", day(2));
    expect(dismissed.dismissedPrice).toBe(9000);
    const reopened = act(dismissed, "reopen", day(3));
    expect(reopened.status).toBe("open");
    expect(reopened.dismissedPrice).toBeNull();
    // Dismissed again at the same price: stays closed at that price.
    const again = act(reopened, "dismiss", day(4));
    expect(onFinding(again, finding(9000), ctx(5)).alert.status).toBe("dismissed");
  });

  it("a resolved alert turned out fine can still be dismissed, and then stays closed at that price", () => {
    const dismissed = act(act(opened(9000), "resolve", day(2)), "dismiss", day(3));
    expect(dismissed.status).toBe("dismissed");
    expect(onFinding(dismissed, finding(9000), ctx(4)).kind).toBe("updated");
  });

  it("never mutates the alert it was given", () => {
    const alert = opened();
    const snapshot = structuredClone(alert);
    applyAction(alert, { verb: "dismiss", by: "li", now: day(2) });
    applyAction(alert, { verb: "snooze", by: "li", now: day(2), until: day(4) });
    onCleanCheck(alert, { runId: "r2", now: day(2), resolveAfter: 1 });
    onFinding(alert, finding(1), ctx(2));
    expect(alert).toEqual(snapshot);
  });
});

/** Applies a verb that must change the alert. */
function act<A extends LifecycleAlert>(
  alert: A,
  verb: AlertVerb,
  now: string,
  extra: { until?: string; note?: string } = {},
): A {
  const outcome = applyAction(alert, { verb, by: "li", now, ...extra });
  if (outcome.kind !== "changed") throw new Error(`${verb} did not apply: ${outcome.kind}`);
  return outcome.alert;
}

function at(dayOfMonth: number, hour: number): string {
  return `2026-12-0${dayOfMonth}T${String(hour).padStart(2, "0")}:00:00.000Z`;
}
