import { html } from "hono/html";
import type { Html } from "./dashboard-layout.js";
import type { DashboardText } from "./dashboard-text.js";
import type { ListPage } from "./list-page.js";

/**
 * "Previous" and "Next" links under a list page, keeping the page's filters. Both are plain links
 * (no script): `cursor` reads on after this page, `before` reads the page that ends at its first item.
 */
export function pagerLinks(
  path: string,
  filters: Record<string, string | number | undefined>,
  page: Pick<Extract<ListPage<unknown>, { kind: "page" }>, "previous" | "nextCursor">,
  text: DashboardText,
): Html | "" {
  const link = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== "") params.set(k, String(v));
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  };
  const previous = page.previous;
  if (!previous && !page.nextCursor) return "";
  return html`<p class="pager">${
    previous
      ? "before" in previous
        ? html`<a rel="prev" href="${link({ before: previous.before })}">${text.pager.previous}</a>`
        : html`<a rel="prev" href="${link({})}">${text.pager.first}</a>`
      : ""
  }${previous && page.nextCursor ? " · " : ""}${
    page.nextCursor
      ? html`<a rel="next" href="${link({ cursor: page.nextCursor })}">${text.pager.next}</a>`
      : ""
  }</p>`;
}
