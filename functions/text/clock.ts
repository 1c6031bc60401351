import type { Locale } from "./locale.js";

/**
 * One clock: times are stored in UTC and every surface shows them in the tenant's time zone with
 * the zone named, so the dashboard, exports, notices and the console agree on the same event.
 */

export interface ClockOptions {
  timeZone: string;
  locale: Locale;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone, and the zone's UTC offset then ("+08:00"). */
export interface ZonedParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  offset: string;
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  // "GMT+08:00", or "GMT" for UTC itself.
  const offset = (parts.timeZoneName ?? "GMT").replace(/^GMT/, "") || "+00:00";
  return {
    year: parts.year ?? "",
    month: parts.month ?? "",
    day: parts.day ?? "",
    hour: parts.hour === "24" ? "00" : (parts.hour ?? ""),
    minute: parts.minute ?? "",
    second: parts.second ?? "",
    offset,
  };
}

function toDate(value: string | Date): Date | null {
  const d = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The zone's name as a reader knows it: 北京时间 for China in Chinese, else "UTC+8". */
export function zoneLabel(instant: Date, opts: ClockOptions): string {
  const { offset } = zonedParts(instant, opts.timeZone);
  if (opts.locale === "zh-CN" && (opts.timeZone === "Asia/Shanghai" || opts.timeZone === "Asia/Chongqing")) {
    return "北京时间";
  }
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m || (m[2] === "00" && m[3] === "00")) return "UTC";
  const hours = String(Number(m[2]));
  return `UTC${m[1]}${hours}${m[3] === "00" ? "" : `:${m[3]}`}`;
}

/** "2026-12-07 05:57 北京时间" / "2026-12-07 05:57 UTC+8"; "–" for nothing or a bad value. */
export function formatInstant(value: string | Date | null | undefined, opts: ClockOptions): string {
  if (value === null || value === undefined || value === "") return "–";
  const d = toDate(value);
  if (!d) return "–";
  const p = zonedParts(d, opts.timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${zoneLabel(d, opts)}`;
}

/** The calendar day of an instant in the tenant's zone: "2026-12-07" (notices are dated by it). */
export function localDate(value: string | Date, timeZone: string): string {
  const d = toDate(value);
  if (!d) return "";
  const p = zonedParts(d, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A day written out for a letter: "2026年12月7日" / "7 December 2026". */
export function longDate(value: string | Date, opts: ClockOptions): string {
  const d = toDate(value);
  if (!d) return "";
  const p = zonedParts(d, opts.timeZone);
  if (opts.locale === "zh-CN") return `${p.year}年${Number(p.month)}月${Number(p.day)}日`;
  const month = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(2000, Number(p.month) - 1, 1)),
  );
  return `${Number(p.day)} ${month} ${p.year}`;
}

/**
 * The wall-clock time in the zone as a Date whose UTC fields carry it: what an Excel date cell
 * must hold, since Excel has no time zones (exceljs writes a Date's UTC fields).
 */
export function wallClockDate(value: string | Date, timeZone: string): Date | null {
  const d = toDate(value);
  if (!d) return null;
  const p = zonedParts(d, timeZone);
  return new Date(
    Date.UTC(
      Number(p.year),
      Number(p.month) - 1,
      Number(p.day),
      Number(p.hour),
      Number(p.minute),
      Number(p.second),
    ),
  );
}
