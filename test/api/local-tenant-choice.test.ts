import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import { jwtClaimsAuthenticator } from "../../functions/api/jwt-claims-auth.js";
import { DISTRIBUTOR_PREVIEW_HEADER, localAuthenticator } from "../../functions/api/local-auth.js";
import { type ApiServer, startApiServer } from "../../functions/api/local-server.js";
import { LOCAL_TENANT_COOKIE } from "../../functions/api/local-tenant-choice.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { LocalTenantSchedules } from "../../functions/local/local-tenant-schedules.js";
import { registeredConfigs } from "../../functions/local/registered-configs.js";
import { applyTenant, pauseTenant, type TenantAdminDeps } from "../../functions/stages/tenant-admin.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { TenantRepository } from "../../functions/store/tenant-repository.js";
import {
  type ApiTestStack,
  httpApiEvent,
  startApiTestStack,
  TENANT_A,
  TENANT_B,
  tenantConfig,
} from "./api-test-stack.js";

/**
 * One `start` over a data directory holding two registered brands: the dashboard shows the one
 * the browser chose among those registered, the one `start` was given by default.
 */

const A_SELLER = "康恒医疗器械专营店";
const B_SELLER = "B 未授权店";
const CHOOSER_FORM = /<form method="post" action="\/tenant">[\s\S]*?<\/form>/;

let stack: ApiTestStack;
let admin: TenantAdminDeps;
let local: ApiServer;
/** A second data directory where only the default tenant is registered. */
let single: { db: EmbeddedDynamo; server: ApiServer; destroy(): void };

function localApp(endpoint: string, tableName: string) {
  const doc = createDocumentClient({ endpoint });
  const tenants = new TenantRepository(doc, tableName);
  const configs = registeredConfigs(tenants, new ConfigRepository(doc, tableName));
  return {
    doc,
    tenants,
    app: createApiApp({
      ...stack.deps,
      configs,
      authenticate: localAuthenticator(tenantConfig(TENANT_A), {
        name: "operator",
        registered: { tenants, configs },
      }),
      localTenants: tenants,
    }),
  };
}

beforeAll(async () => {
  stack = await startApiTestStack();
  const built = localApp(stack.db.endpoint, stack.db.tableName);
  admin = {
    configs: new ConfigRepository(built.doc, stack.db.tableName),
    tenants: built.tenants,
    schedules: new LocalTenantSchedules(),
    now: () => new Date("2026-03-01T08:00:00.000Z"),
    by: "test",
  };
  await applyTenant(admin, tenantConfig(TENANT_A));
  await applyTenant(admin, tenantConfig(TENANT_B));
  local = await startApiServer({ app: built.app, port: 0, host: "127.0.0.1" });

  const db = await startEmbeddedDynamo({ dataDir: null });
  const one = localApp(db.endpoint, db.tableName);
  await applyTenant(
    { ...admin, configs: new ConfigRepository(one.doc, db.tableName), tenants: one.tenants },
    tenantConfig(TENANT_A),
  );
  single = {
    db,
    server: await startApiServer({ app: one.app, port: 0, host: "127.0.0.1" }),
    destroy: () => one.doc.destroy(),
  };
  return () => built.doc.destroy();
});
afterAll(async () => {
  await local?.close();
  await single?.server.close();
  single?.destroy();
  await single?.db.close();
  await stack?.close();
});

const cookieFor = (tenant: string) => ({ cookie: `${LOCAL_TENANT_COOKIE}=${tenant}` });

async function page(path: string, headers: Record<string, string> = {}, base = local.url): Promise<string> {
  const res = await fetch(`${base}${path}`, { headers: { "accept-language": "en", ...headers } });
  expect(res.status).toBe(200);
  return res.text();
}

async function alertIds(headers: Record<string, string> = {}): Promise<string[]> {
  const res = await fetch(`${local.url}/api/alerts?status=all&limit=100`, { headers });
  expect(res.status).toBe(200);
  const { alerts } = (await res.json()) as { alerts: { id: string }[] };
  return alerts.map((a) => a.id);
}

