import { createApiHandler } from "../api/lambda-adapter.js";
import { ApiEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { createAwsStore } from "../aws/store-clients.js";
import type { TenantConfig } from "../core/config.js";

const env = readEnvironment(ApiEnvironmentSchema);
const store = createAwsStore(env);

/** A published config rarely changes; a minute's staleness keeps the API off the config item. */
const CONFIG_TTL_MS = 60_000;
const configCache = new Map<string, { at: number; config: Promise<TenantConfig | null> }>();

function latestConfig(tenant: string): Promise<TenantConfig | null> {
  const cached = configCache.get(tenant);
  if (cached && Date.now() - cached.at < CONFIG_TTL_MS) return cached.config;
  const config = store.configs.latest(tenant).then((v) => v?.config ?? null);
  configCache.set(tenant, { at: Date.now(), config });
  config.catch(() => configCache.delete(tenant));
  return config;
}

export const handler = createApiHandler({
  alerts: store.alerts,
  listings: store.listings,
  runs: store.runs,
  configs: latestConfig,
});
