/**
 * Money is an integer count of minor units (fen for CNY) plus an ISO currency code.
 * Decimal strings cross the boundary (parsePrice, config); arithmetic happens on integers only.
 */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12.99" → 1299. Rounds half-up beyond two decimals. Returns null for anything that is not a plain decimal. */
export function decimalToMinor(decimal: string): number | null {
  const m = DECIMAL.exec(decimal.trim());
  if (!m) return null;
  const [, sign, whole = "0", frac = ""] = m;
  const padded = `${frac}000`;
  let minor = Number(whole) * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2] ?? "0") >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return null;
  return sign ? -minor : minor;
}

/** Config prices are written as yuan numbers (159, 19.9); reject more than two decimals. */
export function unitsToMinor(units: number): number {
  return Math.round(units * 100);
}

/** 1299 → "12.99", 1200 → "12.00". */
export function minorToDecimal(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const SYMBOLS: Record<string, string> = { CNY: "¥", USD: "$", EUR: "€", GBP: "£", JPY: "¥", HKD: "HK$" };

/** Human form for explanations: "¥93.00". */
export function formatMoney(money: Money): string {
  const symbol = SYMBOLS[money.currency];
  return symbol
    ? `${symbol}${minorToDecimal(money.minor)}`
    : `${minorToDecimal(money.minor)} ${money.currency}`;
}
