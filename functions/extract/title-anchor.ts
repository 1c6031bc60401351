/**
 * Where the product title occurs in page text, so text rules read what follows it. Titles from
 * meta tags carry a site suffix ("… | Shop"), so only their head is searched.
 */
export function titleAnchor(text: string, title: string | null): number {
  return titleAnchors(text, title, 1)[0] ?? -1;
}

/** Up to `max` places where the title occurs (breadcrumb, heading, buy box…), in page order. */
export function titleAnchors(text: string, title: string | null, max: number): number[] {
  const clean = title?.replace(/\s+/g, " ").trim() ?? "";
  for (const length of [30, 15, 8]) {
    const probe = clean.slice(0, length);
    if (probe.length < 4) return [];
    const found: number[] = [];
    for (
      let at = text.indexOf(probe);
      at >= 0 && found.length < max;
      at = text.indexOf(probe, at + probe.length)
    )
      found.push(at);
    if (found.length > 0) return found;
  }
  return [];
}
