import iconv from "iconv-lite";

/** Where the page's charset came from, in the WHATWG order of precedence. */
export type CharsetSource = "bom" | "header" | "meta" | "default";

/** Only the first bytes are searched for <meta charset>, as browsers do (WHATWG prescan: 1024; we allow 4 KB). */
export const META_SCAN_BYTES = 4096;

/**
 * Label → the name we report and the iconv-lite decoder. GBK and GB2312 labels decode with the
 * GB18030 decoder (its superset, as the WHATWG Encoding standard does); Big5 with HKSCS.
 */
const LABELS: Record<string, { name: string; decoder: string }> = {};
const family = (name: string, decoder: string, labels: string[]) => {
  for (const label of [name, ...labels]) LABELS[label] = { name, decoder };
};
family("utf-8", "utf8", ["utf8", "unicode-1-1-utf-8", "x-unicode20utf8"]);
family("gbk", "gb18030", [
  "gb2312",
  "x-gbk",
  "chinese",
  "csgb2312",
  "gb_2312",
  "gb_2312-80",
  "iso-ir-58",
  "cp936",
  "windows-936",
  "ms936",
]);
family("gb18030", "gb18030", []);
family("big5", "big5hkscs", ["big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"]);
family("utf-16le", "utf16le", ["utf-16", "ucs-2", "unicode", "csunicode"]);
family("utf-16be", "utf16be", ["unicodefffe"]);
family("windows-1252", "win1252", ["iso-8859-1", "latin1", "us-ascii", "ascii", "l1", "cp1252", "iso8859-1"]);
family("shift_jis", "shiftjis", ["sjis", "ms_kanji", "x-sjis", "windows-31j"]);
family("euc-jp", "eucjp", []);
family("euc-kr", "euckr", ["ks_c_5601-1987", "windows-949", "cp949"]);

function lookupLabel(label: string): { name: string; decoder: string } | null {
  const key = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  const known = LABELS[key];
  if (known) return known;
  return key !== "" && iconv.encodingExists(key) ? { name: key, decoder: key } : null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return match?.[2] ?? null;
}

const META = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.+-]+)/i;

export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_SCAN_BYTES));
  return META.exec(head.toString("latin1"))?.[1] ?? null;
}

export function detectCharset(
  contentType: string | null,
  bytes: Uint8Array,
): { name: string; decoder: string; source: CharsetSource } {
  const bom = bomCharset(bytes);
  if (bom) return { ...lookupLabel(bom)!, source: "bom" };
  const fromHeader = charsetFromContentType(contentType);
  const header = fromHeader ? lookupLabel(fromHeader) : null;
  if (header) return { ...header, source: "header" };
  const fromMeta = charsetFromMeta(bytes);
  const meta = fromMeta ? lookupLabel(fromMeta) : null;
  // A meta tag claiming UTF-16 is read as UTF-8: the bytes it was found in were ASCII-compatible.
  if (meta)
    return meta.name.startsWith("utf-16")
      ? { ...LABELS["utf-8"]!, source: "meta" }
      : { ...meta, source: "meta" };
  return { ...LABELS["utf-8"]!, source: "default" };
}

/** Decodes a body; a BOM is stripped. Malformed sequences become U+FFFD, never an exception. */
export function decodeBody(
  bytes: Uint8Array,
  contentType: string | null,
): { text: string; charset: string; source: CharsetSource } {
  const charset = detectCharset(contentType, bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { text: iconv.decode(buffer, charset.decoder), charset: charset.name, source: charset.source };
}
