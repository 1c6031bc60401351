import { html } from "hono/html";
import type { TenantConfig } from "../core/config.js";
import { workflowText } from "../text/workflow-text.js";
import type { Caller } from "./caller.js";
import type { CallerPrecheck, PrecheckFinding } from "./caller-precheck.js";
import type { Html } from "./dashboard-layout.js";
import { problemsBody } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import type { Problem } from "./request-problems.js";

/** What the form was filled with, echoed back (escaped) next to the answer. */
export type CheckFormValues = Partial<
  Record<"sku" | "channel" | "price" | "seller" | "sellerId" | "shipFrom" | "title" | "promotions", string>
>;

/** Channels the caller can check: every channel for a brand, a distributor's own shops' channels. */
function channelsFor(config: TenantConfig, caller: Caller): TenantConfig["channels"] {
  if (caller.role === "brand") return config.channels;
  const own = config.distributors.find((d) => d.id === caller.distributorId)?.sellers ?? [];
  return config.channels.filter((c) => own.some((s) => s.channel === c.id));
}

/** The pre-check form, with the answer above it when there is one. */
export function checkBody(opts: {
  config: TenantConfig;
  caller: Caller;
  values: CheckFormValues;
  result?: CallerPrecheck;
  problems?: readonly Problem[];
  text?: DashboardText;
}): Html {
  const { config, caller, values } = opts;
  const text = opts.text ?? DASHBOARD_TEXT.en;
  const t = text.check;
  const channels = channelsFor(config, caller);
  const option = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}" ${value === selected ? "selected" : ""}>${label}</option>`;
  const field = (name: keyof CheckFormValues, label: string, hint = "") =>
    html`<label>${label} <input name="${name}" value="${values[name] ?? ""}" placeholder="${hint}"></label>`;
  const answer = opts.problems
    ? problemsBody(text.problems.form, opts.problems)
    : opts.result
      ? resultBody(opts.result, text)
      : "";
  return html`${answer}
<p class="muted">${t.intro}${caller.role === "distributor" ? t.yourShop : ""}</p>
<form method="post" action="/check" class="check">
<label>${t.product} <select name="sku">${config.products.map((p) => option(p.sku, `${p.sku} · ${p.name}`, values.sku))}</select></label>
<label>${t.channel} <select name="channel">${channels.map((c) => option(c.id, c.name, values.channel))}</select></label>
${field("price", t.price, "0.00")}
${caller.role === "brand" ? html`${field("seller", t.shopName)} ${field("sellerId", t.shopId)}` : ""}
${field("shipFrom", t.shipsFrom, "上海")}
${field("title", t.title, "50片*3盒")}
<label>${t.promotions} <textarea name="promotions" rows="3">${values.promotions ?? ""}</textarea></label>
<button type="submit">${t.submit}</button>
</form>`;
}

/**
 * The answer. Problems that would raise an alert are the only red box; monitoring-only findings
 * and a price the law keeps the brand from judging are stated neutrally, never as non-compliance.
 */
function resultBody(result: CallerPrecheck, text: DashboardText): Html {
  const t = text.check;
  const w = workflowText(text.locale).precheck;
  if (result.kind === "bad_input") return problemsBody(result.reason, []);
  const blocking = result.findings.filter((f) => !f.monitoringOnly);
  const info = result.findings.filter((f) => f.monitoringOnly);
  const item = (f: PrecheckFinding) =>
    html`<li><strong>${text.types[f.type]}</strong>: ${f.explanation}</li>`;
  const verdict =
    blocking.length === 0
      ? html`<div class="ok"><p><strong>${w.clean}</strong>${result.seller ? html` · ${t.shop} ${result.seller}` : ""}</p></div>`
      : html`<div class="problems"><p><strong>${w.findings}</strong>${result.seller ? html` · ${t.shop} ${result.seller}` : ""}</p><ul>${blocking.map(item)}</ul></div>`;
  return html`${verdict}
<div class="info precheck-price"><p>${w.yourPrice}${result.price}</p>${
    result.priceRules === "not_evaluated" ? html`<p class="muted">${w.noPriceJudgement}</p>` : ""
  }${info.length > 0 ? html`<p>${w.noted}</p><ul>${info.map(item)}</ul>` : ""}</div>`;
}
