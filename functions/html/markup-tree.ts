import type { PageHits } from "./css-matcher.js";
import { isAsciiAlpha, isWhitespace } from "./html-char.js";
import { decodeLikeParser } from "./html-entities.js";
import { firstIndexAbove, firstIndexAtLeast } from "./sorted-index.js";

/** The page nests deeper than the DOM path accepts: like it, the markup stage reads nothing. */
export class DeepDocument extends Error {
  constructor() {
    super("document nests too deep");
    this.name = "DeepDocument";
  }
}

/**
 * Thrown by the DOM-free reading when it cannot promise htmlparser2's answer (a price only the
 * DOM heuristic can find): the caller reads the page through the DOM instead.
 */
export class NeedsDom extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "NeedsDom";
  }
}

// htmlparser2's tree rules (Parser.ts, HTML mode), so that parents, extents and siblings here are
// the ones cheerio would build.
const VOID = new Set([
  "area",
  "base",
  "basefont",
  "br",
  "col",
  "command",
  "embed",
  "frame",
  "hr",
  "img",
  "input",
  "isindex",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);
const FORM = new Set(["input", "option", "optgroup", "select", "button", "datalist", "textarea"]);
const P = new Set(["p"]);
const TABLE_SECTION = new Set(["thead", "tbody"]);
const DD_DT = new Set(["dd", "dt"]);
const RT_RP = new Set(["rt", "rp"]);
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th"])],
  ["td", new Set(["thead", "th", "td"])],
  ["body", new Set(["head", "link", "script"])],
  ["li", new Set(["li"])],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["dd", DD_DT],
  ["dt", DD_DT],
  ["rt", RT_RP],
  ["rp", RT_RP],
  ["tbody", TABLE_SECTION],
  ["tfoot", TABLE_SECTION],
  ...["select", "input", "output", "button", "datalist", "textarea"].map(
    (n) => [n, FORM] as [string, Set<string>],
  ),
  ...[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "table",
    "ul",
  ].map((n) => [n, P] as [string, Set<string>]),
]);
const FOREIGN = new Set(["math", "svg"]);
const INTEGRATION = new Set([
  "mi",
  "mo",
  "mn",
  "ms",
  "mtext",
  "annotation-xml",
  "foreignobject",
  "desc",
  "title",
]);
/** Elements whose content the tokenizer reads as text up to their own end tag. */
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);
/** Elements domhandler types as "script"/"style", not "tag": never selected, their text is not text. */
const SCRIPT_LIKE = new Set(["script", "style"]);
const rawTextEnds = new Map<string, RegExp>();

/** What the walk needs to know about a tag name, looked up once per tag. */
interface NameInfo {
  readonly id: number;
  readonly name: string;
  readonly implied: Set<string> | undefined;
  readonly isVoid: boolean;
  readonly rawText: boolean;
  readonly scriptLike: boolean;
  /** 1 opens foreign content (svg, math), 2 an HTML integration point, 0 neither. */
  readonly foreign: 0 | 1 | 2;
}

const infos: NameInfo[] = [];
const infoByName = new Map<string, NameInfo>();
/** Names by a hash of their lower-cased characters, so known names need no string per tag. */
const infoByHash = new Map<number, NameInfo[]>();

function nameHash(h: string, from: number, to: number): number {
  let hash = 0;
  for (let i = from; i < to; i++) {
    const c = h.charCodeAt(i);
    hash = (Math.imul(hash, 31) + (c >= 65 && c <= 90 ? c | 0x20 : c)) | 0;
  }
  return hash;
}

function infoFor(name: string): NameInfo {
  let info = infoByName.get(name);
  if (info) return info;
  info = {
    id: infos.length,
    name,
    implied: OPEN_IMPLIES_CLOSE.get(name),
    isVoid: VOID.has(name),
    rawText: RAW_TEXT.has(name),
    scriptLike: SCRIPT_LIKE.has(name),
    foreign: FOREIGN.has(name) ? 1 : INTEGRATION.has(name) ? 2 : 0,
  };
  // Names seen on pages are few; a hostile page inventing names must not grow this for ever.
  if (infos.length < 5000) {
    infos.push(info);
    infoByName.set(name, info);
    const hash = nameHash(name, 0, name.length);
    const same = infoByHash.get(hash);
    if (same) same.push(info);
    else infoByHash.set(hash, [info]);
  }
  return info;
}

