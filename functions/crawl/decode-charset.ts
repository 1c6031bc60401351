import { cutScriptCode } from "./script-code.js";
import { decodeUtf8 } from "./utf8-text.js";

/** Where the page's charset came from, in the WHATWG order of precedence. */
export type CharsetSource = "bom" | "header" | "meta" | "default";

/** Only the first bytes are searched for <meta charset>, as browsers do (WHATWG prescan: 1024; we allow 4 KB). */
export const META_SCAN_BYTES = 4096;

/**
 * Label → canonical WHATWG encoding name, through the platform's TextDecoder (Node ships full
 * ICU): gb2312/cp936 → gbk (decoded as GB18030, its superset), iso-8859-1 → windows-1252, big5
 * with HKSCS — exactly what browsers do, without bundling an encoding library.
 */
function lookupLabel(label: string): { name: string; decoder: string } | null {
  const key = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (key === "") return null;
  try {
    const name = new TextDecoder(key).encoding;
    // WHATWG: the gbk decoder is the gb18030 decoder; ICU's gbk rejects four-byte sequences.
    return { name, decoder: name === "gbk" ? "gb18030" : name };
  } catch {
    return null;
  }
}

const UTF8 = { name: "utf-8", decoder: "utf-8" };
const decoders = new Map<string, TextDecoder>();

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
  if (meta) return meta.name.startsWith("utf-16") ? { ...UTF8, source: "meta" } : { ...meta, source: "meta" };
  return { ...UTF8, source: "default" };
}

/** Decodes a body; a BOM is stripped. Malformed sequences become U+FFFD, never an exception. */
export function decodeBody(
  bytes: Uint8Array,
  contentType: string | null,
): { text: string; charset: string; source: CharsetSource } {
  const charset = detectCharset(contentType, bytes);
  return { text: decodeWith(charset.decoder, bytes), charset: charset.name, source: charset.source };
}

function decodeWith(name: string, bytes: Uint8Array): string {
  return name === "utf-8" ? decodeUtf8(bytes) : decoderFor(name).decode(bytes);
}

function decoderFor(name: string): TextDecoder {
  let decoder = decoders.get(name);
  if (!decoder) {
    decoder = new TextDecoder(name);
    decoders.set(name, decoder);
  }
  return decoder;
}

/** Encodings where a byte below 0x80 can stand for something other than that ASCII character. */
const NOT_ASCII_COMPATIBLE = new Set(["utf-16le", "utf-16be", "iso-2022-jp", "replacement"]);

/** A fetched page decoded for the extractors, and what they need to see of it as received. */
export interface PageForReading {
  /** Decoded text with the code of inline JavaScript left out (script-code.ts). */
  text: string;
  charset: string;
  source: CharsetSource;
  /**
   * The page's first `scanBytes` bytes as latin1, scripts included: ASCII markers (widget ids,
   * challenge script names) are looked for in it, one character per byte.
   */
  markupPrefix: string;
  removedScriptBytes: number;
}

export function decodeForReading(
  bytes: Uint8Array,
  contentType: string | null,
  scanBytes: number,
): PageForReading {
  const charset = detectCharset(contentType, bytes);
  const cut = NOT_ASCII_COMPATIBLE.has(charset.name) ? null : cutScriptCode(bytes);
  const reading = cut?.bytes ?? bytes;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, scanBytes));
  return {
    text: decodeWith(charset.decoder, reading),
    charset: charset.name,
    source: charset.source,
    markupPrefix: head.toString("latin1"),
    removedScriptBytes: cut?.removedBytes ?? 0,
  };
}
