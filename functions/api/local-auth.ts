import type { TenantConfig } from "../core/config.js";
import type { Authenticate, Caller } from "./caller.js";

/** The header that previews one distributor's view in local mode. */
export const DISTRIBUTOR_PREVIEW_HEADER = "X-Pricewarden-Distributor";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Local mode has one user: whoever can reach 127.0.0.1, acting as the brand of the configured
 * tenant. The Host check defeats DNS rebinding (a web page whose name resolves to 127.0.0.1
 * would otherwise read the dashboard from the user's own browser). With the preview header a
 * brand user sees exactly what that distributor would see on AWS.
 */
export function localAuthenticator(config: TenantConfig, opts: { name?: string } = {}): Authenticate {
  return async (request) => {
    let host: string;
    try {
      host = new URL(request.url).hostname;
    } catch {
      return null;
    }
    if (!LOOPBACK_HOSTS.has(host)) return null;
    const preview = request.headers.get(DISTRIBUTOR_PREVIEW_HEADER);
    if (preview === null) {
      const caller: Caller = { tenant: config.tenant, role: "brand", name: opts.name ?? "local" };
      return caller;
    }
    const distributor = config.distributors.find((d) => d.id === preview.trim());
    if (!distributor) return null;
    return {
      tenant: config.tenant,
      role: "distributor",
      distributorId: distributor.id,
      name: `${distributor.name} (preview)`.slice(0, 200),
    };
  };
}
