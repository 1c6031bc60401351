import type { TenantConfig } from "../core/config.js";
import type { Authenticate, Caller } from "./caller.js";
import { chosenLocalTenant, type LocalTenantRegistry } from "./local-tenant-choice.js";

/** The header that previews one distributor's view in local mode. */
export const DISTRIBUTOR_PREVIEW_HEADER = "X-Pricewarden-Distributor";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The tenants `start` runs: the one the browser chose (if still registered) and its current config. */
export interface RegisteredTenants {
  tenants: Pick<LocalTenantRegistry, "get">;
  configs: (tenant: string) => Promise<TenantConfig | null>;
}

/**
 * Local mode has one user: whoever can reach 127.0.0.1, acting as the brand of the configured
 * tenant, or of another tenant registered in the data directory that the user chose in the
 * dashboard (`registered`). The Host check defeats DNS rebinding (a web page whose name resolves
 * to 127.0.0.1 would otherwise read the dashboard from the user's own browser). With the preview
 * header a brand user sees exactly what that distributor would see on AWS.
 */
export function localAuthenticator(
  config: TenantConfig,
  opts: { name?: string; registered?: RegisteredTenants } = {},
): Authenticate {
  const { registered } = opts;
  return async (request) => {
    let host: string;
    try {
      host = new URL(request.url).hostname;
    } catch {
      return null;
    }
    if (!LOOPBACK_HOSTS.has(host)) return null;
    const tenant = registered
      ? await chosenLocalTenant(request, registered.tenants, config.tenant)
      : config.tenant;
    const preview = request.headers.get(DISTRIBUTOR_PREVIEW_HEADER);
    if (preview === null) {
      const caller: Caller = { tenant, role: "brand", name: opts.name ?? "local" };
      return caller;
    }
    // The chosen tenant's distributors, from its current config.
    const current = registered ? await registered.configs(tenant) : config;
    const distributor = current?.distributors.find((d) => d.id === preview.trim());
    if (!distributor) return null;
    return {
      tenant,
      role: "distributor",
      distributorId: distributor.id,
      name: `${distributor.name} (preview)`.slice(0, 200),
    };
  };
}
