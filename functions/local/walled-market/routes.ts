import { renderNotFoundPage } from "../demo-site/not-found-page.js";
import { placeholderSvg } from "../demo-site/placeholder-image.js";
import { answerApi } from "./api.js";
import { AREA_NAMES, DEFAULT_AREA, findItem, WALLED_ITEMS } from "./catalog.js";
import { renderIndexPage } from "./pages/index-page.js";
import { renderItemPage } from "./pages/item-page.js";
import { renderLoginForm } from "./pages/login-form.js";
import { LOGIN_STUB } from "./pages/login-stub.js";
import { renderMobileItem } from "./pages/mobile-item-page.js";
import { RISK_PAGE } from "./pages/risk-page.js";
import { renderSearchPage } from "./pages/search-page.js";
import { renderShopPage } from "./pages/shop-page.js";
import type { PageRateLimiter } from "./rate-limit.js";
import type { WalledRequestKind } from "./request-log.js";
import { searchPage } from "./search.js";
import {
  AREA_COOKIE,
  normalizeArea,
  parseCookies,
  SESSION_COOKIE,
  type SessionRecord,
  type SessionStore,
} from "./sessions.js";
import { type NonceBook, signerScript } from "./token.js";

/**
 * Which answer a request gets: plain data in, plain reply out (the server only wires it).
 * Signed out, every item and search URL gets the same login stub; signed in, page loads count
 * against the session's rate limit before anything else is decided.
 */

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  kind: WalledRequestKind;
  sessionId: string | null;
}

export interface RouteContext {
  sessions: SessionStore;
  nonces: NonceBook;
  limiter: PageRateLimiter;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
}

export interface RouteRequest {
  method: string;
  url: URL;
  cookie: string | undefined;
  /** A POST's form body (urlencoded), already read. */
  form: URLSearchParams | null;
}

const HTML = "text/html; charset=utf-8";
const PASSWORD = "demo";

const ROBOTS = "User-agent: *\nDisallow: /cart/\nDisallow: /api\nAllow: /\n";

function html(body: string, kind: WalledRequestKind, session: SessionRecord | null, status = 200): Reply {
  return { status, headers: { "content-type": HTML }, body, kind, sessionId: session?.id ?? null };
}

function redirect(
  location: string,
  kind: WalledRequestKind,
  cookies: string[],
  sessionId: string | null,
): Reply {
  return { status: 302, headers: { location, "set-cookie": cookies }, body: "", kind, sessionId };
}

