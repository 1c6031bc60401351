import { decodeHtmlEntities } from "./html-entities.js";

/** One `<meta>` tag: its key (property, name or itemprop, lower-cased) and content. */
export interface MetaTag {
  key: string;
  content: string;
  /** `itemprop` metas belong to microdata, the rest to OpenGraph / product meta. */
  microdata: boolean;
}

/** What the DOM-free pass finds: enough to skip building a DOM on pages with structured data. */
export interface HtmlScan {
  jsonLd: string[];
  metas: MetaTag[];
  title: string | null;
  hasMicrodata: boolean;
}

const MAX_JSON_LD_BLOCKS = 50;
const MAX_JSON_LD_CHARS = 1_000_000;
const MAX_METAS = 500;

// `[^<>]` bounds every attempt at the next `<`, so hostile input ("<<<<") stays linear.
const SCRIPT_OPEN = /<script\b([^<>]{0,1000})>/gi;
const META_TAG = /<meta\b([^<>]{0,4000})>/gi;
const SCRIPT_CLOSE = /<\/script/gi;
const ITEMPROP = /itemprop/i;
const TITLE = /<title\b[^<>]{0,500}>([^<]{0,2000})<\/title/i;
const ATTRIBUTE = /([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;

export function parseAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1]?.toLowerCase();
    if (name === undefined || attrs.has(name)) continue;
    attrs.set(name, decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return attrs;
}

/** Reads JSON-LD blocks, meta tags and the title with regular expressions and no DOM. */
export function scanHtml(html: string): HtmlScan {
  const jsonLd: string[] = [];
  for (const m of html.matchAll(SCRIPT_OPEN)) {
    if (jsonLd.length >= MAX_JSON_LD_BLOCKS) break;
    const type = parseAttributes(m[1] ?? "").get("type") ?? "";
    if (!type.toLowerCase().includes("ld+json")) continue;
    const start = m.index + m[0].length;
    SCRIPT_CLOSE.lastIndex = start;
    const end = SCRIPT_CLOSE.exec(html)?.index ?? -1;
    const body = html.slice(start, end === -1 ? html.length : end);
    if (body.length <= MAX_JSON_LD_CHARS) jsonLd.push(body);
  }

  const metas: MetaTag[] = [];
  for (const m of html.matchAll(META_TAG)) {
    if (metas.length >= MAX_METAS) break;
    const attrs = parseAttributes(m[1] ?? "");
    const named = attrs.get("property") ?? attrs.get("name");
    const key = named ?? attrs.get("itemprop");
    const content = attrs.get("content");
    if (key !== undefined && content !== undefined)
      metas.push({ key: key.toLowerCase(), content, microdata: named === undefined });
  }

  const titleMatch = TITLE.exec(html);
  const title = titleMatch?.[1]
    ? decodeHtmlEntities(titleMatch[1]).replace(/\s+/g, " ").trim() || null
    : null;
  // Case-insensitive scans instead of a lower-cased copy of the page.
  return { jsonLd, metas, title, hasMicrodata: ITEMPROP.test(html) };
}
