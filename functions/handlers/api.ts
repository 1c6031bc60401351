import { createBrowserLogin } from "../api/browser-login.js";
import type { Authenticate } from "../api/caller.js";
import { jwtClaimsAuthenticator } from "../api/jwt-claims-auth.js";
import { createApiHandler } from "../api/lambda-adapter.js";
import { ApiEnvironmentSchema, browserLoginSettings, readEnvironment } from "../aws/handler-environment.js";
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

const loginSettings = browserLoginSettings(env);
const browserLogin = loginSettings ? createBrowserLogin(loginSettings) : undefined;

/**
 * `/api/*` carries a bearer token the gateway's JWT authorizer has verified; dashboard routes
 * have no gateway authorizer and carry the browser session cookie, verified here.
 */
const authenticate: Authenticate = async (request, lambdaEnv) =>
  (await jwtClaimsAuthenticator(request, lambdaEnv)) ??
  (browserLogin ? await browserLogin.authenticate(request, lambdaEnv) : null);

export const handler = createApiHandler({
  authenticate,
  ...(browserLogin ? { browserLogin } : {}),
  alerts: store.alerts,
  listings: store.listings,
  runs: store.runs,
  evidence: store.evidence,
  configs: latestConfig,
});
