import { nextRunAfter } from "../core/schedule.js";
import type { TenantRecord } from "../core/tenant-registration.js";
import type { CliText } from "../text/cli-text.js";
import { formatInstant } from "../text/clock.js";
import { clean } from "./alert-table.js";
import { alignedColumns } from "./aligned-columns.js";

/**
 * The table `tenant list` prints: each registered tenant, its state, config version, schedule
 * and, for an active one, its next run on the tenant's own clock with the zone's label.
 */
export function formatTenantTable(records: readonly TenantRecord[], t: CliText, now: Date): string {
  if (records.length === 0) return t.tenant.empty;
  const h = t.tenant.head;
  const rows = [
    [h.tenant, h.state, h.version, h.schedule, h.next],
    ...records.map((r) => [
      r.tenant,
      t.tenant.state(r.state),
      r.configVersion,
      clean(r.schedule, 40),
      r.state === "active" ? nextRun(r, now, t) : "-",
    ]),
  ];
  return alignedColumns(rows);
}

function nextRun(record: TenantRecord, now: Date, t: CliText): string {
  try {
    return formatInstant(nextRunAfter(record.schedule, record.timezone, now), {
      timeZone: record.timezone,
      locale: t.locale,
    });
  } catch {
    // A record written by another version with a schedule this one cannot read: say nothing false.
    return "-";
  }
}
