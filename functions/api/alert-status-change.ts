import type { AlertStatus } from "../core/alert.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { ApiDeps } from "./api-deps.js";
import type { Caller } from "./caller.js";
import type { ScopedReader } from "./scoped-reader.js";

export type StatusChangeResult =
  | { kind: "changed"; alert: StoredAlert }
  | { kind: "forbidden" }
  | { kind: "not_found" };

/**
 * Brand users act on alerts; the decision is made before any lookup so a distributor learns
 * nothing about which ids exist. The change records the caller's name and the time.
 */
export async function changeAlertStatus(
  deps: ApiDeps,
  caller: Caller,
  reader: ScopedReader,
  id: string,
  change: { status: Exclude<AlertStatus, "open">; note?: string | undefined },
): Promise<StatusChangeResult> {
  if (caller.role !== "brand") return { kind: "forbidden" };
  if (!(await reader.alert(id))) return { kind: "not_found" };
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const alert = await deps.alerts.setStatus(caller.tenant, id, {
    status: change.status,
    by: caller.name,
    now,
    ...(change.note ? { note: change.note } : {}),
  });
  return { kind: "changed", alert };
}
