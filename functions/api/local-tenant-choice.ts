import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { setCookie } from "hono/cookie";
import { parse } from "hono/utils/cookie";
import type { TenantRecord } from "../core/tenant-registration.js";
import { TENANT_CHOICE_TEXT } from "../text/tenant-choice-text.js";
import type { ApiEnv } from "./api-deps.js";
import { safeReturnPath } from "./browser-login.js";
import { ScopeIdSchema } from "./caller.js";
import { dashboardPage, problemsBody } from "./dashboard-layout.js";

/** Which registered tenant the local dashboard shows; a choice, never a credential. */
export const LOCAL_TENANT_COOKIE = "pricewarden-tenant";
/** The chooser's form posts here; the route exists in the local server only. */
export const TENANT_CHOICE_PATH = "/tenant";

/** The tenants of the local data directory (TenantRepository's). */
export interface LocalTenantRegistry {
  get(tenant: string): Promise<TenantRecord | null>;
  list(): Promise<TenantRecord[]>;
}

/** What the layout needs to draw the chooser: shown only when there is a choice to make. */
export interface TenantChooser {
  /** Where the form posts (TENANT_CHOICE_PATH). */
  action: string;
  current: string;
  tenants: readonly { tenant: string; paused: boolean }[];
  /** Where the form comes back to: the page it is on. */
  back: string;
}

const SITE = "http://pricewarden.invalid";

/**
 * The tenant a loopback caller acts as: the cookie's, when it names a tenant still registered
 * here; otherwise the default (the tenant `start` was given). A forged or stale cookie is only a
 * wish: the registry decides.
 */
export async function chosenLocalTenant(
  request: Request,
  registry: Pick<LocalTenantRegistry, "get">,
  defaultTenant: string,
): Promise<string> {
  const wanted = parse(request.headers.get("cookie") ?? "", LOCAL_TENANT_COOKIE)[LOCAL_TENANT_COOKIE];
  if (!wanted || wanted === defaultTenant || !ScopeIdSchema.safeParse(wanted).success) return defaultTenant;
  return (await registry.get(wanted)) ? wanted : defaultTenant;
}

/**
 * A path on this site to send the browser back to, or `/`: the sign-in's rule (no `//host`,
 * scheme, backslash or control character), then written out percent-encoded so the `Location`
 * header holds only ASCII whatever the form said.
 */
export function sameSiteBackPath(value: unknown): string {
  if (typeof value !== "string") return "/";
  const url = new URL(safeReturnPath(value), SITE);
  if (url.origin !== SITE || url.pathname === TENANT_CHOICE_PATH) return "/";
  return `${url.pathname}${url.search}`;
}

const isFormPost = (contentType: string | undefined) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType ?? "");

/**
 * The chooser on every dashboard page and the route it posts to. Registered after the caller is
 * established, so the loopback Host check guards it like any page, and behind the app-wide CSRF
 * middleware (Origin / Sec-Fetch-Site), which covers form posts: other bodies are refused here.
 */
export function registerLocalTenantChoice(app: Hono<ApiEnv>, registry: LocalTenantRegistry): void {
  app.use("*", async (c, next) => {
    const path = c.req.path;
    if (c.req.method === "GET" && !path.startsWith("/api/") && !path.startsWith("/admin/")) {
      const records = await registry.list();
      if (records.length > 1) {
        const url = new URL(c.req.url);
        c.set("tenantChoice", {
          action: TENANT_CHOICE_PATH,
          current: c.var.caller.tenant,
          tenants: records.map((r) => ({ tenant: r.tenant, paused: r.state === "paused" })),
          back: sameSiteBackPath(`${url.pathname}${url.search}`),
        });
      }
    }
    await next();
  });
  app.post(TENANT_CHOICE_PATH, bodyLimit({ maxSize: 8 * 1024 }), async (c) => {
    const t = TENANT_CHOICE_TEXT[c.var.text.locale];
    if (!isFormPost(c.req.header("content-type"))) return refuse(c, t.notAForm);
    const form = await c.req.parseBody();
    const tenant = ScopeIdSchema.safeParse(form["tenant"]);
    if (!tenant.success || !(await registry.get(tenant.data))) return refuse(c, t.notRegistered);
    setCookie(c, LOCAL_TENANT_COOKIE, tenant.data, {
      path: "/",
      sameSite: "Strict",
      httpOnly: true,
      maxAge: 365 * 86_400,
    });
    return c.redirect(sameSiteBackPath(form["back"]), 303);
  });
}

function refuse(c: Context<ApiEnv>, message: string): Response | Promise<Response> {
  return c.html(
    dashboardPage({
      title: c.var.text.titles.badRequest,
      caller: c.var.caller,
      active: "none",
      body: problemsBody(message, []),
      signOutPath: c.var.signOutPath,
      text: c.var.text,
    }),
    400,
  );
}
