import type { Hono } from "hono";
import type { LambdaContext } from "hono/aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../functions/api/api-app.js";
import type { ApiEnv } from "../../functions/api/api-deps.js";
import { createBrowserLogin, LOGIN_COOKIE, SESSION_COOKIE } from "../../functions/api/browser-login.js";
import { jwtClaimsAuthenticator } from "../../functions/api/jwt-claims-auth.js";
import { createApiHandler } from "../../functions/api/lambda-adapter.js";
import { browserLoginSettings } from "../../functions/aws/handler-environment.js";
import { type FakeCognito, startFakeCognito } from "../support/fake-cognito.js";
import { type ApiTestStack, httpApiEvent, startApiTestStack, TENANT_A, TENANT_B } from "./api-test-stack.js";

const BASE = "https://api.example";
const brandUser = { "custom:tenant": TENANT_A, "custom:role": "brand", email: "li.na@brand-a.example" };
const distributorUser = {
  "custom:tenant": TENANT_A,
  "custom:role": "distributor",
  "custom:distributor": "dist-a",
  email: "ops@dist-a.example",
};

let stack: ApiTestStack;
let cognito: FakeCognito;
let app: Hono<ApiEnv>;

beforeAll(async () => {
  [stack, cognito] = await Promise.all([startApiTestStack(), startFakeCognito()]);
  const login = createBrowserLogin({
    issuer: cognito.issuer,
    domain: cognito.domain,
    clientId: cognito.clientId,
    publicBaseUrl: BASE,
  });
  app = createApiApp({ ...stack.deps, authenticate: login.authenticate, browserLogin: login });
});
afterAll(async () => {
  await cognito?.close();
  await stack?.close();
});
beforeEach(() => {
  cognito.user = brandUser;
});

/** The `name=value` pairs a response sets, with each cookie's attributes. */
function cookiesSet(res: Response): Map<string, { value: string; attributes: string }> {
  const out = new Map<string, { value: string; attributes: string }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    out.set(pair.slice(0, eq), { value: pair.slice(eq + 1), attributes: attributes.join(";").trim() });
  }
  return out;
}

const get = (path: string, cookie?: string) =>
  app.request(`${BASE}${path}`, cookie ? { headers: { cookie } } : {});

