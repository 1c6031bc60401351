import { escapeRegex } from "../../html/escape-regex.js";
import { parseJsonLike, readLiteralAt } from "./js-literal.js";

/**
 * Named state a page's script declares for itself (`var pageConfig = {...}`, `window.rawData =
 * {...}`, `TShop.Setup({...})`, `<script id="__NEXT_DATA__" type="application/json">`), read as
 * data: never evaluated.
 *
 * A name is written as the page writes it: `pageConfig`, `window.rawData` (also found as
 * `rawData =` or `window["rawData"] =`), `TShop.Setup` (a call: its first argument), `#id` for a
 * JSON script element, or `{loaderData}` for state a script builds without naming it (Tmall's
 * `!(function(){var a=window.__ICE_APP_CONTEXT__||{};var b={"loaderData":…};…})()`): the first
 * object literal in a script that has that key at its own top level.
 *
 * Only code counts: a name inside a string literal or a comment of a script, or in the markup
 * around the scripts, is someone writing about the state, not declaring it. A text without any
 * <script> element (a bare .js or JSON body) is all code.
 */

/** State beyond this is not looked for: the declarations sit in the head or right after the body's start. */
const MAX_SCAN_CHARS = 6 * 1024 * 1024;
/** Tries per name: a name can also occur in code that merely reads it. */
const MAX_TRIES = 20;
/** How far back from a `{key}` key its object's opening brace is looked for. */
const MAX_BACK_CHARS = 1024 * 1024;

const patterns = new Map<string, RegExp>();

function patternFor(name: string): RegExp {
  let cached = patterns.get(name);
  if (cached) return cached;
  const bare = name.replace(/^window\./, "");
  const escaped = escapeRegex(bare);
  // Not preceded by a name character or a dot (`e.rawData` is someone else's property), except
  // for the `window.` / `window["…"]` forms.
  const target = `(?:(?<![\\w$.])(?:window\\.)?${escaped}|window\\[\\s*["']${escaped}["']\\s*\\])`;
  cached = new RegExp(`${target}\\s*(?:(=)(?![=>])|(\\())`, "g");
  patterns.set(name, cached);
  return cached;
}

const keyPatterns = new Map<string, RegExp>();

/** `"key":`, `'key':` or `key:` as an object member. */
function keyPatternFor(key: string): RegExp {
  let cached = keyPatterns.get(key);
  if (cached) return cached;
  const escaped = escapeRegex(key);
  cached = new RegExp(`(?:"${escaped}"|'${escaped}'|(?<![\\w$."'])${escaped})\\s*:(?!:)`, "g");
  keyPatterns.set(key, cached);
  return cached;
}

function scriptById(html: string, id: string): unknown {
  const re = new RegExp(
    `<script\\b[^>]*\\bid\\s*=\\s*["']?${escapeRegex(id)}["']?[^>]*>([\\s\\S]*?)</script\\s*>`,
    "i",
  );
  const m = re.exec(html);
  return m?.[1] === undefined ? undefined : parseJsonLike(m[1]);
}

