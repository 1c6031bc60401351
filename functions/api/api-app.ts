import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { PricewardenError } from "../core/errors.js";
import { registerAdminTenantRoutes } from "./admin-tenant-routes.js";
import type { ApiDeps, ApiEnv } from "./api-deps.js";
import { registerApiRoutes } from "./api-routes.js";
import { registerDashboardRoutes } from "./dashboard-routes.js";
import { DASHBOARD_TEXT, dashboardLang, LANG_COOKIE } from "./dashboard-text.js";
import { registerLocalTenantChoice } from "./local-tenant-choice.js";
import { createPrecheckLimiter } from "./precheck-rate-limit.js";
import { scopedReader } from "./scoped-reader.js";
import { securityHeaders } from "./security-headers.js";

const isApi = (path: string) => path.startsWith("/api/") || path.startsWith("/admin/");

/**
 * One app for `pricewarden start` (Node server on 127.0.0.1) and for Lambda behind API Gateway.
 * Order matters: security headers wrap everything; the caller is established before any route,
 * and each route reads only through the reader scoped to that caller.
 */
export function createApiApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", securityHeaders);
  // Administrators are not tenant callers: their routes answer before any tenant caller is set.
  // Bearer tokens only (never the session cookie), so there is no ambient credential to forge
  // a request with, and CSRF's origin check would only refuse bodiless POSTs from scripts.
  if (deps.admin) registerAdminTenantRoutes(app, deps.admin, deps.now);
  app.use("*", csrf());
  app.use("*", async (c, next) => {
    c.set("text", DASHBOARD_TEXT[dashboardLang(c.req.raw)]);
    await next();
  });
  // The language switch: a cookie, then back to the alerts (the page sends no referrer).
  app.get("/lang/:lang", (c) => {
    const lang = c.req.param("lang");
    if (lang !== "zh" && lang !== "en") return c.text("Not found", 404);
    setCookie(c, LANG_COOKIE, lang, { path: "/", sameSite: "Lax", httpOnly: true, maxAge: 365 * 86_400 });
    return c.redirect("/", 303);
  });
  deps.browserLogin?.register(app);
  app.use("*", async (c, next) => {
    const caller = await deps.authenticate(c.req.raw, c.env);
    if (!caller) {
      // A browser opening a dashboard page signs in and comes back; API clients get a 401.
      if (deps.browserLogin && !isApi(c.req.path) && c.req.method === "GET") {
        const url = new URL(c.req.url);
        return c.redirect(deps.browserLogin.loginUrl(`${url.pathname}${url.search}`), 302);
      }
      c.header("WWW-Authenticate", 'Bearer realm="pricewarden"');
      return isApi(c.req.path) ? c.json({ error: "unauthorized" }, 401) : c.text("Unauthorized", 401);
    }
    const config = await deps.configs(caller.tenant);
    c.set("caller", caller);
    c.set("config", config && config.tenant === caller.tenant ? config : null);
    // Signed in, the tenant's language is known: it is the default when the user chose none.
    c.set("text", DASHBOARD_TEXT[dashboardLang(c.req.raw, c.var.config)]);
    c.set("reader", scopedReader(deps, caller, c.var.config));
    c.set("signOutPath", deps.browserLogin?.logoutPath ?? null);
    c.set("tenantChoice", null);
    await next();
  });
  // Local only: several registered brands, one chosen per browser.
  if (deps.localTenants) registerLocalTenantChoice(app, deps.localTenants);
  // One budget per caller for the API and the dashboard form alike.
  const precheckLimiter = createPrecheckLimiter(deps.precheckRate);
  registerApiRoutes(app, deps, precheckLimiter);
  registerDashboardRoutes(app, deps, precheckLimiter);

  app.notFound((c) => (isApi(c.req.path) ? c.json({ error: "not_found" }, 404) : c.text("Not found", 404)));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof PricewardenError && error.code === "NOT_FOUND")
      return isApi(c.req.path) ? c.json({ error: "not_found" }, 404) : c.text("Not found", 404);
    // Details go to the log, never to the client.
    console.error(`[pricewarden api] ${c.req.method} ${c.req.path} failed`, error);
    return isApi(c.req.path) ? c.json({ error: "internal" }, 500) : c.text("Internal error", 500);
  });
  return app;
}
