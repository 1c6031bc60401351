import { zonedParts } from "../text/clock.js";

/** A target's quiet hours: wall-clock times in the tenant's time zone ("22:00" to "08:00"). */
export interface QuietHours {
  from: string;
  to: string;
}

function minutesOf(clock: string): number {
  const [hours = "0", minutes = "0"] = clock.split(":");
  return Number(hours) * 60 + Number(minutes);
}

/**
 * Whether `now` falls in the quiet hours, read on the tenant's wall clock; `from` is inside,
 * `to` is not, and a span over midnight (22:00–08:00) wraps. Equal ends mean no quiet hours.
 */
export function isQuietTime(now: Date, quiet: QuietHours | undefined, timeZone: string): boolean {
  if (!quiet) return false;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  const parts = zonedParts(now, timeZone);
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
