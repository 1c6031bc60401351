import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { TenantUserDirectory } from "../aws/tenant-users.js";
import { parseConfigText } from "../core/config-text.js";
import { PricewardenError } from "../core/errors.js";
import type { TenantSchedules } from "../core/tenant-registration.js";
import {
  applyTenant,
  listTenants,
  pauseTenant,
  resumeTenant,
  type TenantAdminDeps,
} from "../stages/tenant-admin.js";
import type { ConfigRepository } from "../store/config-repository.js";
import { ADMIN_TEXT, type AdminText } from "../text/admin-text.js";
import type { Locale } from "../text/locale.js";
import type { Admin, AuthenticateAdmin } from "./admin-caller.js";
import { registerAdminUserRoutes } from "./admin-user-routes.js";
import type { ApiEnv } from "./api-deps.js";
import { boundedText } from "./bounded-text.js";
import { dashboardLang } from "./dashboard-text.js";

/** What `/admin/tenants` needs: who may administer, and the tenant use cases' repositories. */
export interface AdminApiDeps {
  authenticate: AuthenticateAdmin;
  configs: TenantAdminDeps["configs"] & Pick<ConfigRepository, "get">;
  tenants: TenantAdminDeps["tenants"];
  schedules: TenantSchedules;
  /** Tenants' users in the user pool (`POST /admin/tenants/:tenant/users`); absent: no such route. */
  users?: TenantUserDirectory;
  /** Largest config accepted, in bytes (default 1 MiB); larger is `413`. */
  maxConfigBytes?: number;
}

const DEFAULT_MAX_CONFIG_BYTES = 1024 * 1024;
/** The config schema's tenant id syntax (a URL segment that could never be a tenant is refused). */
const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,199}$/;
/** A config can have many problems; the answer names the first ones, each cut to a readable size. */
const MAX_PROBLEMS = 100;
const MAX_PROBLEM_CHARS = 500;

export type AdminEnv = ApiEnv & { Variables: { admin: Admin; adminText: AdminText; adminLocale: Locale } };

/**
 * Tenant administration for platform administrators (Cognito group `pricewarden-admin`):
 *   GET  /admin/tenants                  every registered tenant
 *   PUT  /admin/tenants/:tenant          body: the config (YAML or JSON); validated, stored as a
 *                                        new version, the tenant's schedules created or updated
 *   POST /admin/tenants/:tenant/pause    schedules disabled; data and config stay
 *   POST /admin/tenants/:tenant/resume
 *   POST /admin/tenants/:tenant/users    a brand user or distributor of the tenant (admin-user-routes.ts)
 * Registered before the tenant callers' middleware and answering every `/admin/*` path itself, so
 * a tenant user gets 403 here and an administrator gets nothing of the tenant routes.
 */
