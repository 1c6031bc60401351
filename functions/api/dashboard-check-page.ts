import { html } from "hono/html";
import type { TenantConfig } from "../core/config.js";
import type { Caller } from "./caller.js";
import type { CallerPrecheck } from "./caller-precheck.js";
import type { Html } from "./dashboard-layout.js";
import { problemsBody } from "./dashboard-layout.js";
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
}): Html {
  const { config, caller, values } = opts;
  const channels = channelsFor(config, caller);
  const option = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}" ${value === selected ? "selected" : ""}>${label}</option>`;
  const field = (name: keyof CheckFormValues, label: string, hint = "") =>
    html`<label>${label} <input name="${name}" value="${values[name] ?? ""}" placeholder="${hint}"></label>`;
  const answer = opts.problems
    ? problemsBody("The form has problems:", opts.problems)
    : opts.result
      ? resultBody(opts.result)
      : "";
  return html`${answer}
<p class="muted">Would this listing raise an alert? The same rules as a crawled page, on what you plan to publish.${
    caller.role === "distributor" ? " The shop checked is yours on the chosen channel." : ""
  }</p>
<form method="post" action="/check" class="check">
<label>Product <select name="sku">${config.products.map((p) => option(p.sku, `${p.sku} · ${p.name}`, values.sku))}</select></label>
<label>Channel <select name="channel">${channels.map((c) => option(c.id, c.name, values.channel))}</select></label>
${field("price", "Price", "159.00")}
${caller.role === "brand" ? html`${field("seller", "Shop name")} ${field("sellerId", "Shop id")}` : ""}
${field("shipFrom", "Ships from", "上海")}
${field("title", "Listing title", "50片*3盒")}
<label>Promotions, one per line <textarea name="promotions" rows="3">${values.promotions ?? ""}</textarea></label>
<button type="submit">Check</button>
</form>`;
}

function resultBody(result: CallerPrecheck): Html {
  if (result.kind === "bad_input") return problemsBody(result.reason, []);
  const blocking = result.findings.filter((f) => !f.monitoringOnly);
  const info = result.findings.filter((f) => f.monitoringOnly);
  return html`<div class="${result.compliant ? "ok" : "problems"}">
<p><strong>${result.compliant ? "Compliant" : "Not compliant"}</strong>${
    result.seller ? html` · shop ${result.seller}` : ""
  }</p>
<p>Price: ${result.price}</p>
${blocking.length > 0 ? html`<ul>${blocking.map((f) => html`<li><code>${f.type}</code> (${f.severity}): ${f.explanation}</li>`)}</ul>` : ""}
${info.length > 0 ? html`<ul>${info.map((f) => html`<li><code>${f.type}</code>: ${f.explanation}</li>`)}</ul>` : ""}
</div>`;
}
