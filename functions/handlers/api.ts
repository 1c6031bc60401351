import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { jwtAdminAuthenticator } from "../api/admin-caller.js";
import type { AdminApiDeps } from "../api/admin-tenant-routes.js";
import { createBrowserLogin } from "../api/browser-login.js";
import type { Authenticate } from "../api/caller.js";
import { jwtClaimsAuthenticator } from "../api/jwt-claims-auth.js";
import { createApiHandler } from "../api/lambda-adapter.js";
import { ApiEnvironmentSchema, browserLoginSettings, readEnvironment } from "../aws/handler-environment.js";
import { schedulerSettingsFromEnv } from "../aws/scheduler-settings.js";
import { SchedulerTenantSchedules } from "../aws/scheduler-tenant-schedules.js";
import { createAwsStore } from "../aws/store-clients.js";
import { CognitoTenantUsers } from "../aws/tenant-users.js";
import type { TenantConfig } from "../core/config.js";
import { TenantRepository } from "../store/tenant-repository.js";

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

/** Tenant administration, where the stack has given the function its Scheduler settings. */
const schedulerSettings = schedulerSettingsFromEnv();
const admin: AdminApiDeps | undefined = schedulerSettings
  ? {
      authenticate: jwtAdminAuthenticator,
      configs: store.configs,
      tenants: new TenantRepository(store.doc, env.TABLE_NAME),
      schedules: new SchedulerTenantSchedules(
        new SchedulerClient({ region: env.AWS_REGION }),
        schedulerSettings,
      ),
      ...(env.TENANT_USER_POOL_ID
        ? {
            users: new CognitoTenantUsers(
              new CognitoIdentityProviderClient({ region: env.AWS_REGION }),
              env.TENANT_USER_POOL_ID,
            ),
          }
        : {}),
    }
  : undefined;

export const handler = createApiHandler({
  authenticate,
  ...(browserLogin ? { browserLogin } : {}),
  ...(admin ? { admin } : {}),
  alerts: store.alerts,
  listings: store.listings,
  runs: store.runs,
  evidence: store.evidence,
  configs: latestConfig,
});