export function registerAdminTenantRoutes(
  app: Hono<ApiEnv>,
  deps: AdminApiDeps,
  now: () => Date = () => new Date(),
): void {
  const admin = app as unknown as Hono<AdminEnv>;
  const maxBytes = deps.maxConfigBytes ?? DEFAULT_MAX_CONFIG_BYTES;

  admin.use("/admin/*", async (c, next) => {
    const locale: Locale = dashboardLang(c.req.raw) === "zh" ? "zh-CN" : "en";
    const text = ADMIN_TEXT[locale];
    c.set("adminText", text);
    c.set("adminLocale", locale);
    const check = await deps.authenticate(c.req.raw, c.env);
    if (check.kind === "anonymous") {
      c.header("WWW-Authenticate", 'Bearer realm="pricewarden"');
      return c.json({ error: "unauthorized", message: text.unauthorized }, 401);
    }
    if (check.kind === "not_admin") return c.json({ error: "forbidden", message: text.notAdmin }, 403);
    c.set("admin", check.admin);
    await next();
  });
  admin.use("/admin/tenants/:tenant/*", tenantParam);
  admin.use("/admin/tenants/:tenant", tenantParam);

  // A failure of the schedules is told apart from the store's: the record is written by then.
  const schedules: TenantSchedules = {
    sync: async (record) => {
      try {
        await deps.schedules.sync(record);
      } catch (error) {
        throw new SchedulesNotSynced(error);
      }
    },
  };
  const useCases = (c: Context<AdminEnv>): TenantAdminDeps => ({
    configs: deps.configs,
    tenants: deps.tenants,
    schedules,
    now,
    by: c.var.admin.name,
  });

  admin.get("/admin/tenants", async (c) => c.json({ tenants: await listTenants(useCases(c)) }));

  admin.put(
    "/admin/tenants/:tenant",
    bodyLimit({
      maxSize: maxBytes,
      onError: (c) => c.json({ error: "too_large", message: c.var.adminText.tooLarge(maxBytes) }, 413),
    }),
    async (c) => {
      const text = c.var.adminText;
      const parsed = parseConfigText(await c.req.text(), { locale: c.var.adminLocale });
      if (!parsed.ok) {
        const problems = parsed.issues.slice(0, MAX_PROBLEMS).map((issue) => ({
          path: boundedText(issue.path, MAX_PROBLEM_CHARS),
          message: boundedText(issue.message, MAX_PROBLEM_CHARS),
        }));
        return c.json({ error: "invalid_config", message: text.invalidConfig, problems }, 400);
      }
      const inUrl = c.req.param("tenant");
      if (parsed.config.tenant !== inUrl) {
        const inConfig = boundedText(parsed.config.tenant, 100);
        return c.json({ error: "tenant_mismatch", message: text.tenantMismatch(inUrl, inConfig) }, 400);
      }
      return answer(c, async () => {
        const applied = await applyTenant(useCases(c), parsed.config);
        return { tenant: applied.record, config: applied.configResult, version: applied.version };
      });
    },
  );

  for (const [action, change] of [
    ["pause", pauseTenant],
    ["resume", resumeTenant],
  ] as const) {
    admin.post(`/admin/tenants/:tenant/${action}`, (c) =>
      answer(c, async () => {
        const result = await change(useCases(c), c.req.param("tenant"));
        return { tenant: result.record, changed: result.changed };
      }),
    );
  }

  if (deps.users)
    registerAdminUserRoutes(admin, { users: deps.users, configs: deps.configs, tenants: deps.tenants });
  admin.all("/admin/*", (c) => c.json({ error: "not_found" }, 404));
}

async function tenantParam(c: Context<AdminEnv>, next: () => Promise<void>) {
  if (!TENANT_ID.test(c.req.param("tenant") ?? ""))
    return c.json({ error: "invalid_tenant", message: c.var.adminText.invalidTenant }, 400);
  await next();
}

class SchedulesNotSynced extends Error {
  constructor(cause: unknown) {
    super("tenant schedules not synced", { cause });
    this.name = "SchedulesNotSynced";
  }
}

/**
 * Runs a use case and says what became of it. An unknown tenant and a concurrent change are the
 * caller's to act on; schedules that failed to sync (after the record was written: the use cases
 * sync last) are repaired by the same request again. Details go to the log only.
 */
async function answer(c: Context<AdminEnv>, run: () => Promise<object>) {
  const text = c.var.adminText;
  try {
    return c.json(await run(), 200);
  } catch (error) {
    const fail = (status: ContentfulStatusCode, body: object) => c.json(body, status);
    if (error instanceof PricewardenError) {
      if (error.code === "TENANT_UNKNOWN")
        return fail(404, {
          error: "tenant_unknown",
          message: text.unknownTenant(c.req.param("tenant") ?? ""),
        });
      if (error.code === "STORE_CONFLICT") return fail(409, { error: "conflict", message: text.conflict });
    }
    if (!(error instanceof SchedulesNotSynced)) throw error;
    console.error(`[pricewarden admin] ${c.req.method} ${c.req.path}: schedules not synced`, error.cause);
    const cause = error.cause instanceof Error ? boundedText(error.cause.name, 100) : "unknown";
    return fail(502, { error: "schedules_failed", message: text.schedulesFailed, detail: cause });
  }
}