function isData(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** Lexer states: where in a script's code a character is. */
const CODE = 0;
const SINGLE = 1;
const DOUBLE = 2;
const TEMPLATE = 3;
const LINE_COMMENT = 4;
const BLOCK_COMMENT = 5;
const REGEX = 6;
const REGEX_CLASS = 7;
/** Stands for "a name ended here" after a string or a regex closes: a `/` that follows divides. */
const NAME_END = 65;

const SCRIPT_OPEN = /<script\b[^>]*>/gi;
const SCRIPT_CLOSE = /<\/script\s*>/gi;

/**
 * Tells whether offsets of a text (asked in increasing order) are in script code: inside a
 * <script> element and outside its string literals, comments and regular expressions. One pass
 * over the text in all, however many offsets are asked.
 */
class CodeScanner {
  private readonly allCode: boolean;
  /** The current script's content: [start, end). */
  private start = -1;
  private end = -1;
  private searchFrom = 0;
  private pos = 0;
  private state = CODE;
  /** The last character of code that was not whitespace (decides `/`: division or a regex). */
  private prev = 0;

  constructor(private readonly text: string) {
    SCRIPT_OPEN.lastIndex = 0;
    this.allCode = !SCRIPT_OPEN.test(text);
    if (this.allCode) {
      this.start = 0;
      this.end = text.length;
    }
  }

  /** The bounds of the script whose content holds `offset`, or null when it sits in markup. */
  scriptAround(offset: number): { start: number; end: number } | null {
    while (!this.allCode && offset >= this.end) {
      SCRIPT_OPEN.lastIndex = this.searchFrom;
      const open = SCRIPT_OPEN.exec(this.text);
      if (!open) {
        this.start = this.end = this.text.length + 1;
        return null;
      }
      const start = open.index + open[0].length;
      SCRIPT_CLOSE.lastIndex = start;
      const close = SCRIPT_CLOSE.exec(this.text);
      const end = close ? close.index : this.text.length;
      this.start = start;
      this.end = end;
      this.searchFrom = close ? close.index + close[0].length : this.text.length;
      this.pos = start;
      this.state = CODE;
      this.prev = 0;
    }
    return offset >= this.start && offset < this.end ? { start: this.start, end: this.end } : null;
  }

  isCode(offset: number): boolean {
    if (this.scriptAround(offset) === null) return false;
    if (offset < this.pos) {
      this.pos = this.start;
      this.state = CODE;
      this.prev = 0;
    }
    this.lex(offset);
    return this.state === CODE;
  }

  private lex(to: number): void {
    const t = this.text;
    let i = this.pos;
    let state = this.state;
    let prev = this.prev;
    for (; i < to; i++) {
      const c = t.charCodeAt(i);
      switch (state) {
        case CODE:
          if (c === 39) state = SINGLE;
          else if (c === 34) state = DOUBLE;
          else if (c === 96) state = TEMPLATE;
          else if (c === 47) {
            const next = t.charCodeAt(i + 1);
            if (next === 47) state = LINE_COMMENT;
            else if (next === 42) {
              state = BLOCK_COMMENT;
              i++;
            } else if (regexMayFollow(prev)) state = REGEX;
            else prev = c;
          } else if (c > 32) prev = c;
          break;
        case SINGLE:
        case DOUBLE:
          if (c === 92) i++;
          else if (c === (state === SINGLE ? 39 : 34)) {
            state = CODE;
            prev = NAME_END;
          } else if (c === 10) state = CODE;
          break;
        case TEMPLATE:
          if (c === 92) i++;
          else if (c === 96) {
            state = CODE;
            prev = NAME_END;
          }
          break;
        case LINE_COMMENT:
          if (c === 10) state = CODE;
          break;
        case BLOCK_COMMENT:
          if (c === 42 && t.charCodeAt(i + 1) === 47) {
            state = CODE;
            i++;
          }
          break;
        case REGEX:
          if (c === 92) i++;
          else if (c === 91) state = REGEX_CLASS;
          else if (c === 47) {
            state = CODE;
            prev = NAME_END;
          } else if (c === 10) state = CODE;
          break;
        case REGEX_CLASS:
          if (c === 92) i++;
          else if (c === 93) state = REGEX;
          else if (c === 10) state = CODE;
          break;
      }
    }
    this.pos = i;
    this.state = state;
    this.prev = prev;
  }
}

/** After a name, a number, `)` or `]`, a `/` divides; anywhere else it opens a regular expression. */
function regexMayFollow(prev: number): boolean {
  if (prev === 0) return true;
  const name =
    (prev >= 48 && prev <= 57) ||
    (prev >= 65 && prev <= 90) ||
    (prev >= 97 && prev <= 122) ||
    prev === 36 ||
    prev === 95 ||
    prev > 127;
  return !(name || prev === 41 || prev === 93);
}

/**
 * The opening brace of the object literal whose own member starts at `keyAt`: the nearest `{`
 * before it that is not closed again, string literals skipped. -1 when none within the bound.
 */
function enclosingBrace(text: string, keyAt: number, floor: number): number {
  const stop = Math.max(floor, keyAt - MAX_BACK_CHARS);
  let depth = 0;
  for (let i = keyAt - 1; i >= stop; i--) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // Back to the quote that opened this string (one not escaped by an odd run of backslashes).
      let j = i - 1;
      for (; j >= stop; j--) {
        if (text.charCodeAt(j) !== c) continue;
        let slashes = 0;
        while (j - 1 - slashes >= stop && text.charCodeAt(j - 1 - slashes) === 92) slashes++;
        if (slashes % 2 === 0) break;
      }
      if (j < stop) return -1;
      i = j;
    } else if (c === 125 || c === 93) depth++;
    else if (c === 123 || c === 91) {
      if (depth === 0) return c === 123 ? i : -1;
      depth--;
    }
  }
  return -1;
}

/**
 * The text up to the end of the script a literal sits in: `var s = {…}</script>` has no `;`
 * before the end tag, and the parser must stop where the script does.
 */
function inScript(text: string, script: { end: number } | null): string {
  return script && script.end < text.length ? text.slice(0, script.end) : text;
}

/** The first object literal in a script with `key` among its own members. */
function objectWithKey(text: string, key: string): unknown {
  if (!text.includes(key)) return undefined;
  const re = keyPatternFor(key);
  re.lastIndex = 0;
  const code = new CodeScanner(text);
  let tries = 0;
  for (let m = re.exec(text); m !== null && tries < MAX_TRIES; m = re.exec(text)) {
    if (!code.isCode(m.index)) continue;
    tries++;
    const script = code.scriptAround(m.index);
    const open = enclosingBrace(text, m.index, script?.start ?? 0);
    if (open < 0) continue;
    const value = readLiteralAt(inScript(text, script), open);
    if (isData(value) && !Array.isArray(value) && Object.hasOwn(value, key)) return value;
  }
  return undefined;
}

/** The first object or array the page assigns to (or passes to) `name`; undefined when none. */
export function readInlineState(html: string, name: string): unknown {
  const text = html.length > MAX_SCAN_CHARS ? html.slice(0, MAX_SCAN_CHARS) : html;
  if (name.startsWith("#")) return scriptById(text, name.slice(1));
  const key = /^\{([\w$]{1,100})\}$/.exec(name)?.[1];
  if (key !== undefined) return objectWithKey(text, key);
  // Cheap screen: most pages carry none of a profile's names.
  if (!text.includes(name.replace(/^window\./, ""))) return undefined;
  const re = patternFor(name);
  re.lastIndex = 0;
  const code = new CodeScanner(text);
  let tries = 0;
  for (let m = re.exec(text); m !== null && tries < MAX_TRIES; m = re.exec(text)) {
    if (!code.isCode(m.index)) continue;
    tries++;
    const value = readLiteralAt(inScript(text, code.scriptAround(m.index)), m.index + m[0].length);
    if (isData(value)) return value;
  }
  return undefined;
}
