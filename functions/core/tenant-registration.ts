/**
 * A tenant as the platform runs it: which config version, on what schedule, running or paused.
 * Tenants are registered at run time (`pricewarden tenant apply`, the admin API), not at deploy
 * time; the record is what the local scheduler and EventBridge Scheduler are kept in line with.
 */
export type TenantState = "active" | "paused";

export interface TenantRecord {
  tenant: string;
  state: TenantState;
  /** The config version the tenant's runs plan with (`ConfigRepository` versions). */
  configVersion: string;
  /** The config's schedule expression (cron(…) / rate(…)) and the zone it is read in. */
  schedule: string;
  timezone: string;
  /** ISO instant of the last change, and who made it. */
  updatedAt: string;
  updatedBy: string;
}

/** A config just stored as a version, about to become (or stay) the tenant's current one. */
export interface AppliedConfig {
  tenant: string;
  configVersion: string;
  schedule: string;
  timezone: string;
}

/** Puts a tenant's schedules in line with its record: created, changed, paused or resumed. */
export interface TenantSchedules {
  sync(record: TenantRecord): Promise<void>;
}

/**
 * The record after a config is applied. A paused tenant stays paused: applying a new config is
 * not a decision to start monitoring again (resume is).
 */
export function recordApplied(
  previous: TenantRecord | null,
  applied: AppliedConfig,
  now: Date,
  by: string,
): TenantRecord {
  return {
    tenant: applied.tenant,
    state: previous?.state ?? "active",
    configVersion: applied.configVersion,
    schedule: applied.schedule,
    timezone: applied.timezone,
    updatedAt: now.toISOString(),
    updatedBy: by,
  };
}

/** The record with its state set; the same record when nothing changes. */
export function recordWithState(
  record: TenantRecord,
  state: TenantState,
  now: Date,
  by: string,
): TenantRecord {
  if (record.state === state) return record;
  return { ...record, state, updatedAt: now.toISOString(), updatedBy: by };
}

/**
 * What applying a config writes, or null when nothing is to be written: the record already says
 * it (a re-run of apply repairing a crash) or already names a newer version (an apply that
 * started later won; the registry never goes back to an older config).
 */
export function recordAfterApply(
  previous: TenantRecord | null,
  applied: AppliedConfig,
  now: Date,
  by: string,
): TenantRecord | null {
  if (previous) {
    if (Number(previous.configVersion) > Number(applied.configVersion)) return null;
    if (
      previous.configVersion === applied.configVersion &&
      previous.schedule === applied.schedule &&
      previous.timezone === applied.timezone
    )
      return null;
  }
  return recordApplied(previous, applied, now, by);
}
