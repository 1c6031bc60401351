/**
 * Where the product title occurs in page text, so text rules read what follows it. Titles from
 * meta tags carry a site suffix ("… | Shop"), so only their head is searched.
 */
export function titleAnchor(text: string, title: string | null): number {
  const clean = title?.replace(/\s+/g, " ").trim() ?? "";
  for (const length of [30, 15, 8]) {
    const probe = clean.slice(0, length);
    if (probe.length < 4) return -1;
    const at = text.indexOf(probe);
    if (at >= 0) return at;
  }
  return -1;
}
