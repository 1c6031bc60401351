/**
 * Currency markers as sellers write them after NFKC folding, mapped to ISO 4217 codes. Pure data plus a scanner;
 * `parsePrice` decides which marker belongs to which amount.
 *
 * An ambiguous marker ("$", "¥", "kr", "£", "Rs") carries the code we return when nothing else
 * decides (`code`) and the codes it may also mean (`family`); a currency hint naming one of the
 * family wins over the default.
 */
export interface CurrencyMarker {
  readonly text: string;
  readonly code: string;
  readonly family?: readonly string[];
  /**
   * Only a marker when written right next to a number ("199元" but not "单元"; "50 TL" but not
   * a stray "TL"): short or unspaced marks that are ordinary text elsewhere.
   */
  readonly attachedOnly?: boolean;
}

const DOLLARS = ["USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP", "COP"] as const;
const YEN = ["CNY", "JPY"] as const;
const POUNDS = ["GBP", "EGP"] as const;
const RUPEES = ["INR", "PKR", "LKR", "NPR"] as const;
const KRONOR = ["SEK", "NOK", "DKK", "ISK"] as const;
const RIYALS = ["SAR", "OMR", "QAR", "YER"] as const;

function many(code: string, texts: readonly string[], extra: Partial<CurrencyMarker> = {}): CurrencyMarker[] {
  return texts.map((text) => ({ text, code, ...extra }));
}

/**
 * Default choices for ambiguous markers, chosen for what this service crawls:
 * "$" → USD (the dollar with no country prefix on international sites); "¥"/"￥" → CNY (the
 * crawled marketplaces are Chinese; Japanese context or a JPY hint switches to JPY, see
 * parse-price); "£" → GBP; "kr" → SEK; "Rs"/"₹"/"र" → INR (NFKC has already turned "₨" into "Rs"); "ƒ" → AWG;
 * "CFA" → XOF; "ريال" → SAR and Persian "ریال"/"تومان" → IRR (a toman is ten rials and has no
 * ISO code of its own). Single letters ("L", "K", "P", "E", "q") are never markers: on product
 * pages they are litres, sizes and grades far more often than currencies.
 */
