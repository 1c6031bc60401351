import type { TenantRecord, TenantSchedules } from "../core/tenant-registration.js";

/**
 * Locally the registry is the schedule: a running `pricewarden start` polls the tenant records in
 * its store (tenant-supervisor.ts) and starts, restarts or stops each tenant's loop to match, so
 * a change made from another terminal needs nothing beyond the record itself. On AWS the same
 * record drives EventBridge Scheduler (H2's SchedulerTenantSchedules).
 */
export class LocalTenantSchedules implements TenantSchedules {
  async sync(_record: TenantRecord): Promise<void> {
    // The record written just before is all a local `start` reads.
  }
}
