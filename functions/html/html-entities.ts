const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  yen: "¥",
  euro: "€",
  pound: "£",
  cent: "¢",
  copy: "©",
  reg: "®",
  times: "×",
  middot: "·",
  ndash: "–",
  mdash: "—",
  hellip: "…",
};

/**
 * Decodes the entities that occur in attribute values and visible text. The DOM-free scanners
 * use it; a full decoder would need the `entities` package, which is only a transitive dependency.
 */
export function decodeHtmlEntities(text: string): string {
  return decodeReporting(text).text;
}

const WHITESPACE = /\s/;

/** `decodeHtmlEntities`, and whether any reference decoded to whitespace (which may need collapsing). */
export function decodeReporting(text: string): { text: string; whitespace: boolean } {
  if (!text.includes("&")) return { text, whitespace: false };
  let whitespace = false;
  const decoded = text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, (whole, body: string) => {
    let out: string;
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      out =
        !Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
          ? " "
          : String.fromCodePoint(code);
    } else out = NAMED[body.toLowerCase()] ?? whole;
    if (!whitespace && WHITESPACE.test(out)) whitespace = true;
    return out;
  });
  return { text: decoded, whitespace };
}

/**
 * Named references that htmlparser2 also decodes without the `;` (the HTML spec's legacy list,
 * complete), and a set of common ones that need it. A name outside both is left to the DOM path.
 */
const LEGACY: Record<string, string> = {
  AElig: "\u00c6",
  AMP: "&",
  Aacute: "\u00c1",
  Acirc: "\u00c2",
  Agrave: "\u00c0",
  Aring: "\u00c5",
  Atilde: "\u00c3",
  Auml: "\u00c4",
  COPY: "\u00a9",
  Ccedil: "\u00c7",
  ETH: "\u00d0",
  Eacute: "\u00c9",
  Ecirc: "\u00ca",
  Egrave: "\u00c8",
  Euml: "\u00cb",
  GT: ">",
  Iacute: "\u00cd",
  Icirc: "\u00ce",
  Igrave: "\u00cc",
  Iuml: "\u00cf",
  LT: "<",
  Ntilde: "\u00d1",
  Oacute: "\u00d3",
  Ocirc: "\u00d4",
  Ograve: "\u00d2",
  Oslash: "\u00d8",
  Otilde: "\u00d5",
  Ouml: "\u00d6",
  QUOT: '"',
  REG: "\u00ae",
  THORN: "\u00de",
  Uacute: "\u00da",
  Ucirc: "\u00db",
  Ugrave: "\u00d9",
  Uuml: "\u00dc",
  Yacute: "\u00dd",
  aacute: "\u00e1",
  acirc: "\u00e2",
  acute: "\u00b4",
  aelig: "\u00e6",
  agrave: "\u00e0",
  amp: "&",
  aring: "\u00e5",
  atilde: "\u00e3",
  auml: "\u00e4",
  brvbar: "\u00a6",
  ccedil: "\u00e7",
  cedil: "\u00b8",
  cent: "\u00a2",
  copy: "\u00a9",
  curren: "\u00a4",
  deg: "\u00b0",
  divide: "\u00f7",
  eacute: "\u00e9",
  ecirc: "\u00ea",
  egrave: "\u00e8",
  eth: "\u00f0",
  euml: "\u00eb",
  frac12: "\u00bd",
  frac14: "\u00bc",
  frac34: "\u00be",
  gt: ">",
  iacute: "\u00ed",
  icirc: "\u00ee",
  iexcl: "\u00a1",
  igrave: "\u00ec",
  iquest: "\u00bf",
  iuml: "\u00ef",
  laquo: "\u00ab",
  lt: "<",
  macr: "\u00af",
  micro: "\u00b5",
  middot: "\u00b7",
  nbsp: "\u00a0",
  not: "\u00ac",
  ntilde: "\u00f1",
  oacute: "\u00f3",
  ocirc: "\u00f4",
  ograve: "\u00f2",
  ordf: "\u00aa",
  ordm: "\u00ba",
  oslash: "\u00f8",
  otilde: "\u00f5",
  ouml: "\u00f6",
  para: "\u00b6",
  plusmn: "\u00b1",
  pound: "\u00a3",
  quot: '"',
  raquo: "\u00bb",
  reg: "\u00ae",
  sect: "\u00a7",
  shy: "\u00ad",
  sup1: "\u00b9",
  sup2: "\u00b2",
  sup3: "\u00b3",
  szlig: "\u00df",
  thorn: "\u00fe",
  times: "\u00d7",
  uacute: "\u00fa",
  ucirc: "\u00fb",
  ugrave: "\u00f9",
  uml: "\u00a8",
  uuml: "\u00fc",
  yacute: "\u00fd",
  yen: "\u00a5",
  yuml: "\u00ff",
};
const WITH_SEMICOLON: Record<string, string> = {
  apos: "'",
  euro: "\u20ac",
  hellip: "\u2026",
  ndash: "\u2013",
  mdash: "\u2014",
  lsquo: "\u2018",
  rsquo: "\u2019",
  sbquo: "\u201a",
  ldquo: "\u201c",
  rdquo: "\u201d",
  bdquo: "\u201e",
  bull: "\u2022",
  trade: "\u2122",
  dagger: "\u2020",
  Dagger: "\u2021",
  permil: "\u2030",
  lsaquo: "\u2039",
  rsaquo: "\u203a",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  zwnj: "\u200c",
  zwj: "\u200d",
  lrm: "\u200e",
  rlm: "\u200f",
  minus: "\u2212",
  larr: "\u2190",
  rarr: "\u2192",
  uarr: "\u2191",
  darr: "\u2193",
  hearts: "\u2665",
  star: "\u2606",
  starf: "\u2605",
  check: "\u2713",
  times: "\u00d7",
  colon: ":",
  comma: ",",
  period: ".",
  excl: "!",
  quest: "?",
  num: "#",
  dollar: "$",
  percnt: "%",
  lpar: "(",
  rpar: ")",
  ast: "*",
  plus: "+",
  sol: "/",
  lowbar: "_",
  verbar: "|",
  commat: "@",
  equals: "=",
  circ: "\u02c6",
  tilde: "\u02dc",
  OElig: "\u0152",
  oelig: "\u0153",
  Scaron: "\u0160",
  scaron: "\u0161",
  Yuml: "\u0178",
  fnof: "\u0192",
};
/** Numeric references to C1 controls mean the windows-1252 character (HTML spec). */
const C1: Record<number, number> = {
  128: 0x20ac,
  130: 0x201a,
  131: 0x192,
  132: 0x201e,
  133: 0x2026,
  134: 0x2020,
  135: 0x2021,
  136: 0x2c6,
  137: 0x2030,
  138: 0x160,
  139: 0x2039,
  140: 0x152,
  142: 0x17d,
  145: 0x2018,
  146: 0x2019,
  147: 0x201c,
  148: 0x201d,
  149: 0x2022,
  150: 0x2013,
  151: 0x2014,
  152: 0x2dc,
  153: 0x2122,
  154: 0x161,
  155: 0x203a,
  156: 0x153,
  158: 0x17e,
  159: 0x178,
};

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function codePointText(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(C1[cp] ?? cp);
}