/** Only a path on this site: `/item/1.html`, never `//evil` or `https://…`. */
function safeReturn(raw: string | null): string {
  if (!raw?.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  return raw.slice(0, 500);
}

function areaName(area: string): string {
  return AREA_NAMES[area] ?? area;
}

function login(req: RouteRequest, ctx: RouteContext, session: SessionRecord | null): Reply {
  if (req.method !== "POST") {
    const returnUrl = safeReturn(req.url.searchParams.get("ReturnUrl"));
    return html(
      renderLoginForm({ returnUrl, error: null, signedInAs: session?.username ?? null }),
      "login",
      session,
    );
  }
  const form = req.form ?? new URLSearchParams();
  const username = (form.get("username") ?? "").trim().slice(0, 40);
  const returnUrl = safeReturn(form.get("ReturnUrl"));
  if (username === "" || form.get("password") !== PASSWORD) {
    const error = "账户名与密码不匹配，请重新输入（演示密码：demo）";
    return html(renderLoginForm({ returnUrl, error, signedInAs: null }), "login", null, 200);
  }
  const area = normalizeArea(form.get("area")) ?? DEFAULT_AREA;
  const created = ctx.sessions.create({ username, area });
  return redirect(
    returnUrl,
    "login",
    [
      `${SESSION_COOKIE}=${created.id}; Path=/; HttpOnly; SameSite=Lax`,
      `${AREA_COOKIE}=${area.replace(/_/g, "-")}; Path=/; SameSite=Lax`,
    ],
    created.id,
  );
}

export function route(req: RouteRequest, ctx: RouteContext): Reply {
  const { url } = req;
  const path = url.pathname;
  const cookies = parseCookies(req.cookie);
  const session = ctx.sessions.active(cookies.get(SESSION_COOKIE));
  const area = normalizeArea(cookies.get(AREA_COOKIE)) ?? session?.area ?? DEFAULT_AREA;

  if (path === "/login") return login(req, ctx, session);
  if (req.method !== "GET" && req.method !== "HEAD")
    return {
      status: 405,
      headers: { allow: "GET, HEAD" },
      body: "",
      kind: "other",
      sessionId: session?.id ?? null,
    };
  if (path === "/logout") {
    if (session) ctx.sessions.expire(session.id);
    return redirect(
      "/",
      "login",
      [
        `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
        `${AREA_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`,
      ],
      session?.id ?? null,
    );
  }
  if (path === "/api") {
    const reply = answerApi(url, {
      session,
      cookieArea: area,
      nonces: ctx.nonces,
      limiter: ctx.limiter,
      origin: ctx.origin,
    });
    return { ...reply, sessionId: session?.id ?? null };
  }
  if (path === "/") return html(renderIndexPage(session?.username ?? null), "other", session);
  if (path === "/robots.txt")
    return {
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: ROBOTS,
      kind: "other",
      sessionId: session?.id ?? null,
    };
  if (path === "/risk_handler") return html(RISK_PAGE, "risk", session);
  const img = /^\/static\/img\/([\w-]{1,64})\.svg$/.exec(path);
  if (img?.[1])
    return {
      status: 200,
      headers: { "content-type": "image/svg+xml" },
      body: placeholderSvg(img[1]),
      kind: "other",
      sessionId: session?.id ?? null,
    };
  if (path === "/favicon.ico")
    return { status: 204, headers: {}, body: "", kind: "other", sessionId: session?.id ?? null };
  const shop = /^\/mall\/index-(\d{1,12})\.html$/.exec(path);
  if (shop) {
    const seller = WALLED_ITEMS.find((i) => i.seller.shopId === shop[1])?.seller;
    return seller
      ? html(renderShopPage(seller), "other", session)
      : html(renderNotFoundPage(path), "other", session, 404);
  }

  const item = /^\/item\/(\d{1,20})\.html$/.exec(path);
  const mobile = /^\/m\/item\/(\d{1,20})\.html$/.exec(path);
  const search = path === "/search";
  if (!item && !mobile && !search) return html(renderNotFoundPage(path), "other", session, 404);

  if (!session) {
    if (mobile) {
      const found = findItem(mobile[1] ?? "");
      return found?.hasPage
        ? html(renderMobileItem(found, { signedIn: false, area }), "stub", null)
        : html(renderNotFoundPage(path), "stub", null, 404);
    }
    return html(LOGIN_STUB, "stub", null);
  }
  if (!ctx.limiter.allowPage(session.id)) return html(RISK_PAGE, "risk", session);

  const base = { area, areaName: areaName(area), username: session.username };
  if (search) {
    const keyword = (url.searchParams.get("keyword") ?? "").slice(0, 100);
    const requested = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
    const { pageCount } = searchPage(keyword, 1);
    const page = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pageCount) : 1;
    const signer = signerScript(ctx.nonces.issue(session.id));
    return html(renderSearchPage({ ...base, keyword, page, pageCount, signer }), "search", session);
  }
  const skuId = (item ?? mobile)?.[1] ?? "";
  const found = findItem(skuId);
  if (!found?.hasPage) return html(renderNotFoundPage(path), "item", session, 404);
  if (mobile) return html(renderMobileItem(found, { signedIn: true, area }), "item", session);
  const signer = signerScript(ctx.nonces.issue(session.id));
  return html(renderItemPage({ ...base, item: found, origin: ctx.origin, signer }), "item", session);
}