export const CURRENCY_MARKERS: readonly CurrencyMarker[] = [
  // Dollars: a country prefix is unambiguous, a bare "$" is not.
  { text: "$", code: "USD", family: DOLLARS },
  ...many("USD", ["US$", "US $", "U.S.$", "U.S.", "美元", "美金"]),
  ...many("CAD", ["C$", "CA$", "CAN$", "CAD$", "加元", "加币"]),
  ...many("AUD", ["A$", "AU$", "AUD$", "澳元", "澳币"]),
  ...many("NZD", ["NZ$", "新西兰元"]),
  ...many("HKD", ["HK$", "港币", "港元", "港幣"]),
  ...many("TWD", ["NT$", "新台币", "台币", "新臺幣"]),
  ...many("SGD", ["S$", "SG$", "新加坡元", "新币"]),
  ...many("MXN", ["MX$", "Mex$"]),
  ...many("BRL", ["R$"]),
  ...many("DOP", ["RD$"]),
  ...many("BZD", ["BZ$"]),
  ...many("CUC", ["CUC$"]),
  ...many("TTD", ["TT$"]),
  ...many("JMD", ["J$"]),
  // Yuan and yen. NFKC has already folded "￥" into "¥".
  { text: "¥", code: "CNY", family: YEN },
  ...many("CNY", ["CN¥", "人民币", "人民幣", "RMB"]),
  ...many("CNY", ["元", "圆"], { attachedOnly: true }),
  ...many("JPY", ["JP¥", "日元", "日圆", "yen", "Yen"]),
  { text: "円", code: "JPY", attachedOnly: true },
  ...many("KRW", ["₩", "韩元"]),
  { text: "원", code: "KRW", attachedOnly: true },
  // Europe.
  ...many("EUR", ["€", "euro", "euros", "Euro", "Euros", "EURO", "欧元"]),
  { text: "£", code: "GBP", family: POUNDS },
  ...many("GBP", ["₤", "英镑"]),
  ...many("EGP", ["E£", "ج.م"]),
  ...many("CHF", ["SFr.", "sFr."]),
  ...many("PLN", ["zł", "Zł", "ZŁ"]),
  ...many("PLN", ["zl"], { attachedOnly: true }),
  ...many("CZK", ["Kč", "kč", "KČ"]),
  ...many("HUF", ["Ft"], { attachedOnly: true }),
  ...many("RON", ["lei", "Lei", "LEI"], { attachedOnly: true }),
  ...many("BGN", ["лв", "лв."]),
  ...many("RUB", ["₽", "руб", "руб.", "Руб", "Руб.", "рублей", "рубля", "рубль"]),
  ...many("RUB", ["р.", "р", "Р"], { attachedOnly: true }),
  ...many("UAH", ["₴", "грн", "грн.", "Грн", "Грн."]),
  ...many("RSD", ["дин", "дин.", "Дин", "Дин."], { attachedOnly: true }),
  ...many("TRY", ["₺"]),
  ...many("TRY", ["TL"], { attachedOnly: true }),
  { text: "kr", code: "SEK", family: KRONOR, attachedOnly: true },
  { text: "kr.", code: "SEK", family: KRONOR, attachedOnly: true },
  { text: "Kr", code: "SEK", family: KRONOR, attachedOnly: true },
  // Asia and the Middle East.
  { text: "Rs", code: "INR", family: RUPEES, attachedOnly: true },
  { text: "Rs.", code: "INR", family: RUPEES, attachedOnly: true },
  { text: "₹", code: "INR", family: RUPEES },
  { text: "र", code: "INR", family: RUPEES, attachedOnly: true },
  { text: "रु", code: "INR", family: RUPEES },
  ...many("LKR", ["ரூ"]),
  ...many("IDR", ["Rp", "Rp."], { attachedOnly: true }),
  ...many("VND", ["₫", "VNĐ", "vnđ"]),
  ...many("VND", ["đ"], { attachedOnly: true }),
  ...many("THB", ["฿", "บาท"]),
  ...many("PHP", ["₱"]),
  ...many("MYR", ["RM"], { attachedOnly: true }),
  ...many("ILS", ["₪", "ش.ج"]),
  ...many("ILS", ["NIS", "nis"], { attachedOnly: true }),
  ...many("AZN", ["₼"]),
  ...many("KZT", ["₸"]),
  ...many("GEL", ["₾", "ლარი"]),
  ...many("MNT", ["₮"]),
  ...many("KHR", ["៛"]),
  ...many("LAK", ["₭"]),
  ...many("IRR", ["تومان", "ریال"]),
  { text: "ريال", code: "SAR", family: RIYALS },
  ...many("SAR", ["ر.س"]),
  ...many("QAR", ["ر.ق"]),
  ...many("YER", ["ر.ي"]),
  ...many("OMR", ["ر.ع."]),
  ...many("AED", ["د.إ"]),
  ...many("KWD", ["د.ك"]),
  ...many("KWD", ["KD"], { attachedOnly: true }),
  ...many("BHD", [".د.ب", "د.ب"]),
  ...many("JOD", ["دينار أردني", "د.ا"]),
  ...many("LYD", ["ل.د", "د.ل"]),
  ...many("TND", ["د.ت"]),
  ...many("DZD", ["د.ج"]),
  ...many("SDG", ["ج.س.", "ج.س"]),
  ...many("SYP", ["ل.س"]),
  ...many("LBP", ["ل.ل"]),
  ...many("UZS", ["soʻm", "сўм"]),
  // Africa and the Americas.
  ...many("NGN", ["₦"]),
  ...many("GHS", ["₵", "GH₵"]),
  ...many("KES", ["KSh"]),
  ...many("UGX", ["USh"]),
  ...many("TZS", ["TSh"]),
  ...many("BIF", ["FBu", "Fbu"]),
  ...many("RWF", ["FRw"]),
  ...many("DJF", ["Fdj"]),
  ...many("ERN", ["Nfk"]),
  ...many("MWK", ["MK"], { attachedOnly: true }),
  ...many("MVR", ["Rf"], { attachedOnly: true }),
  ...many("MRU", ["UM"], { attachedOnly: true }),
  ...many("STN", ["Db"], { attachedOnly: true }),
  ...many("BTN", ["Nu", "Nu."], { attachedOnly: true }),
  ...many("VUV", ["Vt"], { attachedOnly: true }),
  ...many("CVE", ["Esc"], { attachedOnly: true }),
  ...many("GNF", ["GFr"]),
  ...many("AOA", ["Kz"], { attachedOnly: true }),
  ...many("ETB", ["ብር"]),
  ...many("CRC", ["₡"]),
  ...many("PYG", ["₲"]),
  { text: "ƒ", code: "AWG", family: ["AWG", "ANG"] },
  { text: "CFA", code: "XOF", family: ["XOF", "XAF"] },
  { text: "FCFA", code: "XAF", family: ["XOF", "XAF"] },
];

/**
 * ISO codes recognised as words. Codes that are also common English words or brands on product
 * pages (ALL, TOP, CUP, PEN, MAD, TRY, AMD, GEL, BOB, BAM, MOP, NAD, SOS) are left out.
 */
