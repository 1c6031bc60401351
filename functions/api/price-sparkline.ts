import { html } from "hono/html";
import type { Html } from "./dashboard-layout.js";

const WIDTH = 160;
const HEIGHT = 32;
const PAD = 2;

/**
 * An inline SVG line of prices (minor units), oldest to newest. Only numbers we computed go
 * into attributes; no script, no style attribute, so the CSP needs nothing extra.
 */
export function priceSparkline(prices: readonly number[]): Html {
  if (prices.length < 2) return html``;
  const min = Math.min(...prices);
  const max = Math.max(...prices);
  const span = max - min || 1;
  const stepX = (WIDTH - 2 * PAD) / (prices.length - 1);
  const points = prices
    .map((p, i) => {
      const x = PAD + i * stepX;
      const y = HEIGHT - PAD - ((p - min) / span) * (HEIGHT - 2 * PAD);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return html`<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="price trend"><polyline points="${points}" fill="none" stroke="#0969da" stroke-width="1.5"/></svg>`;
}