function sameName(h: string, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let i = from; i < to; i++) {
    const c = h.charCodeAt(i);
    if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== name.charCodeAt(i - from)) return false;
  }
  return true;
}

/** The lower-cased tag name at h[from, to). */
function infoAt(h: string, from: number, to: number): NameInfo {
  const candidates = infoByHash.get(nameHash(h, from, to));
  if (candidates) for (const info of candidates) if (sameName(h, from, to, info.name)) return info;
  return infoFor(h.slice(from, to).toLowerCase());
}

/** Deeper documents are hostile: the DOM path refuses them, and so does this one (same limit). */
const MAX_DEPTH = 400;

/** Sibling markers in `prevs`: nothing before, or a comment/directive (whose text is empty). */
const NO_SIBLING = -1;
const OTHER_SIBLING = -2;

/**
 * The element structure of an HTML page without a DOM: one pass over its tags, mirroring
 * htmlparser2's tokenizer and tree rules (implied end tags, void and raw-text elements, foreign
 * self-closing tags), into flat arrays. Elements are numbered in document order; text is kept
 * as index ranges and decoded only when read; attributes are parsed only for elements a
 * selector looks at.
 */
export class MarkupTree {
  readonly html: string;
  /** Lower-cased tag name per element. */
  readonly names: string[] = [];
  /** Index of the element's `<`. */
  readonly starts: number[] = [];
  /** Start of its attributes (-1 for the attribute-less `<p>`/`<br>` a stray end tag creates). */
  readonly attrsFrom: number[] = [];
  /** Index after the start tag's `>`. */
  readonly openEnds: number[] = [];
  /** Where its content ends: its end tag, the tag that implied its end, or the end of the page. */
  readonly ends: number[] = [];
  readonly parents: number[] = [];
  /** Previous sibling: an element (≥ 0), NO_SIBLING, OTHER_SIBLING, or text node t as -3 - t. */
  readonly prevs: number[] = [];
  /** Nearest script/style element among the element and its ancestors, or -1. */
  readonly scriptLike: number[] = [];
  /** Text segments (a text node may span several when a no-op tag sits inside it). */
  readonly segStarts: number[] = [];
  readonly segEnds: number[] = [];
  readonly segParents: number[] = [];
  readonly segNodes: number[] = [];
  /** Whether a segment is raw (script, style, textarea, xmp) rather than entity-decoded text. */
  readonly segRaw: boolean[] = [];
  private byId: number[][] = [];
  /** Whether the document nests deeper than the DOM path accepts. */
  deep = false;
  /**
   * The CSS matcher's search state for this page (css-matcher.ts). It lives on the tree, not in a
   * module-level WeakMap keyed by it: V8's young-generation GC keeps WeakMap values alive, which
   * promoted every page's text and tree to the old generation (≈ 330 KB a page, tripling the
   * major collections and the peak RSS).
   */
  matcherHits: PageHits | undefined;
  private textNodes = 0;
  private attributes: (Map<string, string> | undefined)[] = [];

  // Walk state.
  private stack: number[] = [];
  /** Last child per open level; index 0 is the document. */
  private lastChild: number[] = [NO_SIBLING];
  private foreign: boolean[] = [false];
  private openText = -1;

  /** Walk position: text pending since `pos`; the next `<` is searched from `cursor`. */
  private pos = 0;
  private cursor = 0;
  private done = false;

  constructor(html: string) {
    this.html = html;
  }

  /** Whether the walk has read the whole page. */
  get complete(): boolean {
    return this.done;
  }

