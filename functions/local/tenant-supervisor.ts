import type { TenantConfig } from "../core/config.js";
import { type LoopSpec, loopFor, sameLoop } from "../core/tenant-loop.js";
import type { TenantRecord } from "../core/tenant-registration.js";
import type { ConfigVersion } from "../store/config-repository.js";
import type { SchedulerLoop } from "./start-local.js";

/** What the supervisor did, for the console (and for tests to wait on). */
export type SupervisorEvent =
  | { kind: "started"; tenant: string; spec: LoopSpec }
  | { kind: "stopped"; tenant: string; spec: LoopSpec; why: "paused" | "changed" | "unregistered" }
  | { kind: "config_missing"; tenant: string; configVersion: string }
  | { kind: "config_unreadable"; tenant: string; message: string }
  | { kind: "registry_unreadable"; message: string };

export interface TenantSupervisorDeps {
  registry: { list(): Promise<TenantRecord[]> };
  configs: { get(tenant: string, version: string): Promise<ConfigVersion | null> };
  /** Starts one tenant's scheduler loop (a cycle now, then on its schedule). */
  startLoop(config: TenantConfig): SchedulerLoop;
  /** How often the registry is read again: the one Query of `TenantRepository.list`. */
  pollMs: number;
  onEvent(event: SupervisorEvent): void;
}

export interface TenantSupervisor {
  /** Resolves once the tenants registered at start have their loops. */
  ready: Promise<void>;
  /** The tenants whose loops run now, with what. */
  running(): Map<string, LoopSpec>;
  /** Stops polling, then every loop after its work in progress. */
  stop(): Promise<void>;
}

interface Slot {
  wanted: LoopSpec | null;
  /** Why no loop is wanted, when none is. */
  idle: "paused" | "unregistered";
  running: { spec: LoopSpec; loop: SchedulerLoop } | null;
  settling: Promise<void> | null;
  /** The last problem reported for this slot, so a poll does not repeat it every time. */
  reported: string | null;
}

/**
 * The local `start`: one scheduler loop per active tenant in the data directory's registry. It
 * reads the registry every `pollMs` (so `pricewarden tenant apply|pause|resume` from another
 * terminal takes effect without a restart), starts loops for new or resumed tenants, stops paused
 * ones, and restarts a tenant's loop when its config version or schedule changed. A loop is only
 * ever stopped after its work in progress; each tenant settles on its own, so a long cycle of one
 * tenant never delays another's change.
 */
export function startTenantSupervisor(deps: TenantSupervisorDeps): TenantSupervisor {
  const slots = new Map<string, Slot>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  let registryProblem: string | null = null;

  const slotOf = (tenant: string): Slot => {
    let slot = slots.get(tenant);
    if (!slot) {
      slot = { wanted: null, idle: "paused", running: null, settling: null, reported: null };
      slots.set(tenant, slot);
    }
    return slot;
  };

  const settle = async (tenant: string, slot: Slot) => {
    while (!stopped && !sameLoop(slot.running?.spec ?? null, slot.wanted)) {
      if (slot.running) {
        const { spec, loop } = slot.running;
        await loop.stop();
        slot.running = null;
        deps.onEvent({ kind: "stopped", tenant, spec, why: slot.wanted ? "changed" : slot.idle });
        continue;
      }
      const spec = slot.wanted;
      if (!spec) break;
      const version = await deps.configs.get(tenant, spec.configVersion);
      if (!version) {
        if (slot.reported !== spec.configVersion)
          deps.onEvent({ kind: "config_missing", tenant, configVersion: spec.configVersion });
        slot.reported = spec.configVersion;
        return;
      }
      // The registry may have moved on while the config was read: start what is wanted now.
      if (stopped || !sameLoop(spec, slot.wanted)) continue;
      slot.reported = null;
      slot.running = { spec, loop: deps.startLoop(version.config) };
      deps.onEvent({ kind: "started", tenant, spec });
    }
  };

  const kick = (tenant: string, slot: Slot): Promise<void> => {
    if (slot.settling) return slot.settling;
    slot.settling = settle(tenant, slot)
      .catch((error: unknown) => {
        // A store hiccup or a malformed item while reading the config: the next poll tries again.
        const message = (error as Error).message;
        if (slot.reported !== message) deps.onEvent({ kind: "config_unreadable", tenant, message });
        slot.reported = message;
      })
      .finally(() => {
        slot.settling = null;
      });
    return slot.settling;
  };

  /** Reads the registry and sets every tenant settling towards it; returns the settles. */
  const reconcile = async (): Promise<Promise<void>[]> => {
    let records: TenantRecord[];
    try {
      records = await deps.registry.list();
      registryProblem = null;
    } catch (error) {
      const message = (error as Error).message;
      if (registryProblem !== message) deps.onEvent({ kind: "registry_unreadable", message });
      registryProblem = message;
      return [];
    }
    const listed = new Set(records.map((r) => r.tenant));
    const settling: Promise<void>[] = [];
    for (const record of records) {
      const slot = slotOf(record.tenant);
      slot.wanted = loopFor(record);
      slot.idle = "paused";
      settling.push(kick(record.tenant, slot));
    }
    for (const [tenant, slot] of slots) {
      if (listed.has(tenant)) continue;
      slot.wanted = null;
      slot.idle = "unregistered";
      settling.push(kick(tenant, slot));
    }
    return settling;
  };

  const poll = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      // Not awaiting the settles: a tenant waiting for its cycle to end must not hold the poll.
      polling = reconcile().then(() => poll());
    }, deps.pollMs);
  };

  const first = reconcile();
  polling = first.then(() => poll());

  return {
    ready: first.then(async (settling) => {
      await Promise.all(settling);
    }),
    running: () =>
      new Map([...slots].flatMap(([tenant, slot]) => (slot.running ? [[tenant, slot.running.spec]] : []))),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await polling;
      await Promise.all([...slots.values()].map((slot) => slot.settling));
      await Promise.all(
        [...slots.values()].map(async (slot) => {
          const running = slot.running;
          slot.running = null;
          await running?.loop.stop();
        }),
      );
    },
  };
}