/** Browser → /login → hosted UI (the stand-in signs `cognito.user` in) → /auth/callback. */
async function signIn(returnTo = "/"): Promise<{ session: string; callback: Response }> {
  const login = await get(`/login?return=${encodeURIComponent(returnTo)}`);
  expect(login.status).toBe(302);
  const loginCookie = cookiesSet(login).get(LOGIN_COOKIE);
  const authorize = await fetch(login.headers.get("location") ?? "", { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const callbackUrl = new URL(authorize.headers.get("location") ?? "");
  const callback = await get(
    `${callbackUrl.pathname}${callbackUrl.search}`,
    `${LOGIN_COOKIE}=${loginCookie?.value}`,
  );
  return { session: cookiesSet(callback).get(SESSION_COOKIE)?.value ?? "", callback };
}

describe("browser sign-in to the dashboard", () => {
  it("sends a browser without a session to sign in, and brings it back where it was going", async () => {
    const first = await get("/sellers?sku=GLU-50");
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/login?return=${encodeURIComponent("/sellers?sku=GLU-50")}`);

    const login = await get("/login?return=%2Fsellers%3Fsku%3DGLU-50");
    const authorize = new URL(login.headers.get("location") ?? "");
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${cognito.domain}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: cognito.clientId,
      redirect_uri: `${BASE}/auth/callback`,
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    expect(cookiesSet(login).get(LOGIN_COOKIE)?.attributes).toMatch(
      /Max-Age=600.*Path=\/.*HttpOnly.*Secure.*SameSite=Lax/,
    );

    const { session, callback } = await signIn("/sellers?sku=GLU-50");
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe("/sellers?sku=GLU-50");
    const set = cookiesSet(callback);
    expect(set.get(SESSION_COOKIE)?.attributes).toMatch(
      /Max-Age=3[56]\d\d;.*Path=\/.*HttpOnly.*Secure.*SameSite=Lax/,
    );
    expect(set.get(LOGIN_COOKIE)?.attributes).toMatch(/Max-Age=0/);
    // The code was redeemed with the PKCE verifier (the stand-in refuses any other).
    expect(cognito.tokenRequests.at(-1)?.get("code_verifier")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const page = await get("/", `${SESSION_COOKIE}=${session}`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain("li.na@brand-a.example");
    expect(body).toContain("华润大药房");
    expect(body).toContain('href="/logout"');
  });

  it("scopes a distributor's session to its own listings", async () => {
    cognito.user = distributorUser;
    const { session } = await signIn();
    const body = await (await get("/alerts", `${SESSION_COOKIE}=${session}`)).text();
    expect(body).toContain("康恒医疗器械专营店");
    expect(body).not.toContain("华润大药房");
    expect(body).not.toContain("B 家的店");
  });

  it("refuses a callback whose state is not the one this browser started with", async () => {
    const login = await get("/login");
    const loginCookie = cookiesSet(login).get(LOGIN_COOKIE)?.value ?? "";
    const authorize = await fetch(login.headers.get("location") ?? "", { redirect: "manual" });
    const callbackUrl = new URL(authorize.headers.get("location") ?? "");
    callbackUrl.searchParams.set("state", "forged-state");
    const forged = await get(
      `${callbackUrl.pathname}${callbackUrl.search}`,
      `${LOGIN_COOKIE}=${loginCookie}`,
    );
    expect(forged.status).toBe(400);
    expect(cookiesSet(forged).has(SESSION_COOKIE)).toBe(false);
    const noCookie = await get(`/auth/callback?code=x&state=y`);
    expect(noCookie.status).toBe(400);
  });

  it("signs in nobody whose token names no Pricewarden tenant and role", async () => {
    cognito.user = { email: "someone@example.com" };
    const { session, callback } = await signIn();
    expect(callback.status).toBe(403);
    expect(session).toBe("");
    expect(await callback.text()).toContain("not for Pricewarden");
  });

  it("never returns to another site after sign-in", async () => {
    for (const target of [
      "//evil.example/x",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const { callback } = await signIn(target);
      expect(callback.headers.get("location")).toBe("/");
    }
  });

  it("treats forged, foreign, expired and access tokens as no session", async () => {
    const tokens = [
      await cognito.idToken(brandUser, { otherKey: true }),
      await cognito.idToken(brandUser, { audience: "the-api-bearer-client" }),
      await cognito.idToken(brandUser, { expiresIn: -120 }),
      await cognito.idToken({ ...brandUser, token_use: "access" }),
      `${(await cognito.idToken(brandUser)).slice(0, -4)}AAAA`,
    ];
    for (const token of tokens) {
      const res = await get("/", `${SESSION_COOKIE}=${token}`);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login\?return=/);
    }
    const valid = await cognito.idToken({ ...brandUser, "custom:tenant": TENANT_B });
    expect((await get("/", `${SESSION_COOKIE}=${valid}`)).status).toBe(200);
  });

  it("serves the dashboard's downloads on the session cookie, and sends a browser without one to sign in", async () => {
    const { session } = await signIn();
    const csv = await get("/export/alerts.csv?status=all", `${SESSION_COOKIE}=${session}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain("华润大药房");
    const anonymous = await get("/export/alerts.xlsx");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?return=%2Fexport%2Falerts\.xlsx/);
  });

  it("answers API clients with 401, not a sign-in redirect", async () => {
    const res = await get("/api/alerts");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
  });

  it("signs out: clears the session and ends the hosted UI's session too", async () => {
    const res = await get("/logout");
    expect(res.status).toBe(302);
    const logout = new URL(res.headers.get("location") ?? "");
    expect(`${logout.origin}${logout.pathname}`).toBe(`${cognito.domain}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: cognito.clientId,
      logout_uri: `${BASE}/signed-out`,
    });
    expect(cookiesSet(res).get(SESSION_COOKIE)?.attributes).toMatch(/Max-Age=0/);
    expect((await get("/signed-out")).status).toBe(200);
  });
});

describe("browser sign-in through the Lambda adapter (payload 2.0 cookies)", () => {
  it("signs in, keeps the session in event.cookies and serves the dashboard", async () => {
    const login = createBrowserLogin({
      issuer: cognito.issuer,
      domain: cognito.domain,
      clientId: cognito.clientId,
      publicBaseUrl: BASE,
    });
    const handler = createApiHandler({
      ...stack.deps,
      authenticate: async (request, env) =>
        (await jwtClaimsAuthenticator(request, env)) ?? (await login.authenticate(request, env)),
      browserLogin: login,
    });
    type Out = { statusCode: number; headers: Record<string, string>; cookies?: string[]; body: string };
    const invoke = async (path: string, cookies: string[] = []) =>
      (await handler(httpApiEvent(path, null, cookies), {} as LambdaContext)) as Out;
    const pair = (cookies: string[] | undefined, name: string) =>
      (cookies ?? []).map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith(`${name}=`)) ?? "";

    const anonymous = await invoke("/sellers");
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe("/login?return=%2Fsellers");
    const started = await invoke("/login?return=%2Fsellers");
    const loginCookie = pair(started.cookies, LOGIN_COOKIE);
    expect(loginCookie).not.toBe("");
    const authorize = await fetch(started.headers.location ?? "", { redirect: "manual" });
    const callbackUrl = new URL(authorize.headers.get("location") ?? "");
    const callback = await invoke(`${callbackUrl.pathname}${callbackUrl.search}`, [loginCookie]);
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe("/sellers");
    const session = pair(callback.cookies, SESSION_COOKIE);
    expect(session).not.toBe("");
    const page = await invoke("/sellers", [session, "other=1"]);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("li.na@brand-a.example");
  });
});

describe("the API function's sign-in settings", () => {
  const base = { TABLE_NAME: "t", AWS_REGION: "us-east-1" };
  it("are all four or none; a partial set is a deployment error", () => {
    expect(browserLoginSettings(base)).toBeNull();
    expect(
      browserLoginSettings({
        ...base,
        AUTH_ISSUER: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/",
        AUTH_DOMAIN: "https://pricewarden-dev-1.auth.us-east-1.amazoncognito.com/",
        AUTH_WEB_CLIENT_ID: "web",
        PUBLIC_BASE_URL: "https://abc.execute-api.us-east-1.amazonaws.com/",
      }),
    ).toEqual({
      issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
      domain: "https://pricewarden-dev-1.auth.us-east-1.amazoncognito.com",
      clientId: "web",
      publicBaseUrl: "https://abc.execute-api.us-east-1.amazonaws.com",
    });
    expect(() => browserLoginSettings({ ...base, AUTH_WEB_CLIENT_ID: "web" })).toThrow(
      /set all of AUTH_ISSUER, AUTH_DOMAIN, AUTH_WEB_CLIENT_ID and PUBLIC_BASE_URL, or none/,
    );
  });
});