  /** Walks on until every token starting at or before `at` is read (elements up to there exist). */
  walkTo(at: number): void {
    while (!this.done && this.cursor <= at) this.step();
    if (this.deep) throw new DeepDocument();
  }

  walkAll(): void {
    this.walkTo(Number.POSITIVE_INFINITY);
  }

  /** Walks on until the element's end is known, so that its text can be read. */
  private closeOf(e: number): number {
    while (!this.done && this.ends[e] === -1) this.step();
    if (this.deep) throw new DeepDocument();
    return this.ends[e] === -1 ? this.html.length : this.ends[e]!;
  }

  private finish(): void {
    this.pos = this.cursor = this.html.length;
    this.done = true;
    for (let level = this.stack.length - 1; level >= 0; level--)
      this.ends[this.stack[level]!] = this.html.length;
    this.stack = [];
  }

  /** Reads the next token (a tag with its raw text, a comment, a declaration) and the text before it. */
  private step(): void {
    const h = this.html;
    const n = h.length;
    const pos = this.pos;
    let i = this.cursor;
    for (;;) {
      const lt = h.indexOf("<", i);
      if (lt === -1) {
        this.text(pos, n, false);
        this.finish();
        return;
      }
      const c = h.charCodeAt(lt + 1);
      if (isAsciiAlpha(c)) {
        let k = lt + 2;
        for (; k < n; k++) {
          const d = h.charCodeAt(k);
          if (d === 47 || d === 62 || isWhitespace(d)) break;
        }
        const tagEnd = k < n ? this.startTagEnd(k) : -1;
        if (tagEnd === -1) {
          // An unterminated tag at the end of the page is dropped, as htmlparser2 does.
          this.text(pos, lt, false);
          this.finish();
          return;
        }
        const gt = tagEnd >= 0 ? tagEnd : ~tagEnd;
        const selfClosing = tagEnd < 0;
        const info = infoAt(h, lt + 1, k);
        this.text(pos, lt, false);
        this.open(info, lt, k, gt + 1, selfClosing);
        this.pos = this.cursor = gt + 1;
        if (info.rawText && !selfClosing) this.rawText(info, gt + 1);
        return;
      }
      if (c === 47) {
        let k = lt + 2;
        while (k < n && isWhitespace(h.charCodeAt(k))) k++;
        if (k >= n) {
          this.text(pos, n, false);
          this.finish();
          return;
        }
        const d = h.charCodeAt(k);
        if (d === 62) {
          // `</>` is text.
          i = k + 1;
          continue;
        }
        if (isAsciiAlpha(d)) {
          let m = k + 1;
          while (m < n && h.charCodeAt(m) !== 62 && !isWhitespace(h.charCodeAt(m))) m++;
          if (m >= n) {
            this.text(pos, lt, false);
            this.finish();
            return;
          }
          const gt = h.charCodeAt(m) === 62 ? m : h.indexOf(">", m);
          this.text(pos, lt, false);
          this.close(infoAt(h, k, m), lt, gt === -1 ? n : gt + 1);
          if (gt === -1) this.finish();
          else this.pos = this.cursor = gt + 1;
          return;
        }
        // `</3…>` and the like are comments (text when the page ends first).
        this.text(pos, lt, false);
        const gt = h.indexOf(">", k);
        if (gt === -1) {
          this.text(k, n, false);
          this.finish();
          return;
        }
        this.other();
        this.pos = this.cursor = gt + 1;
        return;
      }
      if (c === 33 || c === 63) {
        this.text(pos, lt, false);
        let end: number;
        if (c === 33 && h.startsWith("--", lt + 2)) {
          const close = h.indexOf("-->", lt + 2);
          end = close === -1 ? n : close + 3;
        } else if (c === 33 && h.startsWith("[CDATA[", lt + 2)) {
          const close = h.indexOf("]]>", lt + 9);
          end = close === -1 ? n : close + 3;
        } else {
          // The tokenizer consumes the character after `<!` (after `<!-`) before it looks for `>`.
          const from = c === 63 ? lt + 2 : h.charCodeAt(lt + 2) === 45 ? lt + 4 : lt + 3;
          const close = h.indexOf(">", from);
          if (close === -1) {
            // An unterminated declaration becomes text.
            this.text(lt + 2, n, false);
            this.finish();
            return;
          }
          end = close + 1;
        }
        this.other();
        if (end >= n) this.finish();
        else this.pos = this.cursor = end;
        return;
      }
      // A `<` that starts no tag is text.
      i = lt + 1;
    }
  }

