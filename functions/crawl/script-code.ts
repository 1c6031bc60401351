/**
 * Inline JavaScript is never read: no extractor or rule looks into a page's code, yet on
 * marketplace pages it is half the bytes (state blobs of 50–500 KB). Cutting it out of the bytes
 * before they are decoded saves the decoding and every later scan of it.
 *
 * The bytes are walked with the tokenizer rules that markup-tree.ts mirrors from htmlparser2
 * (tags with quoted attributes, comments, declarations, raw-text elements), so a `<script` inside
 * a comment, an attribute value, a `<textarea>` or another script is never taken for a tag. Only
 * the content of a `<script>` whose type is JavaScript goes; its start and end tags stay, so the
 * decoded result tokenizes exactly as the page would, less that code. Data blocks (JSON-LD,
 * `application/json`, templates) are kept whole.
 *
 * Works on ASCII-compatible encodings only (the caller decides), where every byte below 0x80 is
 * the ASCII character it looks like wherever markup syntax can occur.
 */

import { isAsciiAlpha, isWhitespace } from "../html/html-char.js";

/** The code of inline scripts left out: what was cut and how many bytes. */
export interface ScriptCodeCut {
  bytes: Uint8Array;
  removedBytes: number;
  removedScripts: number;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const DASH = 45;

const RAW_TEXT = ["script", "style", "title", "textarea", "xmp"] as const;
type RawTextName = (typeof RAW_TEXT)[number];
const RAW_TEXT_BYTES = RAW_TEXT.map((name) => ({ name, bytes: Buffer.from(name, "latin1") }));

/** The HTML standard's JavaScript MIME type essences (a type attribute naming one is a classic script). */
const JAVASCRIPT_TYPES = new Set([
  "application/ecmascript",
  "application/javascript",
  "application/x-ecmascript",
  "application/x-javascript",
  "text/ecmascript",
  "text/javascript",
  "text/javascript1.0",
  "text/javascript1.1",
  "text/javascript1.2",
  "text/javascript1.3",
  "text/javascript1.4",
  "text/javascript1.5",
  "text/jscript",
  "text/livescript",
  "text/x-ecmascript",
  "text/x-javascript",
]);

function startsWithAscii(b: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The raw-text element a tag name [from, to) names, case-insensitively, or null. */
function rawTextName(b: Uint8Array, from: number, to: number): RawTextName | null {
  const length = to - from;
  const first = b[from]! | 0x20;
  // Most tags are ruled out by their first letter.
  if (first !== 115 && first !== 116 && first !== 120) return null;
  for (const { name, bytes } of RAW_TEXT_BYTES) {
    if (bytes.length !== length) continue;
    let same = true;
    for (let i = 0; i < length; i++) {
      if ((b[from + i]! | 0x20) !== bytes[i]) {
        same = false;
        break;
      }
    }
    if (same) return name;
  }
  return null;
}

/**
 * Bytes looked at one by one before a native search: most quoted values and gaps between tags
 * are short, and each `Buffer#indexOf` call costs as much as a few dozen bytes of looping.
 */
const NEAR = 24;

/** The next `byte` at or after `from`, or -1. */
function nextByte(b: Buffer, byte: number, from: number): number {
  const near = Math.min(b.length, from + NEAR);
  for (let p = from; p < near; p++) if (b[p] === byte) return p;
  return near < b.length ? b.indexOf(byte, near) : -1;
}

/**
 * Index of the `>` ending the start tag whose attributes begin at `from` (bitwise-negated for
 * `/>`), or -1 when the bytes end first: the attribute states of MarkupTree.startTagEnd, written
 * as one tight loop because it runs over every tag of the page.
 */
function startTagEnd(b: Buffer, from: number): number {
  const n = b.length;
  // 0 before name, 1 in name, 2 after name, 3 before value, 4 unquoted value, 5 self-closing.
  let state = 0;
  for (let p = from; p < n; p++) {
    const c = b[p]!;
    if (c === GT) return state === 5 ? ~p : p;
    if (state === 3) {
      if (c === 34 || c === 39) {
        const q = nextByte(b, c, p + 1);
        if (q === -1) return -1;
        p = q;
        state = 0;
      } else if (!isWhitespace(c)) state = 4;
    } else if (state === 4) {
      if (isWhitespace(c)) state = 0;
    } else if (c === SLASH) state = 5;
    else if (c === 61) state = state === 1 || state === 2 ? 3 : 1;
    else if (isWhitespace(c)) {
      if (state === 1) state = 2;
    } else state = 1;
  }
  return -1;
}

/** Where `</name` followed by whitespace or `>` starts, case-insensitively, from `from`; -1 if nowhere. */
function rawTextEnd(b: Buffer, name: RawTextName, from: number): number {
  const length = name.length;
  for (let at = b.indexOf("</", from, "latin1"); at !== -1; at = b.indexOf("</", at + 2, "latin1")) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if ((b[at + 2 + i]! | 0x20) !== name.charCodeAt(i)) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    const after = b[at + 2 + length];
    if (after !== undefined && (after === GT || isWhitespace(after))) return at;
  }
  return -1;
}

/**
 * The attributes of a start tag [from, gt) with the tokenizer's attribute states (names
 * lower-cased, the first of duplicates wins, values raw: a character reference stays `&…`, and
 * isJavaScript treats such a value as data).
 */
function scriptAttributes(b: Buffer, from: number, gt: number): Map<string, string> {
  const attrs = new Map<string, string>();
  let p = from;
  while (p < gt) {
    const c = b[p]!;
    if (isWhitespace(c) || c === SLASH) {
      p++;
      continue;
    }
    // A name's first character is taken whatever it is (even `=`); the name then runs to
    // whitespace, `/`, `=` or the tag's end.
    const nameFrom = p;
    p++;
    while (p < gt) {
      const d = b[p]!;
      if (d === 61 || d === SLASH || isWhitespace(d)) break;
      p++;
    }
    const name = b.toString("latin1", nameFrom, p).toLowerCase();
    while (p < gt && isWhitespace(b[p]!)) p++;
    let value = "";
    if (p < gt && b[p] === 61) {
      p++;
      while (p < gt && isWhitespace(b[p]!)) p++;
      const q = b[p];
      if (q === 34 || q === 39) {
        const close = b.indexOf(q, p + 1);
        const valueEnd = close === -1 || close > gt ? gt : close;
        value = b.toString("latin1", p + 1, valueEnd);
        p = valueEnd + 1;
      } else {
        const valueFrom = p;
        while (p < gt && !isWhitespace(b[p]!)) p++;
        value = b.toString("latin1", valueFrom, p);
      }
    }
    if (!attrs.has(name)) attrs.set(name, value);
  }
  return attrs;
}

/**
 * Whether a script's content is JavaScript (HTML standard, "prepare the script element"): no
 * type and no language, an empty type, a JavaScript MIME type, or `module`. Anything unsure
 * (a character reference in the value) counts as data and is kept.
 */
export function isJavaScript(attrs: ReadonlyMap<string, string>): boolean {
  const type = attrs.get("type");
  const language = attrs.get("language");
  let essence: string;
  if (type === undefined) {
    if (language === undefined || language === "") return true;
    essence = `text/${language}`;
  } else {
    essence = type;
  }
  if (essence.includes("&")) return false;
  const trimmed = essence.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
  if (type !== undefined && trimmed === "") return true;
  const lower = trimmed.toLowerCase();
  return JAVASCRIPT_TYPES.has(lower) || (type !== undefined && lower === "module");
}

/**
 * The page's bytes without the code of its inline JavaScript (start and end tags kept). Returns
 * the same array when there is nothing to cut.
 */
export function cutScriptCode(input: Uint8Array): ScriptCodeCut {
  const b = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const n = b.length;
  const cuts: number[] = [];
  let i = 0;
  for (;;) {
    const lt = nextByte(b, LT, i);
    if (lt === -1 || lt + 1 >= n) break;
    const c = b[lt + 1]!;
    if (isAsciiAlpha(c)) {
      let k = lt + 2;
      for (; k < n; k++) {
        const d = b[k]!;
        if (d === SLASH || d === GT || isWhitespace(d)) break;
      }
      const tagEnd = k < n ? startTagEnd(b, k) : -1;
      if (tagEnd === -1) break;
      const selfClosing = tagEnd < 0;
      const gt = selfClosing ? ~tagEnd : tagEnd;
      i = gt + 1;
      const raw = selfClosing ? null : rawTextName(b, lt + 1, k);
      if (raw === null) continue;
      const end = rawTextEnd(b, raw, gt + 1);
      const contentEnd = end === -1 ? n : end;
      if (raw === "script" && contentEnd > gt + 1 && isJavaScript(scriptAttributes(b, k, gt))) {
        cuts.push(gt + 1, contentEnd);
      }
      if (end === -1) break;
      const close = b.indexOf(GT, end + 2 + raw.length);
      if (close === -1) break;
      i = close + 1;
      continue;
    }
    if (c === SLASH) {
      let k = lt + 2;
      while (k < n && isWhitespace(b[k]!)) k++;
      if (k >= n) break;
      const d = b[k]!;
      if (d === GT) {
        i = k + 1;
        continue;
      }
      if (isAsciiAlpha(d)) {
        let m = k + 1;
        while (m < n && b[m] !== GT && !isWhitespace(b[m]!)) m++;
        if (m >= n) break;
        const gt = b[m] === GT ? m : b.indexOf(GT, m);
        if (gt === -1) break;
        i = gt + 1;
        continue;
      }
      const gt = b.indexOf(GT, k);
      if (gt === -1) break;
      i = gt + 1;
      continue;
    }
    if (c === BANG || c === QUESTION) {
      let end: number;
      if (c === BANG && startsWithAscii(b, lt + 2, "--")) {
        const close = b.indexOf("-->", lt + 2, "latin1");
        end = close === -1 ? -1 : close + 3;
      } else if (c === BANG && startsWithAscii(b, lt + 2, "[CDATA[")) {
        const close = b.indexOf("]]>", lt + 9, "latin1");
        end = close === -1 ? -1 : close + 3;
      } else {
        // The tokenizer consumes the character after `<!` (after `<!-`) before it looks for `>`.
        const from = c === QUESTION ? lt + 2 : b[lt + 2] === DASH ? lt + 4 : lt + 3;
        const close = b.indexOf(GT, from);
        end = close === -1 ? -1 : close + 1;
      }
      if (end === -1) break;
      i = end;
      continue;
    }
    i = lt + 1;
  }
  if (cuts.length === 0) return { bytes: input, removedBytes: 0, removedScripts: 0 };
  const pieces: Buffer[] = [];
  let from = 0;
  let removed = 0;
  for (let j = 0; j < cuts.length; j += 2) {
    pieces.push(b.subarray(from, cuts[j]));
    removed += cuts[j + 1]! - cuts[j]!;
    from = cuts[j + 1]!;
  }
  pieces.push(b.subarray(from));
  return {
    bytes: Buffer.concat(pieces, n - removed),
    removedBytes: removed,
    removedScripts: cuts.length / 2,
  };
}
