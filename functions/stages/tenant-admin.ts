import type { TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import {
  recordAfterApply,
  recordWithState,
  type TenantRecord,
  type TenantSchedules,
  type TenantState,
} from "../core/tenant-registration.js";
import type { ConfigRepository } from "../store/config-repository.js";
import type { TenantRepository } from "../store/tenant-repository.js";

/**
 * Registering, changing, pausing and resuming tenants at run time: the same use cases behind
 * `pricewarden tenant …` (local store or `--table`) and the admin API. No I/O of their own.
 */
export interface TenantAdminDeps {
  configs: Pick<ConfigRepository, "publish">;
  tenants: Pick<TenantRepository, "get" | "put" | "list">;
  schedules: TenantSchedules;
  now: () => Date;
  /** Who makes the change (recorded as `updatedBy`). */
  by: string;
}

export interface ApplyResult {
  record: TenantRecord;
  configResult: "published" | "unchanged";
  /** The config version this apply stored or found (the record may name a newer one). */
  version: string;
}

export interface StateChange {
  record: TenantRecord;
  /** False when the tenant already was in that state. */
  changed: boolean;
}

/** Another admin's write between our read and our write: read again, decide again. */
const MAX_ATTEMPTS = 5;

/**
 * Stores the config as a new version (the same config again is no new version), points the
 * tenant's record at it and puts its schedules in line.
 *
 * The writes go config version → record → schedules, each idempotent, so a crash between any two
 * is repaired by running the same apply again: the version is found unchanged, a record that
 * already names it is left as it is, and the schedules are synced from the record either way.
 * Nothing runs a version the record does not name, so a crash never half-applies a config.
 */
export async function applyTenant(deps: TenantAdminDeps, config: TenantConfig): Promise<ApplyResult> {
  const published = await deps.configs.publish(config, deps.now());
  const applied = {
    tenant: config.tenant,
    configVersion: published.version,
    schedule: config.schedule,
    timezone: config.timezone,
  };
  const record = await writeWithRetry(deps, config.tenant, (previous) =>
    recordAfterApply(previous, applied, deps.now(), deps.by),
  );
  return { record, configResult: published.kind, version: published.version };
}

/** Stops the tenant's scheduled runs; its data and config stay. TENANT_UNKNOWN if never applied. */
export function pauseTenant(deps: TenantAdminDeps, tenant: string): Promise<StateChange> {
  return setState(deps, tenant, "paused");
}

/** Runs a paused tenant on its schedule again. TENANT_UNKNOWN if never applied. */
export function resumeTenant(deps: TenantAdminDeps, tenant: string): Promise<StateChange> {
  return setState(deps, tenant, "active");
}

export function listTenants(deps: Pick<TenantAdminDeps, "tenants">): Promise<TenantRecord[]> {
  return deps.tenants.list();
}

async function setState(deps: TenantAdminDeps, tenant: string, state: TenantState): Promise<StateChange> {
  let changed = false;
  const record = await writeWithRetry(deps, tenant, (current) => {
    if (!current) throw unknownTenant(tenant);
    const next = recordWithState(current, state, deps.now(), deps.by);
    changed = next !== current;
    return changed ? next : null;
  });
  return { record, changed };
}

/**
 * Reads the record, asks `decide` what to write (null: keep it), writes conditionally on what was
 * read, then syncs the schedules with the record that stands, also when nothing was written: that
 * repairs schedules a crash left behind the record.
 */
async function writeWithRetry(
  deps: TenantAdminDeps,
  tenant: string,
  decide: (current: TenantRecord | null) => TenantRecord | null,
): Promise<TenantRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await deps.tenants.get(tenant);
    const next = decide(current);
    if (next) {
      try {
        await deps.tenants.put(next, current?.updatedAt ?? null);
      } catch (error) {
        if (error instanceof PricewardenError && error.code === "STORE_CONFLICT") continue;
        throw error;
      }
    }
    const standing = next ?? current;
    if (!standing) throw unknownTenant(tenant);
    await deps.schedules.sync(standing);
    return standing;
  }
  throw new PricewardenError("STORE_CONFLICT", `tenant ${tenant} kept changing under us`);
}

function unknownTenant(tenant: string): PricewardenError {
  return new PricewardenError("TENANT_UNKNOWN", `no tenant ${tenant} is registered`);
}
