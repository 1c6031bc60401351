/** A response a page's own script received (a HAR entry, or the renderer's recording of it). */
export interface CapturedResponse {
  url: string;
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/**
 * Headers a captured response keeps: what reading and classifying it needs (the JD challenge
 * header among them), never the customer's cookies or tokens (`set-cookie`, `authorization`), which
 * a HAR and a signed-in render carry and evidence must not.
 */
const KEPT_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "date",
  "last-modified",
  "location",
  "retry-after",
  "x-rp-content",
]);

export function keptHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (KEPT_HEADERS.has(key)) kept[key] = value.slice(0, 4096);
  }
  return kept;
}