/**
 * Decodes character references as htmlparser2 does in text (`inAttribute` false) or in an
 * attribute value: numeric references with or without `;`, legacy names without `;` (in
 * attributes not before `=` or a letter or digit). Returns null for a `&name;` this table does not
 * know, so that a caller needing htmlparser2's exact answer can ask a DOM instead.
 */
export function decodeLikeParser(text: string, inAttribute: boolean): string | null {
  let amp = text.indexOf("&");
  if (amp === -1) return text;
  let out = "";
  let copied = 0;
  for (; amp !== -1; amp = text.indexOf("&", amp + 1)) {
    if (amp < copied) continue;
    const first = text.charCodeAt(amp + 1);
    if (first === 35) {
      let k = amp + 2;
      const hex = (text.charCodeAt(k) | 0x20) === 120;
      if (hex) k++;
      const digits = k;
      while (k < text.length && (hex ? isHexDigit(text.charCodeAt(k)) : isDigit(text.charCodeAt(k)))) k++;
      if (k === digits) continue;
      const cp = k - digits > 8 ? 0x110000 : Number.parseInt(text.slice(digits, k), hex ? 16 : 10);
      if (text.charCodeAt(k) === 59) k++;
      out += text.slice(copied, amp) + codePointText(cp);
      copied = k;
      continue;
    }
    if (!isAlnum(first)) continue;
    let k = amp + 1;
    while (k < text.length && isAlnum(text.charCodeAt(k))) k++;
    const name = text.slice(amp + 1, k);
    if (text.charCodeAt(k) === 59) {
      const value = WITH_SEMICOLON[name] ?? LEGACY[name];
      if (value === undefined) return null;
      out += text.slice(copied, amp) + value;
      copied = k + 1;
      continue;
    }
    let length = Math.min(name.length, 6);
    while (length >= 2 && LEGACY[name.slice(0, length)] === undefined) length--;
    if (length < 2) continue;
    if (inAttribute && (length < name.length || text.charCodeAt(k) === 61)) continue;
    out += text.slice(copied, amp) + LEGACY[name.slice(0, length)];
    copied = amp + 1 + length;
  }
  return out + text.slice(copied);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
