import { html } from "hono/html";
import type { TenantConfig } from "../core/config.js";
import { boundedText } from "./bounded-text.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import { channelName, distributorName, moneyText, productName, timeText } from "./display-format.js";
import type { SellerSummary } from "./seller-summary.js";

/** Sellers seen per SKU and channel, with whether they are allowed to sell. */
export function sellersBody(
  sellers: readonly SellerSummary[],
  config: TenantConfig | null,
  text: DashboardText = DASHBOARD_TEXT.en,
): Html {
  const t = text.sellers;
  if (sellers.length === 0) return html`<p class="empty">${t.none}</p>`;
  const zone = config?.timezone ?? "Asia/Shanghai";
  const skus = [...new Set(sellers.map((s) => s.sku))];
  return html`${skus.map((sku) => {
    const rows = sellers.filter((s) => s.sku === sku);
    const name = productName(config, sku);
    return html`<h2>${sku}${name ? html` <span class="muted">${boundedText(name, 120)}</span>` : ""} <a class="muted" href="/history?sku=${encodeURIComponent(sku)}">${t.priceHistory}</a></h2>
<table>
<thead><tr>${t.head.map((h) => html`<th>${h}</th>`)}<th title="${t.lastCheckedTitle}">${t.lastChecked}</th></tr></thead>
<tbody>${rows.map(
      (s) => html`<tr>
<td>${boundedText(channelName(config, s.channel, text.locale), 60)}</td>
<td>${s.seller ? boundedText(s.seller, 120) : html`<span class="muted">${t.notIdentified}</span>`}${
        s.sellerId ? html`<br><span class="muted">ID ${boundedText(s.sellerId, 60)}</span>` : ""
      }</td>
<td>${authorization(s, config, text)}</td>
<td class="num">${s.listings}</td>
<td class="num">${moneyText(s.lowestPrice, s.currency)}</td>
<td><span class="muted">${timeText(s.lastCheckedAt, zone, text.locale)}</span></td>
</tr>`,
    )}</tbody>
</table>`;
  })}`;
}

function authorization(s: SellerSummary, config: TenantConfig | null, text: DashboardText): Html {
  const t = text.sellers;
  if (s.sellerKind === "official") return html`<span class="badge ok">${t.official}</span>`;
  if (s.sellerKind === "distributor")
    return html`<span class="badge ok">${t.authorized}</span> ${boundedText(distributorName(config, s.distributorId), 80)}`;
  if (s.sellerKind === "unknown") return html`<span class="badge bad">${t.unauthorized}</span>`;
  return html`<span class="badge info">${t.notIdentified}</span>`;
}
