import {
  type Alert,
  type AlertStatus,
  type AlertVerb,
  type DeliveryState,
  type Finding,
  type LifecycleReason,
  SEVERITY_RANK,
} from "./alert.js";
import { deliveryIdOf } from "./alert-identity.js";

/**
 * The alert lifecycle as pure transitions. Findings open, update and reopen alerts; clean checks
 * resolve them; people act with verbs. The store only reads, calls these and writes the result
 * with its version check.
 *
 * What each verb means, and what brings an alert back:
 * - acknowledge: seen, someone is working on it. It stays in the open list.
 * - resolve: fixed. The alert reopens only when the violation is observed again after it was
 *   resolved (an observation made before the decision does not count); the history entry says
 *   when, why, and at which price.
 * - dismiss: not a problem. It stays closed for this listing at this price; the same listing at
 *   another price reopens it.
 * - reopen: a person puts a resolved, dismissed or snoozed alert back to open.
 * - snooze until a time: out of the open list until then. It comes back by itself when the time
 *   passes (lists show it as open at once; the next check or action writes that down), and earlier,
 *   with a notification, when the listing's price gets worse or the finding more severe.
 * Repeating the verb that led to the current state (acknowledging twice, a double-submitted form)
 * changes nothing and writes no second history row.
 */

/** An alert as the lifecycle sees it: plus the price it was dismissed at, if it was. */
export type LifecycleAlert = Alert & {
  /** The price that was dismissed; the same listing at another price reopens the alert. */
  dismissedPrice?: number | null | undefined;
};

export interface FindingContext {
  tenant: string;
  alertId: string;
  runId: string;
  now: string;
  /** Ids of the notify targets that want this finding. */
  targets: readonly string[];
}

export interface CleanCheck {
  runId: string;
  now: string;
  /** Consecutive clean checks after which an open or acknowledged alert resolves itself. */
  resolveAfter: number;
  /** Why, for the history entry; without one the entry's reason is `cleared`. */
  note?: string | undefined;
}

/** A person's action on an alert. */
export interface PersonAction {
  verb: AlertVerb;
  by: string;
  note?: string | undefined;
  now: string;
  /** Snooze only: the instant the alert comes back (ISO). */
  until?: string | undefined;
}

/** Why an action cannot be applied now. */
export type ActionProblem = "not_valid_now" | "until_required" | "until_not_after_now";

export type ActionOutcome<A extends LifecycleAlert> =
  | { kind: "changed"; alert: A }
  | { kind: "unchanged"; alert: A }
  | { kind: "invalid"; alert: A; problem: ActionProblem };

/** Who the lifecycle's own history entries are by. */
export const SYSTEM_ACTOR = "pricewarden";

/** The status each verb leads to. */
export const VERB_RESULT: Record<AlertVerb, AlertStatus> = {
  acknowledge: "acknowledged",
  resolve: "resolved",
  dismiss: "dismissed",
  reopen: "open",
  snooze: "snoozed",
};

/** The verbs a person may use in each (effective) status, in the order they are offered. */
const VERBS_FROM: Record<AlertStatus, readonly AlertVerb[]> = {
  open: ["acknowledge", "resolve", "dismiss", "snooze"],
  acknowledged: ["resolve", "dismiss", "snooze"],
  // Snoozing again moves the date.
  snoozed: ["reopen", "resolve", "dismiss", "snooze"],
  // Resolved was "fixed"; it may still turn out to be "not a problem".
  resolved: ["reopen", "dismiss"],
  dismissed: ["reopen"],
};

/** The status an alert has at `now`: a snooze whose time has passed is open again. */
export function effectiveStatus(alert: Pick<Alert, "status" | "snoozedUntil">, now: string): AlertStatus {
  if (alert.status !== "snoozed") return alert.status;
  return snoozeOver(alert, now) ? "open" : "snoozed";
}

/** The verbs that may be offered for this alert now; every surface offers exactly these. */
export function validVerbs(alert: Pick<Alert, "status" | "snoozedUntil">, now: string): AlertVerb[] {
  return [...VERBS_FROM[effectiveStatus(alert, now)]];
}

