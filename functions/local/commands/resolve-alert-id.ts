import { matchAlertId, normalizeIdPrefix } from "../../core/alert-id-prefix.js";
import type { AlertRepository, StoredAlert } from "../../store/alert-repository.js";
import type { CliText } from "../../text/cli-text.js";
import { UsageError } from "./usage-error.js";

/**
 * The stored alert an id or a unique id prefix names; an unknown, ambiguous or malformed id is a
 * usage error naming what was given (and a few candidates when it is ambiguous).
 */
export async function resolveAlert(
  alerts: Pick<AlertRepository, "get" | "list">,
  tenant: string,
  given: string,
  t: CliText,
): Promise<StoredAlert> {
  const prefix = normalizeIdPrefix(given);
  if (prefix === null) throw new UsageError(t.alertId.notAnId(given));
  const exact = await alerts.get(tenant, prefix);
  if (exact) return exact;
  const all = await alerts.list(tenant);
  const match = matchAlertId(
    prefix,
    all.map((a) => a.id),
  );
  switch (match.kind) {
    case "one":
      return all.find((a) => a.id === match.id)!;
    case "ambiguous":
      throw new UsageError(t.alertId.ambiguous(given, match.candidates, match.total));
    default:
      throw new UsageError(t.alertId.unknown(given, tenant));
  }
}

/** Only the id check, for commands that resolve the alert elsewhere (AWS export). */
export function checkAlertIdForm(given: string, t: CliText): string {
  const prefix = normalizeIdPrefix(given);
  if (prefix === null) throw new UsageError(t.alertId.notAnId(given));
  return prefix;
}
