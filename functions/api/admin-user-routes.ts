import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod";
import type { TenantUser, TenantUserDirectory } from "../aws/tenant-users.js";
import type { ConfigRepository } from "../store/config-repository.js";
import type { TenantRepository } from "../store/tenant-repository.js";
import type { AdminEnv } from "./admin-tenant-routes.js";
import { boundedText } from "./bounded-text.js";
import { ScopeIdSchema } from "./caller.js";

export interface AdminUserDeps {
  users: TenantUserDirectory;
  configs: Pick<ConfigRepository, "get">;
  tenants: Pick<TenantRepository, "get">;
}

const MAX_BODY_BYTES = 4 * 1024;

const NewUserSchema = z.discriminatedUnion("role", [
  z.object({ email: z.email().max(200), role: z.literal("brand") }).strict(),
  z
    .object({ email: z.email().max(200), role: z.literal("distributor"), distributor: ScopeIdSchema })
    .strict(),
]);

/**
 * `POST /admin/tenants/:tenant/users` {email, role, distributor?}: one of a registered tenant's
 * brand users or distributors, scoped to it (a distributor id must be one of the tenant's current
 * config). Mounted behind the administrators' check of `registerAdminTenantRoutes`.
 */
export function registerAdminUserRoutes(admin: Hono<AdminEnv>, deps: AdminUserDeps): void {
  admin.post(
    "/admin/tenants/:tenant/users",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: "too_large", message: c.var.adminText.tooLarge(MAX_BODY_BYTES) }, 413),
    }),
    async (c) => {
      const text = c.var.adminText;
      const tenant = c.req.param("tenant");
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        body = null;
      }
      const parsed = NewUserSchema.safeParse(body);
      if (!parsed.success) {
        const problems = parsed.error.issues
          .slice(0, 10)
          .map((i) => boundedText(i.path.join(".") || "(body)", 100));
        return c.json({ error: "invalid_user", message: text.invalidUser, problems }, 400);
      }
      const record = await deps.tenants.get(tenant);
      if (!record) return c.json({ error: "tenant_unknown", message: text.unknownTenant(tenant) }, 404);
      const email = parsed.data.email.trim().toLowerCase();
      let user: TenantUser = { email, tenant, role: "brand" };
      if (parsed.data.role === "distributor") {
        const config = await deps.configs.get(tenant, record.configVersion);
        const known = config?.config.distributors.map((d) => d.id) ?? [];
        if (!known.includes(parsed.data.distributor))
          return c.json({ error: "unknown_distributor", message: text.unknownDistributor(known) }, 400);
        user = { email, tenant, role: "distributor", distributor: parsed.data.distributor };
      }
      if ((await deps.users.create(user)) === "exists")
        return c.json({ error: "user_exists", message: text.userExists(email) }, 409);
      return c.json({ user }, 201);
    },
  );
}
