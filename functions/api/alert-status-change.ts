import type { AlertVerb } from "../core/alert.js";
import { type ActionProblem, validVerbs } from "../core/alert-lifecycle.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { ApiDeps } from "./api-deps.js";
import type { Caller } from "./caller.js";
import type { ScopedReader } from "./scoped-reader.js";

export type AlertActionResult =
  | { kind: "changed"; alert: StoredAlert }
  | { kind: "unchanged"; alert: StoredAlert }
  | { kind: "invalid"; alert: StoredAlert; problem: ActionProblem; validVerbs: AlertVerb[] }
  | { kind: "forbidden" }
  | { kind: "not_found" };

export interface AlertActionRequest {
  verb: AlertVerb;
  note?: string | undefined;
  /** Snooze only: when it ends (ISO). */
  until?: string | undefined;
}

/**
 * A brand user's action on an alert, through the lifecycle. The role is decided before any
 * lookup so a distributor learns nothing about which ids exist. The action records the caller's
 * name and the time; an action the alert's state does not allow comes back with the verbs that
 * are allowed.
 */
export async function actOnAlert(
  deps: ApiDeps,
  caller: Caller,
  reader: ScopedReader,
  id: string,
  request: AlertActionRequest,
): Promise<AlertActionResult> {
  if (caller.role !== "brand") return { kind: "forbidden" };
  if (!(await reader.alert(id))) return { kind: "not_found" };
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const result = await deps.alerts.act(caller.tenant, id, {
    verb: request.verb,
    by: caller.name,
    now,
    ...(request.note ? { note: request.note } : {}),
    ...(request.until ? { until: request.until } : {}),
  });
  if (result.kind === "not_found") return result;
  if (result.kind === "invalid") return { ...result, validVerbs: validVerbs(result.alert, now) };
  return result;
}
