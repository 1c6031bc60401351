const MAX_HREF = 2048;

/** A crawled URL as a link target only when it is plain http(s); `javascript:` and friends never. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url || url.length > MAX_HREF) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.href;
}