/** The verb that leads to a status (the CLI's and the old API's `status`); null for `open`. */
export function verbForStatus(status: AlertStatus): AlertVerb | null {
  const found = (Object.entries(VERB_RESULT) as Array<[AlertVerb, AlertStatus]>).find(
    ([verb, result]) => result === status && verb !== "reopen",
  );
  return found ? found[0] : null;
}

/** A finding with no alert yet: an open alert, its deliveries queued. */
export function openAlert(finding: Finding, ctx: FindingContext): LifecycleAlert & { dismissedPrice: null } {
  return {
    ...finding,
    id: ctx.alertId,
    tenant: ctx.tenant,
    status: "open",
    firstSeen: ctx.now,
    lastSeen: ctx.now,
    occurrences: 1,
    cleanRuns: 0,
    evidence: [],
    history: [{ at: ctx.now, status: "open", by: SYSTEM_ACTOR }],
    deliveries: queueDeliveries({}, ctx, "opened", 1),
    lastRunId: ctx.runId,
    dismissedPrice: null,
  };
}

export type FindingTransition<A extends LifecycleAlert> = {
  kind: "updated" | "reopened" | "unchanged";
  alert: A;
};

/**
 * The same condition seen again. A run counts once (a retried run changes nothing). A resolved
 * alert reopens when this observation comes after the resolution; a dismissed one reopens at
 * another price; a snoozed one comes back when its time has passed (quietly: it returns to the
 * open list) or, with a notification, when the price got worse.
 */
export function onFinding<A extends LifecycleAlert>(
  existing: A,
  finding: Finding,
  ctx: FindingContext,
): FindingTransition<A> {
  if (existing.lastRunId === ctx.runId) return { kind: "unchanged", alert: existing };
  const woken = wakeIfDue(existing, ctx.now);
  const occurrences = existing.occurrences + 1;
  const seen: A = {
    ...woken,
    ...finding,
    lastSeen: ctx.now,
    occurrences,
    cleanRuns: 0,
    lastRunId: ctx.runId,
  };
  const reason = reopenReason(woken, finding, ctx.now);
  if (!reason) return { kind: "updated", alert: seen };
  return {
    kind: "reopened",
    alert: {
      ...seen,
      status: "open",
      history: [
        ...woken.history,
        { at: ctx.now, status: "open", by: SYSTEM_ACTOR, reason, price: finding.price },
      ],
      deliveries: queueDeliveries(existing.deliveries, ctx, "reopened", occurrences),
      dismissedPrice: null,
      snoozedUntil: null,
      snoozedPrice: null,
    },
  };
}

function reopenReason(alert: LifecycleAlert, finding: Finding, now: string): LifecycleReason | null {
  if (alert.status === "resolved") {
    const resolvedAt = lastEntry(alert, "resolved")?.at ?? alert.lastSeen;
    return now > resolvedAt ? "seen_again" : null;
  }
  if (alert.status === "dismissed")
    return (alert.dismissedPrice ?? null) !== finding.price ? "price_changed" : null;
  if (alert.status === "snoozed") return gotWorse(alert, finding) ? "price_worse" : null;
  return null;
}

/**
 * Worse for the brand: a lower price (a higher one for a ceiling rule), or a more severe finding.
 * Unknown prices never count as worse.
 */
export function gotWorse(alert: LifecycleAlert, finding: Finding): boolean {
  if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[alert.severity]) return true;
  const before = alert.snoozedPrice ?? alert.price;
  const after = finding.price;
  if (before === null || before === undefined || after === null) return false;
  return finding.type === "above_max_price" ? after > before : after < before;
}

export type CleanTransition<A extends LifecycleAlert> = {
  kind: "unchanged" | "counted" | "resolved";
  alert: A;
};

/**
 * The condition no longer holds: one more clean check, and after `resolveAfter` consecutive ones
 * an open, acknowledged or snoozed alert resolves. Dismissed and resolved alerts are left alone,
 * and a retried run counts once.
 */
