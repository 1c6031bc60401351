import type { Alert, AlertStatus, DeliveryState, Finding } from "./alert.js";
import { deliveryIdOf } from "./alert-identity.js";

/**
 * The alert lifecycle as pure transitions: a finding opens, updates or reopens an alert; clean
 * checks count towards auto-resolve; people acknowledge, resolve or dismiss. The store only reads,
 * calls these and writes the result with its version check.
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
  /** Why, for the history entry; a default names the count. */
  note?: string | undefined;
}

export interface StatusChange {
  status: Exclude<AlertStatus, "open">;
  by: string;
  note?: string | undefined;
  now: string;
}

/** Who the lifecycle's own history entries are by. */
export const SYSTEM_ACTOR = "pricewarden";

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
 * alert reopens; a dismissed one stays dismissed at the dismissed price and reopens at another.
 */
export function onFinding<A extends LifecycleAlert>(
  existing: A,
  finding: Finding,
  ctx: FindingContext,
): FindingTransition<A> {
  if (existing.lastRunId === ctx.runId) return { kind: "unchanged", alert: existing };
  const occurrences = existing.occurrences + 1;
  const seen: A = {
    ...existing,
    ...finding,
    lastSeen: ctx.now,
    occurrences,
    cleanRuns: 0,
    lastRunId: ctx.runId,
  };
  const reopen =
    existing.status === "resolved" ||
    (existing.status === "dismissed" && (existing.dismissedPrice ?? null) !== finding.price);
  if (!reopen) return { kind: "updated", alert: seen };
  const note =
    existing.status === "resolved" ? "condition returned" : "price changed since the alert was dismissed";
  return {
    kind: "reopened",
    alert: {
      ...seen,
      status: "open",
      history: [...existing.history, { at: ctx.now, status: "open", by: SYSTEM_ACTOR, note }],
      deliveries: queueDeliveries(existing.deliveries, ctx, "reopened", occurrences),
      dismissedPrice: null,
    },
  };
}

export type CleanTransition<A extends LifecycleAlert> = {
  kind: "unchanged" | "counted" | "resolved";
  alert: A;
};

/**
 * The condition no longer holds: one more clean check, and after `resolveAfter` consecutive ones
 * an open or acknowledged alert resolves. Dismissed and resolved alerts are left alone, and a
 * retried run counts once.
 */
export function onCleanCheck<A extends LifecycleAlert>(existing: A, check: CleanCheck): CleanTransition<A> {
  if (existing.lastRunId === check.runId) return { kind: "unchanged", alert: existing };
  if (existing.status !== "open" && existing.status !== "acknowledged") {
    return { kind: "unchanged", alert: existing };
  }
  const cleanRuns = existing.cleanRuns + 1;
  const counted: A = { ...existing, cleanRuns, lastRunId: check.runId };
  if (cleanRuns < check.resolveAfter) return { kind: "counted", alert: counted };
  const note = check.note ?? `condition cleared on ${cleanRuns} consecutive checks`;
  return {
    kind: "resolved",
    alert: {
      ...counted,
      status: "resolved",
      history: [...existing.history, { at: check.now, status: "resolved", by: SYSTEM_ACTOR, note }],
    },
  };
}

/** A person's status change, kept in the history; dismissing remembers the price dismissed. */
export function onStatusChange<A extends LifecycleAlert>(existing: A, change: StatusChange): A {
  const entry: Alert["history"][number] = { at: change.now, status: change.status, by: change.by };
  if (change.note) entry.note = change.note;
  return {
    ...existing,
    status: change.status,
    history: [...existing.history, entry],
    dismissedPrice: change.status === "dismissed" ? existing.price : (existing.dismissedPrice ?? null),
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