  /** The content of script, style, title, textarea and xmp runs to their own end tag. */
  private rawText(info: NameInfo, from: number): void {
    const h = this.html;
    const name = info.name;
    let re = rawTextEnds.get(name);
    if (!re) {
      re = new RegExp(`</${name}[ \\t\\n\\f\\r>]`, "gi");
      rawTextEnds.set(name, re);
    }
    re.lastIndex = from;
    const m = re.exec(h);
    const raw = name !== "title";
    if (!m) {
      this.text(from, h.length, raw);
      this.finish();
      return;
    }
    this.text(from, m.index, raw);
    const close = h.indexOf(">", m.index + 2 + name.length);
    if (close === -1) {
      this.close(info, m.index, h.length);
      this.finish();
      return;
    }
    this.close(info, m.index, close + 1);
    this.pos = this.cursor = close + 1;
  }

  /**
   * Index of the `>` ending the start tag whose attributes begin at `from` (bitwise-negated when
   * the tag ends with `/>`), or -1 when the page ends first. Follows the tokenizer's attribute
   * states, so a quoted `>` does not end the tag.
   */
  private startTagEnd(from: number): number {
    const h = this.html;
    const n = h.length;
    // 0 before name, 1 in name, 2 after name, 3 before value, 4 unquoted value, 5 self-closing.
    let state = 0;
    for (let p = from; p < n; p++) {
      const c = h.charCodeAt(p);
      switch (state) {
        case 0:
          if (c === 62) return p;
          if (c === 47) state = 5;
          else if (!isWhitespace(c)) state = 1;
          break;
        case 1:
          if (c === 61) state = 3;
          else if (c === 62) return p;
          else if (c === 47) state = 5;
          else if (isWhitespace(c)) state = 2;
          break;
        case 2:
          if (c === 61) state = 3;
          else if (c === 62) return p;
          else if (c === 47) state = 5;
          else if (!isWhitespace(c)) state = 1;
          break;
        case 3:
          if (c === 34 || c === 39) {
            const q = h.indexOf(c === 34 ? '"' : "'", p + 1);
            if (q === -1) return -1;
            p = q;
            state = 0;
          } else if (c === 62) return p;
          else if (!isWhitespace(c)) state = 4;
          break;
        case 4:
          if (c === 62) return p;
          if (isWhitespace(c)) state = 0;
          break;
        default:
          if (c === 62) return ~p;
          if (c === 47) state = 5;
          else if (!isWhitespace(c)) state = 1;
      }
    }
    return -1;
  }

  private text(from: number, to: number, raw: boolean): void {
    if (to <= from) return;
    const level = this.stack.length;
    const parent = level > 0 ? this.stack[level - 1]! : -1;
    if (this.openText === -1) {
      if (level >= MAX_DEPTH) this.deep = true;
      this.openText = this.textNodes++;
      this.lastChild[level] = -3 - this.openText;
    }
    this.segStarts.push(from);
    this.segEnds.push(to);
    this.segParents.push(parent);
    this.segNodes.push(this.openText);
    this.segRaw.push(raw);
  }

  private other(): void {
    const level = this.stack.length;
    if (level >= MAX_DEPTH) this.deep = true;
    this.lastChild[level] = OTHER_SIBLING;
    this.openText = -1;
  }