/** A form post as the dashboard's own page sends it. */
function choose(form: Record<string, string>, headers: Record<string, string> = { origin: "" }) {
  return fetch(`${local.url}/tenant`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
      ...(headers["origin"] === "" ? { origin: new URL(local.url).origin } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

describe("the local dashboard's tenant", () => {
  it("is the tenant start was given until the person chooses another", async () => {
    const html = await page("/alerts?status=all");
    expect(html).toContain(A_SELLER);
    expect(html).not.toContain(B_SELLER);
    const chooser = CHOOSER_FORM.exec(html)?.[0] ?? "";
    expect(chooser).toContain(`<option value="${TENANT_A}" selected>`);
    expect(chooser).toContain(`<option value="${TENANT_B}">`);
    // The form comes back to the page it is on.
    expect(chooser).toContain('name="back" value="/alerts?status=all"');
    const ids = await alertIds();
    expect(ids).toContain(stack.seeded.alerts["a:dist-b"]);
    expect(ids).not.toContain(stack.seeded.alerts["b:unknown"]);
  });

  it("is the chosen tenant after the chooser's post: its alerts, not the default's", async () => {
    const res = await choose({ tenant: TENANT_B, back: "/alerts?status=all" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/alerts?status=all");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain(`${LOCAL_TENANT_COOKIE}=${TENANT_B}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);

    const cookie = { cookie: setCookie.split(";")[0] ?? "" };
    const html = await page("/alerts?status=all", cookie);
    expect(html).toContain(B_SELLER);
    expect(html).not.toContain(A_SELLER);
    expect(CHOOSER_FORM.exec(html)?.[0]).toContain(`<option value="${TENANT_B}" selected>`);
    const ids = await alertIds(cookie);
    expect(ids).toContain(stack.seeded.alerts["b:unknown"]);
    expect(ids).not.toContain(stack.seeded.alerts["a:dist-b"]);
  });

  it("previews a distributor of the chosen tenant, from that tenant's config", async () => {
    const ids = await alertIds({ ...cookieFor(TENANT_B), [DISTRIBUTOR_PREVIEW_HEADER]: "dist-a" });
    expect(ids).toEqual([stack.seeded.alerts["b:dist-a"]]);
  });

  it("falls back to the default for a cookie naming a tenant not registered here", async () => {
    for (const forged of ["brand-zz", "T#brand-b", "BRAND-B", "brand-b%00", ""]) {
      const html = await page("/alerts?status=all", { cookie: `${LOCAL_TENANT_COOKIE}=${forged}` });
      expect(html).toContain(A_SELLER);
      expect(html).not.toContain(B_SELLER);
    }
    expect(await alertIds(cookieFor("brand-zz"))).not.toContain(stack.seeded.alerts["b:unknown"]);
  });

  it("refuses to choose a tenant that is not registered", async () => {
    for (const tenant of ["brand-zz", "../brand-b", ""]) {
      const res = await choose({ tenant, back: "/alerts" });
      expect(res.status).toBe(400);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });

  it("refuses a cross-site post and a post that is not a form", async () => {
    const crossOrigin = await choose({ tenant: TENANT_B }, { origin: "https://evil.example" });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.headers.get("set-cookie")).toBeNull();
    const crossSite = await choose({ tenant: TENANT_B }, { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) is no local caller.
    const { request } = await import("undici");
    const rebound = await request(`${local.url}/tenant`, {
      method: "POST",
      headers: {
        host: "attacker.example",
        origin: "http://attacker.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ tenant: TENANT_B }).toString(),
    });
    expect(rebound.statusCode).toBe(401);
    expect(rebound.headers["set-cookie"]).toBeUndefined();
    await rebound.body.dump();
    // A JSON body is not what the CSRF check covers: it is no choice either.
    const json = await fetch(`${local.url}/tenant`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenant: TENANT_B }),
    });
    expect(json.status).toBe(400);
    expect(json.headers.get("set-cookie")).toBeNull();
  });

  it("never redirects off the site, whatever the form's back says", async () => {
    const site = new URL(local.url).origin;
    for (const back of [
      "//evil.example/alerts",
      "/\\evil.example",
      "/\t/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      " /alerts",
      `/${"x".repeat(3000)}`,
    ]) {
      const res = await choose({ tenant: TENANT_A, back });
      expect(res.status).toBe(303);
      const location = res.headers.get("location") ?? "";
      expect(location.startsWith("/")).toBe(true);
      expect(location.startsWith("//")).toBe(false);
      expect(new URL(location, local.url).origin).toBe(site);
    }
    const kept = await choose({ tenant: TENANT_A, back: "/history?sku=GLU-50" });
    expect(kept.headers.get("location")).toBe("/history?sku=GLU-50");
    // Words in the path come back percent-encoded: a header holds only ASCII.
    const chinese = await choose({ tenant: TENANT_A, back: "/sellers?seller=康恒" });
    expect(chinese.headers.get("location")).toBe(`/sellers?seller=${encodeURIComponent("康恒")}`);
  });

  it("can still be a paused tenant, marked as such in the chooser, in natural Chinese", async () => {
    await pauseTenant(admin, TENANT_B);
    const html = await page("/alerts?status=all", { ...cookieFor(TENANT_B), "accept-language": "zh-CN" });
    expect(html).toContain(B_SELLER);
    const chooser = CHOOSER_FORM.exec(html)?.[0] ?? "";
    expect(chooser).toContain("当前品牌");
    expect(chooser).toContain("切换品牌");
    expect(chooser).toContain(`${TENANT_B}（监测已暂停）`);
    // Apart from the tenants' own ids, the chooser holds no English.
    const words = chooser
      .replace(/<[^>]+>/g, " ")
      .replaceAll(TENANT_A, "")
      .replaceAll(TENANT_B, "");
    expect(words).not.toMatch(/[A-Za-z]/);
  });

  it("offers no chooser when one tenant is registered", async () => {
    const html = await page("/alerts?status=all", {}, single.server.url);
    expect(html).toContain(A_SELLER);
    expect(html).not.toContain('action="/tenant"');
    expect(html).not.toContain('name="tenant"');
  });
});

describe("on AWS (JWT claims)", () => {
  const app = () => createApiApp({ ...stack.deps, authenticate: jwtClaimsAuthenticator });
  const env = (path: string) => ({
    event: httpApiEvent(path, {
      email: "li@brand-a.example",
      "custom:tenant": TENANT_A,
      "custom:role": "brand",
    }),
  });

  it("has no chooser and no choice route; a tenant cookie changes nothing", async () => {
    const res = await app().request(
      "https://api.example.com/alerts?status=all",
      { headers: { "accept-language": "en", ...cookieFor(TENANT_B) } },
      env("/alerts?status=all"),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(A_SELLER);
    expect(html).not.toContain(B_SELLER);
    expect(html).not.toContain('action="/tenant"');

    const post = await app().request(
      "https://api.example.com/tenant",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://api.example.com" },
        body: new URLSearchParams({ tenant: TENANT_B, back: "/" }).toString(),
      },
      env("/tenant"),
    );
    expect(post.status).toBe(404);
    expect(post.headers.get("set-cookie")).toBeNull();
  });
});
