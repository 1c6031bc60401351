import { html } from "hono/html";
import type { TenantConfig } from "../core/config.js";
import type { ListingState } from "../store/listing-repository.js";
import { unmatchedReasonText } from "../text/match-text.js";
import { boundedText } from "./bounded-text.js";
import type { Html } from "./dashboard-layout.js";
import { DASHBOARD_TEXT, type DashboardText } from "./dashboard-text.js";
import { channelName, moneyText, timeText } from "./display-format.js";
import { safeHref } from "./safe-href.js";

/**
 * Listings that mention the brand but matched no product closely enough to judge: never alerted
 * on, so a person decides (a new pack size to add to the config, a look-alike, a counterfeit).
 */
export function reviewBody(
  listings: readonly ListingState[],
  config: TenantConfig | null,
  text: DashboardText = DASHBOARD_TEXT.en,
): Html {
  const t = text.review;
  if (listings.length === 0) return html`<p class="empty">${t.none}</p>`;
  const zone = config?.timezone ?? "Asia/Shanghai";
  return html`<p class="muted">${t.intro}</p>
<table>
<thead><tr>${t.head.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${listings.map((l) => {
    const href = safeHref(l.url);
    return html`<tr>
<td>${boundedText(l.title, 200)}<br>${
      href
        ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${text.alerts.openListing}</a>`
        : html`<span class="muted">${boundedText(l.url, 200)}</span>`
    }</td>
<td>${l.seller ? boundedText(l.seller, 120) : html`<span class="muted">${text.sellers.notIdentified}</span>`}</td>
<td>${boundedText(channelName(config, l.channel, text.locale), 60)}</td>
<td class="num">${moneyText(l.listedPrice, l.currency)}</td>
<td><span class="muted">${boundedText(unmatchedReasonText(l.outcomeReason, text.locale), 300)}${
      l.matchConfidence !== null ? html`<br>${t.bestMatch} ${l.matchConfidence.toFixed(2)}` : ""
    }</span></td>
<td><span class="muted">${timeText(l.lastCheckedAt, zone, text.locale)}</span></td>
</tr>`;
  })}</tbody>
</table>`;
}