const ISO_CODES: ReadonlySet<string> = new Set(
  (
    "AED AFN ANG AOA ARS AUD AWG AZN BBD BDT BGN BHD BIF BND BRL BSD BTN BWP BYN BZD CAD CDF CHF " +
    "CLP CNY COP CRC CUC CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD GBP GHS GMD GNF GTQ HKD HNL " +
    "HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KRW KWD KZT LAK LBP LKR LYD MDL MGA " +
    "MKD MMK MNT MRU MUR MVR MWK MXN MYR MZN NGN NIO NOK NPR NZD OMR PHP PKR PLN PYG QAR RON RSD " +
    "RUB RWF SAR SCR SDG SEK SGD SYP THB TND TTD TWD TZS UAH UGX USD UYU UZS VND XAF XOF YER ZAR ZMW"
  ).split(" "),
);

/** Codes sellers also write in lower or mixed case ("pln", "Eur"); the rest only in capitals. */
const ANY_CASE_CODES: ReadonlySet<string> = new Set(
  "USD EUR GBP CNY JPY CHF PLN NZD AUD CAD SEK NOK DKK CZK HUF RUB UAH INR KRW SGD HKD TWD".split(" "),
);

/** Currencies whose minor unit has three digits: "423.923 KD" is a decimal, not a grouping. */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  "KWD",
  "BHD",
  "OMR",
  "JOD",
  "IQD",
  "LYD",
  "TND",
]);

export interface MarkerHit {
  readonly start: number;
  readonly end: number;
  readonly marker: CurrencyMarker;
}

const LETTER = /[\p{L}\p{M}]/u;
const ASCII_LETTER = /[A-Za-z]/;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch);
}

/** Letters of scripts written without spaces; boundaries make no sense for them. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const BY_FIRST_CHAR: ReadonlyMap<string, readonly CurrencyMarker[]> = (() => {
  const map = new Map<string, CurrencyMarker[]>();
  for (const marker of CURRENCY_MARKERS) {
    const first = marker.text[0] ?? "";
    const list = map.get(first) ?? [];
    list.push(marker);
    map.set(first, list);
  }
  for (const list of map.values()) list.sort((a, b) => b.text.length - a.text.length);
  return map;
})();

function needsBoundary(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch) && !UNSPACED.test(ch);
}

function explicitAt(text: string, i: number): CurrencyMarker | null {
  const candidates = BY_FIRST_CHAR.get(text[i] ?? "");
  if (!candidates) return null;
  for (const marker of candidates) {
    if (!text.startsWith(marker.text, i)) continue;
    const first = marker.text[0];
    const last = marker.text[marker.text.length - 1];
    if (needsBoundary(first) && isLetter(text[i - 1])) continue;
    if (needsBoundary(last) && isLetter(text[i + marker.text.length])) continue;
    return marker;
  }
  return null;
}

const ISO_MARKERS = new Map<string, CurrencyMarker>();

function isoMarker(code: string): CurrencyMarker {
  let marker = ISO_MARKERS.get(code);
  if (!marker) {
    marker = { text: code, code };
    ISO_MARKERS.set(code, marker);
  }
  return marker;
}

/** A three-letter word that is an ISO code, written as sellers write it. */
export function isoCodeOf(word: string): string | null {
  if (word.length !== 3 || !/^[A-Za-z]{3}$/.test(word)) return null;
  const upper = word.toUpperCase();
  if (upper === "RMB") return "CNY";
  if (!ISO_CODES.has(upper)) return null;
  return word === upper || ANY_CASE_CODES.has(upper) ? upper : null;
}

/** Every currency marker in `text`, left to right, non-overlapping, longest match first. */
export function findCurrencyMarkers(text: string): MarkerHit[] {
  const hits: MarkerHit[] = [];
  let i = 0;
  while (i < text.length) {
    const explicit = explicitAt(text, i);
    let isoEnd = -1;
    let iso: CurrencyMarker | null = null;
    if (ASCII_LETTER.test(text[i] ?? "") && !isLetter(text[i - 1])) {
      let j = i;
      while (j < text.length && isLetter(text[j])) j++;
      const code = isoCodeOf(text.slice(i, j));
      if (code) {
        iso = isoMarker(code);
        isoEnd = j;
      }
    }
    if (iso && (!explicit || isoEnd - i >= explicit.text.length)) {
      hits.push({ start: i, end: isoEnd, marker: iso });
      i = isoEnd;
    } else if (explicit) {
      hits.push({ start: i, end: i + explicit.text.length, marker: explicit });
      i += explicit.text.length;
    } else {
      i++;
    }
  }
  return hits;
}
