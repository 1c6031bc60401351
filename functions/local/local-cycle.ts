import type { TenantConfig } from "../core/config.js";
import { createFetcher } from "../crawl/fetcher.js";
import { type CycleResult, runCycle } from "../cycle.js";
import { sendWebhook } from "../notify/webhook-sender.js";
import type { LocalStore } from "./local-store.js";

/** `env:NAME` → the variable's value. */
export function resolveEnvSecret(ref: string): string | undefined {
  return ref.startsWith("env:") ? process.env[ref.slice(4)] : undefined;
}

/** One monitoring cycle on this machine: a fresh fetcher per cycle so politeness state never leaks. */
export async function runLocalCycle(
  config: TenantConfig,
  store: LocalStore,
  log: (message: string) => void,
): Promise<CycleResult> {
  const fetcher = createFetcher(config.network);
  try {
    return await runCycle({
      config,
      fetcher,
      alerts: store.alerts,
      listings: store.listings,
      runs: store.runs,
      send: sendWebhook,
      resolveSecret: resolveEnvSecret,
      log,
    });
  } finally {
    await fetcher.close();
  }
}
