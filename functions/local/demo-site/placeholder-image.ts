import { escapeHtml } from "../../core/escape-html.js";
import { seededRandom } from "./seeded-random.js";

/** A product-photo stand-in, so screenshots of demo pages show images without any network. */
export function placeholderSvg(name: string): string {
  const rng = seededRandom(`img:${name}`);
  const hue = rng.int(0, 359);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400"><rect width="400" height="400" fill="hsl(${hue},40%,88%)"/><rect x="110" y="90" width="180" height="220" rx="16" fill="hsl(${hue},45%,62%)"/><text x="200" y="360" font-size="22" text-anchor="middle" fill="#555">${escapeHtml(name)}</text></svg>`;
}