  private open(
    info: NameInfo,
    start: number,
    attrsFrom: number,
    openEnd: number,
    selfClosing: boolean,
  ): void {
    const stack = this.stack;
    const implied = info.implied;
    if (implied) {
      while (stack.length > 0 && implied.has(this.names[stack[stack.length - 1]!]!)) {
        this.ends[stack.pop()!] = start;
      }
    }
    const level = stack.length;
    const parent = level > 0 ? stack[level - 1]! : -1;
    if (level >= MAX_DEPTH) this.deep = true;
    const e = this.names.length;
    this.names.push(info.name);
    this.starts.push(start);
    this.attrsFrom.push(attrsFrom);
    this.openEnds.push(openEnd);
    this.ends.push(info.isVoid ? openEnd : -1);
    this.parents.push(parent);
    this.prevs.push(this.lastChild[level] ?? NO_SIBLING);
    this.scriptLike.push(info.scriptLike ? e : parent >= 0 ? this.scriptLike[parent]! : -1);
    this.lastChild[level] = e;
    this.openText = -1;
    const same = this.byId[info.id];
    if (same) same.push(e);
    else this.byId[info.id] = [e];
    if (!info.isVoid) {
      stack.push(e);
      this.lastChild[level + 1] = NO_SIBLING;
      if (info.foreign !== 0) this.foreign.push(info.foreign === 1);
      // Outside svg/math, `<div/>` is an open tag (htmlparser2's recognizeSelfClosing is off).
      if (selfClosing && this.foreign[this.foreign.length - 1] === true) this.ends[stack.pop()!] = openEnd;
    }
  }

  private close(info: NameInfo, at: number, end: number): void {
    if (info.foreign !== 0) this.foreign.pop();
    if (info.isVoid) {
      if (info.name === "br") this.open(info, at, -1, end, false);
      return;
    }
    const level = this.openLevel(info.name);
    if (level === -1) {
      if (info.name === "p") {
        this.open(info, at, -1, end, false);
        this.ends[this.stack.pop()!] = end;
      }
      // A stray end tag is dropped and does not end the text around it.
      return;
    }
    this.openText = -1;
    while (this.stack.length > level) this.ends[this.stack.pop()!] = at;
  }

  private openLevel(name: string): number {
    for (let level = this.stack.length - 1; level >= 0; level--) {
      if (this.names[this.stack[level]!] === name) return level;
    }
    return -1;
  }

  /** Elements with a tag name, in document order. */
  named(name: string): readonly number[] {
    this.walkAll();
    const info = infoByName.get(name);
    if (info) return this.byId[info.id] ?? [];
    // Only when the name table is full: a page inventing thousands of tag names.
    return this.names.flatMap((n, e) => (n === name ? [e] : []));
  }

  /** Number of elements in the page (walks all of it). */
  get size(): number {
    this.walkAll();
    return this.names.length;
  }

  /** Attributes of an element, names lower-cased, the first of a repeated name kept, values decoded. */
  attributeMap(e: number): Map<string, string> {
    const cached = this.attributes[e];
    if (cached) return cached;
    const attrs = new Map<string, string>();
    const from = this.attrsFrom[e]!;
    if (from < 0) {
      this.attributes[e] = attrs;
      return attrs;
    }
    const h = this.html;
    const end = this.openEnds[e]! - 1;
    let p = from;
    while (p < end) {
      let c = h.charCodeAt(p);
      if (isWhitespace(c) || c === 47) {
        p++;
        continue;
      }
      const nameStart = p;
      p++;
      while (p < end) {
        c = h.charCodeAt(p);
        if (c === 61 || c === 47 || isWhitespace(c)) break;
        p++;
      }
      const name = h.slice(nameStart, p).toLowerCase();
      while (p < end && isWhitespace(h.charCodeAt(p))) p++;
      let value = "";
      if (p < end && h.charCodeAt(p) === 61) {
        p++;
        while (p < end && isWhitespace(h.charCodeAt(p))) p++;
        c = h.charCodeAt(p);
        if (c === 34 || c === 39) {
          const q = h.indexOf(c === 34 ? '"' : "'", p + 1);
          const close = q === -1 || q > end ? end : q;
          value = h.slice(p + 1, close);
          p = close + 1;
        } else {
          const valueStart = p;
          while (p < end && !isWhitespace(h.charCodeAt(p))) p++;
          value = h.slice(valueStart, p);
        }
        value = decodeLikeParser(value, true);
      }
      if (!attrs.has(name)) attrs.set(name, value);
    }
    this.attributes[e] = attrs;
    return attrs;
  }

