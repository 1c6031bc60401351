import type { TenantRecord } from "./tenant-registration.js";

/** What a tenant's local scheduler loop runs with: a loop is this and nothing else. */
export interface LoopSpec {
  configVersion: string;
  schedule: string;
  timezone: string;
}

/** The loop a tenant's record asks for: none while it is paused. */
export function loopFor(record: TenantRecord): LoopSpec | null {
  if (record.state === "paused") return null;
  return { configVersion: record.configVersion, schedule: record.schedule, timezone: record.timezone };
}

/**
 * Whether a running loop already is the wanted one. A new config version, schedule or time zone
 * needs a new loop (the old one finishes its work first); who changed it, or when, does not.
 */
export function sameLoop(running: LoopSpec | null, wanted: LoopSpec | null): boolean {
  if (running === null || wanted === null) return running === wanted;
  return (
    running.configVersion === wanted.configVersion &&
    running.schedule === wanted.schedule &&
    running.timezone === wanted.timezone
  );
}
