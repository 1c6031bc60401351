import type { TenantConfig } from "../core/config.js";
import type { ConfigRepository } from "../store/config-repository.js";
import type { TenantRepository } from "../store/tenant-repository.js";

/**
 * The dashboard's `configs`: any registered tenant's current config, as its record names it. The
 * record is read on every request (one GetItem on the local store), the config only when its
 * version changed, so a `tenant apply` shows on the next page without a restart.
 */
export function registeredConfigs(
  tenants: Pick<TenantRepository, "get">,
  configs: Pick<ConfigRepository, "get">,
): (tenant: string) => Promise<TenantConfig | null> {
  const current = new Map<string, { version: string; config: TenantConfig }>();
  return async (tenant) => {
    const record = await tenants.get(tenant);
    if (!record) return null;
    const cached = current.get(tenant);
    if (cached?.version === record.configVersion) return cached.config;
    const stored = await configs.get(tenant, record.configVersion);
    if (!stored) return null;
    current.set(tenant, { version: record.configVersion, config: stored.config });
    return stored.config;
  };
}