  attr(e: number, name: string): string | undefined {
    return this.attributeMap(e).get(name);
  }

  /** The element whose attributes span index `at`, or -1. */
  startTagAt(at: number): number {
    this.walkTo(at);
    const e = this.lastStartingAtOrBefore(at);
    if (e < 0) return -1;
    const from = this.attrsFrom[e]!;
    return from >= 0 && at >= from && at < this.openEnds[e]! ? e : -1;
  }

  /** The element whose start tag begins at index `at` (its `<`), or -1. */
  elementStartingAt(at: number): number {
    this.walkTo(at);
    const e = this.lastStartingAtOrBefore(at);
    return e >= 0 && this.starts[e] === at ? e : -1;
  }

  private lastStartingAtOrBefore(at: number): number {
    return firstIndexAbove(this.starts, at) - 1;
  }

  private firstSegmentFrom(at: number): number {
    return firstIndexAtLeast(this.segStarts, at);
  }

  private segmentText(s: number): string {
    const raw = this.html.slice(this.segStarts[s]!, this.segEnds[s]!);
    return this.segRaw[s] ? raw : decodeLikeParser(raw, false);
  }

  /**
   * Text of an element as `nodeText` reads a DOM: text nodes in document order, not those under a
   * script or style inside it, until `budget` characters are passed (whole text nodes).
   */
  collectText(e: number, budget: number): string {
    if (this.scriptLike[e] === e) return "";
    let raw = "";
    const end = this.closeOf(e);
    let node = -1;
    for (let s = this.firstSegmentFrom(this.openEnds[e]!); s < this.segStarts.length; s++) {
      if (this.segStarts[s]! >= end) break;
      if (this.scriptLike[this.segParents[s]!]! > e) continue;
      if (this.segNodes[s] !== node) {
        if (raw.length > budget) break;
        node = this.segNodes[s]!;
      }
      raw += this.segmentText(s);
    }
    return raw;
  }

  /** Every text of an element, scripts included, as cheerio's `.text()` gives it. */
  textContent(e: number): string {
    let out = "";
    const end = this.closeOf(e);
    for (let s = this.firstSegmentFrom(this.openEnds[e]!); s < this.segStarts.length; s++) {
      if (this.segStarts[s]! >= end) break;
      out += this.segmentText(s);
    }
    return out;
  }

  /** At least the last `min` characters of `textContent` (all of it when shorter). */
  private textContentTail(e: number, min: number): string {
    const first = this.firstSegmentFrom(this.openEnds[e]!);
    let s = this.firstSegmentFrom(this.closeOf(e)) - 1;
    let out = "";
    for (; s >= first && out.length < min; s--) out = this.segmentText(s) + out;
    return out;
  }

  private textNodeTail(node: number, min: number): string {
    // Segments of one node are consecutive and node ids ascend: find its last segment.
    let s = firstIndexAbove(this.segNodes, node) - 1;
    let out = "";
    for (; s >= 0 && this.segNodes[s] === node && out.length < min; s--) out = this.segmentText(s) + out;
    return out;
  }

  /** At least the last `min` characters of the element's previous sibling's text. */
  previousSiblingTail(e: number, min: number): string {
    const prev = this.prevs[e]!;
    if (prev >= 0) return this.textContentTail(prev, min);
    if (prev <= -3) return this.textNodeTail(-3 - prev, min);
    return "";
  }

  /** Whether domhandler would type the element "tag" (script and style are their own types). */
  isTag(e: number): boolean {
    return !SCRIPT_LIKE.has(this.names[e]!);
  }
}
