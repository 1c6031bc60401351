import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { HOME_TEXT } from "../text/home-text.js";
import { TENANT_CHOICE_TEXT } from "../text/tenant-choice-text.js";
import type { Caller } from "./caller.js";
import { DASHBOARD_CSS } from "./dashboard-style.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import type { TenantChooser } from "./local-tenant-choice.js";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const NAV = [
  { href: "/", key: "home", brandOnly: true },
  { href: "/alerts", key: "alerts" },
  { href: "/sellers", key: "sellers" },
  { href: "/history", key: "history" },
  { href: "/check", key: "check" },
  { href: "/review", key: "review", brandOnly: true },
  { href: "/imports", key: "imports", brandOnly: true },
] as const;
export type NavKey = (typeof NAV)[number]["key"] | "none";

/**
 * The page shell. Everything interpolated through `html` is escaped by hono; only other `html`
 * fragments pass through unescaped, and the stylesheet is our constant (its hash is in the CSP).
 */
export function dashboardPage(opts: {
  title: string;
  caller: Caller;
  active: NavKey;
  body: Html;
  signOutPath?: string | null;
  text?: DashboardText;
  /** The local server's brand chooser; absent or null: none (one tenant, or AWS). */
  tenantChoice?: TenantChooser | null;
}): Html {
  const t = opts.text ?? DASHBOARD_TEXT.en;
  const who =
    opts.caller.role === "brand"
      ? `${opts.caller.name} · ${opts.caller.tenant}`
      : `${opts.caller.name} · ${t.distributor} ${opts.caller.distributorId} · ${opts.caller.tenant}`;
  return html`<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title} · Pricewarden</title>
<style>${raw(DASHBOARD_CSS)}</style>
</head>
<body>
<header><strong class="brand">Pricewarden</strong><nav>${NAV.filter(
    (n) => !("brandOnly" in n) || opts.caller.role === "brand",
  ).map(
    (n) =>
      html`<a href="${n.href}" class="${n.key === opts.active ? "on" : ""}">${n.key === "home" ? HOME_TEXT[t.locale].title : t.nav[n.key]}</a>`,
  )}</nav><span class="who" title="${who}">${who}</span><span class="tools">${
    opts.tenantChoice ? tenantChooserForm(opts.tenantChoice, t) : ""
  }<a href="/lang/${t === DASHBOARD_TEXT.zh ? "en" : "zh"}">${t.switchTo}</a>${
    opts.signOutPath ? html`<a href="${opts.signOutPath}">${t.signOut}</a>` : ""
  }</span></header>
<main>
<h1>${opts.title}</h1>
${opts.body}
</main>
</body>
</html>`;
}

/** A plain form (no script): the choice posts to the local route, which comes back to this page. */
function tenantChooserForm(choice: TenantChooser, t: DashboardText): Html {
  const words = TENANT_CHOICE_TEXT[t.locale];
  return html`<form method="post" action="${choice.action}"><label>${words.label} <select name="tenant">${choice.tenants.map(
    (option) =>
      html`<option value="${option.tenant}"${option.tenant === choice.current ? raw(" selected") : ""}>${option.tenant}${option.paused ? words.paused : ""}</option>`,
  )}</select></label><input type="hidden" name="back" value="${choice.back}"><button type="submit">${words.submit}</button></form>`;
}

/** 400/404 pages list what was wrong, escaped like everything else. */
export function problemsBody(message: string, problems: readonly { path: string; message: string }[]): Html {
  return html`<div class="problems"><p>${message}</p>${
    problems.length > 0
      ? html`<ul>${problems.map((p) => html`<li><code>${p.path}</code>: ${p.message}</li>`)}</ul>`
      : ""
  }</div>`;
}
