import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { TenantConfig } from "../core/config.js";
import type { ListingState, Observation } from "../store/listing-repository.js";
import { observationReasonLabel, stockLabel } from "../text/labels-text.js";
import { boundedText } from "./bounded-text.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import { channelName, moneyText, productName, timeText } from "./display-format.js";
import { priceChart } from "./price-chart.js";
import { safeHref } from "./safe-href.js";

/** Newest rows shown per listing; the JSON API has them all. */
const MAX_ROWS = 200;

export function skuPickerBody(
  skus: readonly string[],
  config: TenantConfig | null,
  text: DashboardText = DASHBOARD_TEXT.en,
): Html {
  if (skus.length === 0) return html`<p class="empty">${text.history.noProducts}</p>`;
  return html`<p>${text.history.choose}</p><ul>${skus.map((sku) => {
    const name = productName(config, sku);
    return html`<li><a href="/history?sku=${encodeURIComponent(sku)}">${sku}</a>${name ? html` ${boundedText(name, 120)}` : ""}</li>`;
  })}</ul>`;
}

export async function historyBody(
  entries: ReadonlyArray<{
    listing: ListingState;
    observations: readonly Observation[];
    /** Older observations were left out (the store read only the newest). */
    truncated?: boolean;
  }>,
  config: TenantConfig | null,
  text: DashboardText = DASHBOARD_TEXT.en,
  /** The product shown: its floor and ceiling are drawn on the chart. */
  sku?: string,
): Promise<HtmlEscapedString> {
  const t = text.history;
  if (entries.length === 0) return html`<p class="empty">${t.none}</p>`;
  const zone = config?.timezone ?? "Asia/Shanghai";
  const chart = sku
    ? await priceChart({ sku, entries, config, locale: text.htmlLang === "zh-CN" ? "zh-CN" : "en" })
    : null;
  // The chart is a picture of the tables below it, which stay for screen readers and exact values.
  return html`${
    chart
      ? html`<figure class="chart" role="img" aria-label="${chart.summary}">${raw(chart.svg)}</figure>`
      : ""
  }${entries.map(({ listing, observations, truncated }) => {
    const href = safeHref(listing.url);
    const rows = observations.slice(-MAX_ROWS).reverse();
    return html`<h2>${listing.seller ? boundedText(listing.seller, 120) : text.alerts.unknownSeller} · ${boundedText(
      channelName(config, listing.channel),
      60,
    )}</h2>
<p class="muted">${boundedText(listing.title, 200)} ${
      href
        ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${text.alerts.openListing}</a>`
        : ""
    }</p>
<table>
<thead><tr>${t.head.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows.map(
      (o) =>
        html`<tr><td>${timeText(o.at, zone, text.locale)}</td><td class="num">${moneyText(o.listedPrice, o.currency)}</td><td class="num">${moneyText(
          o.effectivePrice,
          o.currency,
        )}</td><td class="num">${moneyText(o.perPackPrice, o.currency)}</td><td>${stockLabel(o.availability, text.locale)}</td><td>${observationReasonLabel(o.reason, text.locale)}</td></tr>`,
    )}</tbody>
</table>${
      observations.length > MAX_ROWS
        ? html`<p class="muted">${t.newest(MAX_ROWS, observations.length)}</p>`
        : truncated
          ? html`<p class="muted">${t.newestOnly(rows.length)}</p>`
          : ""
    }`;
  })}`;
}
