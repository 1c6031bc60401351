import { decodeHTML, decodeHTMLAttribute } from "entities";

/**
 * Character references decoded by the `entities` package, the decoder htmlparser2 (and so
 * cheerio) uses itself: the DOM-free readers and the DOM agree on every reference, including
 * legacy names without `;`, numeric references without `;` and the C1 remapping.
 */
export function decodeHtmlEntities(text: string): string {
  return text.includes("&") ? decodeHTML(text) : text;
}

const WHITESPACE = /\s/g;

function whitespaceCount(text: string): number {
  return text.match(WHITESPACE)?.length ?? 0;
}

/**
 * `decodeHtmlEntities`, and whether any reference decoded to whitespace (which may need
 * collapsing). A reference is never whitespace itself, so more whitespace after decoding means a
 * reference produced some.
 */
export function decodeReporting(text: string): { text: string; whitespace: boolean } {
  if (!text.includes("&")) return { text, whitespace: false };
  const decoded = decodeHTML(text);
  return { text: decoded, whitespace: whitespaceCount(decoded) > whitespaceCount(text) };
}

/**
 * Decodes references as htmlparser2 does in text (`inAttribute` false) or in a whole attribute
 * value. At a value's end htmlparser2 flushes its decoder, which completes a legacy name that is
 * still a prefix of a longer one (`title="&notin"` → "¬in"); a trailing space does the same here.
 */
export function decodeLikeParser(text: string, inAttribute: boolean): string {
  if (!text.includes("&")) return text;
  return inAttribute ? decodeHTMLAttribute(`${text} `).slice(0, -1) : decodeHTML(text);
}