export function onCleanCheck<A extends LifecycleAlert>(existing: A, check: CleanCheck): CleanTransition<A> {
  if (existing.lastRunId === check.runId) return { kind: "unchanged", alert: existing };
  if (existing.status === "resolved" || existing.status === "dismissed") {
    return { kind: "unchanged", alert: existing };
  }
  const woken = wakeIfDue(existing, check.now);
  const cleanRuns = existing.cleanRuns + 1;
  const counted: A = { ...woken, cleanRuns, lastRunId: check.runId };
  if (cleanRuns < check.resolveAfter) return { kind: "counted", alert: counted };
  const entry: Alert["history"][number] = check.note
    ? { at: check.now, status: "resolved", by: SYSTEM_ACTOR, note: check.note }
    : { at: check.now, status: "resolved", by: SYSTEM_ACTOR, reason: "cleared" };
  return {
    kind: "resolved",
    alert: {
      ...counted,
      status: "resolved",
      history: [...woken.history, entry],
      snoozedUntil: null,
      snoozedPrice: null,
    },
  };
}

/**
 * A person's action. Only the verbs `validVerbs` offers apply; repeating the verb that led to the
 * current state is a no-op (no second history row). Dismissing remembers the price dismissed,
 * snoozing the time and price snoozed at.
 */
export function applyAction<A extends LifecycleAlert>(existing: A, action: PersonAction): ActionOutcome<A> {
  const woken = wakeIfDue(existing, action.now);
  const target = VERB_RESULT[action.verb];
  const same = woken === existing ? "unchanged" : "changed";
  if (action.verb === "snooze") {
    if (!action.until) return { kind: "invalid", alert: existing, problem: "until_required" };
    if (!(Date.parse(action.until) > Date.parse(action.now)))
      return { kind: "invalid", alert: existing, problem: "until_not_after_now" };
    if (woken.status === "snoozed" && woken.snoozedUntil === action.until)
      return { kind: same, alert: woken };
  } else if (woken.status === target) {
    return { kind: same, alert: woken };
  }
  if (!VERBS_FROM[woken.status].includes(action.verb))
    return { kind: "invalid", alert: existing, problem: "not_valid_now" };

  const entry: Alert["history"][number] = {
    at: action.now,
    status: target,
    by: action.by,
    verb: action.verb,
  };
  if (action.note) entry.note = action.note;
  if (action.verb === "snooze") entry.until = action.until;
  return {
    kind: "changed",
    alert: {
      ...woken,
      status: target,
      history: [...woken.history, entry],
      cleanRuns: action.verb === "reopen" ? 0 : woken.cleanRuns,
      dismissedPrice:
        action.verb === "dismiss"
          ? woken.price
          : action.verb === "reopen"
            ? null
            : (woken.dismissedPrice ?? null),
      snoozedUntil: action.verb === "snooze" ? action.until : null,
      snoozedPrice: action.verb === "snooze" ? woken.price : null,
    },
  };
}

/** The latest history entry into a status, if any. */
export function lastEntry(
  alert: Pick<Alert, "history">,
  status: AlertStatus,
): Alert["history"][number] | undefined {
  for (let i = alert.history.length - 1; i >= 0; i--)
    if (alert.history[i]!.status === status) return alert.history[i];
  return undefined;
}

function snoozeOver(alert: Pick<Alert, "snoozedUntil">, now: string): boolean {
  const until = alert.snoozedUntil ? Date.parse(alert.snoozedUntil) : Number.NaN;
  return !(until > Date.parse(now));
}

/** A snooze whose time has passed, written down: open again, an entry at the snooze's end. */
function wakeIfDue<A extends LifecycleAlert>(alert: A, now: string): A {
  if (alert.status !== "snoozed" || !snoozeOver(alert, now)) return alert;
  return {
    ...alert,
    status: "open",
    history: [
      ...alert.history,
      { at: alert.snoozedUntil ?? now, status: "open", by: SYSTEM_ACTOR, reason: "snooze_ended" },
    ],
    snoozedUntil: null,
    snoozedPrice: null,
  };
}

/** Queues one pending delivery per target; the id is stable per (alert, target, occurrence). */
function queueDeliveries(
  current: Record<string, DeliveryState>,
  ctx: FindingContext,
  event: DeliveryState["event"],
  occurrence: number,
): Record<string, DeliveryState> {
  const next = { ...current };
  for (const target of ctx.targets) {
    next[target] = {
      state: "pending",
      deliveryId: deliveryIdOf(ctx.alertId, target, occurrence),
      event,
      attempts: 0,
      nextAttemptAt: ctx.now,
    };
  }
  return next;
}
