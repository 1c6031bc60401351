import { zonedParts } from "../text/clock.js";

/**
 * A time a person typed, read in the tenant's zone: `2026-12-10` (midnight), `2026-12-10 09:00`,
 * or an ISO instant with its own offset (`…Z`, `…+08:00`). Null when it is none of these.
 */
export function wallClockInput(text: string, timeZone: string): Date | null {
  const trimmed = text.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && /T|\s/.test(trimmed)) {
    const d = new Date(trimmed);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(trimmed);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? "00", m[5] ?? "00"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that moment (twice: a guess near a DST change settles on the second).
  let instant = asUtc;
  for (let i = 0; i < 2; i++) instant = asUtc - offsetMinutes(new Date(instant), timeZone) * 60_000;
  const check = zonedParts(new Date(instant), timeZone);
  return Number(check.day) === day ? new Date(instant) : null;
}

function offsetMinutes(instant: Date, timeZone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zonedParts(instant, timeZone).offset);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
