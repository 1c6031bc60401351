import type { Page } from "playwright-core";

/** Links the tour never follows: they sign out, switch the language, or download a file. */
const NOT_PAGES = [
  /^\/(logout|login|signed-out|auth)\b/,
  /^\/lang\//,
  /^\/export\//,
  /^\/api\//,
  /\.(csv|xlsx|zip|pdf|json)$/,
];

/**
 * The kind of page a link opens: its path with ids folded, and the names of its query
 * parameters. `/alerts/abc?x=1` and `/alerts/def?x=2` are one kind; the tour visits one of each.
 */
export function pageKind(href: string, origin: string): string | null {
  const url = new URL(href, origin);
  if (url.origin !== origin) return null;
  if (NOT_PAGES.some((pattern) => pattern.test(url.pathname))) return null;
  const path = url.pathname
    .split("/")
    .map((segment) => (/\d|^[0-9a-f]{12,}$/i.test(segment) && segment.length >= 8 ? ":id" : segment))
    .join("/");
  // A pager link is the same page further on; a cursor is an opaque position.
  const params = [...new Set(url.searchParams.keys())].filter((k) => k !== "cursor" && k !== "before").sort();
  return `${path}${params.length > 0 ? `?${params.join("&")}` : ""}`;
}

/** Same-origin links on the page now, in document order, without fragments. */
export async function linksOn(page: Page): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]", (anchors) =>
    anchors.filter((a) => !a.hasAttribute("download")).map((a) => (a as HTMLAnchorElement).href),
  );
  return hrefs.map((href) => href.split("#")[0] ?? href);
}

/**
 * Every kind of page a user can reach by following links from `start`, one of each, breadth
 * first and at most `limit`: whatever pages the dashboard has when the suite runs.
 */
export async function tourPages(
  page: Page,
  origin: string,
  start: string,
  visit: (url: string) => Promise<void>,
  limit = 24,
): Promise<string[]> {
  const queue = [new URL(start, origin).toString()];
  const kinds = new Set<string>([pageKind(start, origin) ?? start]);
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < limit) {
    const next = queue.shift() as string;
    await visit(next);
    visited.push(next);
    for (const href of await linksOn(page)) {
      const kind = pageKind(href, origin);
      if (kind === null || kinds.has(kind)) continue;
      kinds.add(kind);
      queue.push(href);
    }
  }
  return visited;
}
