import { html } from "hono/html";
import type { TenantConfig } from "../core/config.js";
import { boundedText } from "./bounded-text.js";
import type { Html } from "./dashboard-layout.js";
import { channelName, distributorName, moneyText, productName, timeText } from "./display-format.js";
import type { SellerSummary } from "./seller-summary.js";

/** Sellers seen per SKU and channel, with whether they are allowed to sell. */
export function sellersBody(sellers: readonly SellerSummary[], config: TenantConfig | null): Html {
  if (sellers.length === 0) return html`<p class="empty">No listings seen yet.</p>`;
  const zone = config?.timezone ?? "Asia/Shanghai";
  const skus = [...new Set(sellers.map((s) => s.sku))];
  return html`${skus.map((sku) => {
    const rows = sellers.filter((s) => s.sku === sku);
    const name = productName(config, sku);
    return html`<h2>${sku}${name ? html` <span class="muted">${boundedText(name, 120)}</span>` : ""} <a class="muted" href="/history?sku=${encodeURIComponent(sku)}">price history</a></h2>
<table>
<thead><tr><th>Channel</th><th>Seller</th><th>Authorization</th><th>Listings</th><th>Lowest price</th><th title="The last check that changed something; unchanged listings are confirmed at least daily">Last checked</th></tr></thead>
<tbody>${rows.map(
      (s) => html`<tr>
<td>${boundedText(channelName(config, s.channel), 60)}</td>
<td>${s.seller ? boundedText(s.seller, 120) : html`<span class="muted">not identified</span>`}${
        s.sellerId ? html`<br><span class="muted">id ${boundedText(s.sellerId, 60)}</span>` : ""
      }</td>
<td>${authorization(s, config)}</td>
<td class="num">${s.listings}</td>
<td class="num">${moneyText(s.lowestPrice, s.currency)}</td>
<td><span class="muted">${timeText(s.lastCheckedAt, zone)}</span></td>
</tr>`,
    )}</tbody>
</table>`;
  })}`;
}

function authorization(s: SellerSummary, config: TenantConfig | null): Html {
  if (s.sellerKind === "official") return html`<span class="badge ok">official store</span>`;
  if (s.sellerKind === "distributor")
    return html`<span class="badge ok">authorized</span> ${boundedText(distributorName(config, s.distributorId), 80)}`;
  if (s.sellerKind === "unknown") return html`<span class="badge bad">unauthorized</span>`;
  return html`<span class="badge info">not identified</span>`;
}
