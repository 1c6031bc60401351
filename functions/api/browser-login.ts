import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import * as z from "zod";
import type { ApiEnv } from "./api-deps.js";
import type { Authenticate } from "./caller.js";
import { createIdTokenVerifier, type IdTokenSettings, type VerifiedIdToken } from "./id-token-verifier.js";

export interface BrowserLoginSettings extends IdTokenSettings {
  /** The hosted sign-in pages: `https://{prefix}.auth.{region}.amazoncognito.com`. */
  domain: string;
  /** Where the API is reached (the callback and sign-out URLs hang off it), no trailing slash. */
  publicBaseUrl: string;
  /** The token endpoint is called with this; tests point it at a local stand-in. */
  fetch?: typeof fetch;
}

export const SESSION_COOKIE = "__Host-pricewarden-session";
export const LOGIN_COOKIE = "__Host-pricewarden-login";
export const LOGIN_PATH = "/login";
export const CALLBACK_PATH = "/auth/callback";
export const LOGOUT_PATH = "/logout";
export const SIGNED_OUT_PATH = "/signed-out";

const LOGIN_TTL_SECONDS = 600;
const TOKEN_TIMEOUT_MS = 10_000;

/**
 * Browser sign-in for the dashboard on AWS (OAuth 2 authorization code with PKCE against the
 * Cognito hosted UI). The ID token lives in a `__Host-` cookie: Secure, HttpOnly (no script can
 * read it, and the dashboard runs none), SameSite=Lax (not sent on cross-site posts; the app's
 * CSRF check covers the rest), expiring with the token. Every request verifies the token again,
 * so there is no server-side session to leak or revoke.
 */
export interface BrowserLogin {
  /** `/login`, `/auth/callback`, `/logout`, `/signed-out`: reachable without a caller. */
  register(app: Hono<ApiEnv>): void;
  /** The caller of a request that carries a valid session cookie. */
  authenticate: Authenticate;
  /** Where a browser without a session is sent, coming back to `returnTo` afterwards. */
  loginUrl(returnTo: string): string;
  readonly logoutPath: string;
}

export function createBrowserLogin(settings: BrowserLoginSettings): BrowserLogin {
  const verify = createIdTokenVerifier(settings);
  const doFetch = settings.fetch ?? fetch;
  const redirectUri = `${settings.publicBaseUrl}${CALLBACK_PATH}`;

  async function exchange(code: string, verifier: string): Promise<string | null> {
    const res = await doFetch(`${settings.domain}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: settings.clientId,
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
      redirect: "error",
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    if (!res.ok) return null;
    const body = TokenResponseSchema.safeParse(await res.json().catch(() => null));
    return body.success ? body.data.id_token : null;
  }

  return {
    logoutPath: LOGOUT_PATH,
    loginUrl: (returnTo) => `${LOGIN_PATH}?${new URLSearchParams({ return: safeReturnPath(returnTo) })}`,

    authenticate: async (request) => {
      const token = cookieValue(request.headers.get("cookie"), SESSION_COOKIE);
      if (!token) return null;
      return (await verify(token))?.caller ?? null;
    },

    register(routes) {
      routes.get(LOGIN_PATH, (c) => {
        const state = randomToken();
        const verifier = randomToken();
        const returnTo = safeReturnPath(c.req.query("return") ?? "/");
        setCookie(c, LOGIN_COOKIE, `${state}.${verifier}.${Buffer.from(returnTo).toString("base64url")}`, {
          ...cookieBase,
          maxAge: LOGIN_TTL_SECONDS,
        });
        const authorize = new URL(`${settings.domain}/oauth2/authorize`);
        authorize.search = new URLSearchParams({
          response_type: "code",
          client_id: settings.clientId,
          redirect_uri: redirectUri,
          scope: "openid email profile",
          state,
          code_challenge: createHash("sha256").update(verifier).digest("base64url"),
          code_challenge_method: "S256",
        }).toString();
        return c.redirect(authorize.toString(), 302);
      });

      routes.get(CALLBACK_PATH, async (c) => {
        const pending = parseLoginCookie(getCookie(c, LOGIN_COOKIE));
        deleteCookie(c, LOGIN_COOKIE, cookieBase);
        const state = c.req.query("state");
        const code = c.req.query("code");
        if (!pending || !state || !sameText(state, pending.state))
          return message(
            c,
            400,
            "Sign-in expired or was started elsewhere",
            "Start again from the sign-in link.",
          );
        if (c.req.query("error") !== undefined || !code)
          return message(c, 400, "Sign-in was not completed", "Cognito returned no authorization code.");
        let verified: VerifiedIdToken | null = null;
        try {
          const token = await exchange(code, pending.verifier);
          verified = token ? await verify(token) : null;
          if (verified && token) {
            setCookie(c, SESSION_COOKIE, token, {
              ...cookieBase,
              maxAge: Math.max(0, Math.floor((verified.expiresAt.getTime() - Date.now()) / 1000)),
            });
            return c.redirect(pending.returnTo, 303);
          }
        } catch {
          // The token endpoint was unreachable or answered nonsense: said below, never a stack.
        }
        return message(
          c,
          403,
          "Signed in, but not for Pricewarden",
          "Your account has no Pricewarden tenant and role, or the sign-in could not be verified. Ask your administrator.",
        );
      });

      routes.get(LOGOUT_PATH, (c) => {
        deleteCookie(c, SESSION_COOKIE, cookieBase);
        const logout = new URL(`${settings.domain}/logout`);
        logout.search = new URLSearchParams({
          client_id: settings.clientId,
          logout_uri: `${settings.publicBaseUrl}${SIGNED_OUT_PATH}`,
        }).toString();
        return c.redirect(logout.toString(), 302);
      });

      routes.get(SIGNED_OUT_PATH, (c) => message(c, 200, "Signed out", "You can close this page."));
    },
  };
}

const TokenResponseSchema = z.object({ id_token: z.string().min(1).max(8192) });

const cookieBase = { path: "/", secure: true, httpOnly: true, sameSite: "Lax" } as const;

function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Only a path on this site: never `//evil.example`, a scheme, a backslash or a control character. */
export function safeReturnPath(value: string): string {
  if (value.length > 1000 || !value.startsWith("/") || value.startsWith("//")) return "/";
  if ([...value].some((ch) => ch === "\\" || ch < " " || ch === "\u007f")) return "/";
  return value;
}

function parseLoginCookie(
  value: string | undefined,
): { state: string; verifier: string; returnTo: string } | null {
  if (value === undefined) return null;
  const parts = value.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]{1,1400}$/.test(p))) return null;
  const [state, verifier, encoded] = parts as [string, string, string];
  return { state, verifier, returnTo: safeReturnPath(Buffer.from(encoded, "base64url").toString("utf8")) };
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function message(c: Context<ApiEnv>, status: 200 | 400 | 403, title: string, text: string) {
  return c.html(
    html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title} · Pricewarden</title></head>
<body><h1>${title}</h1><p>${text}</p><p><a href="${LOGIN_PATH}">Sign in</a></p></body></html>`,
    status,
  );
}
