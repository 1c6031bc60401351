import { Cron } from "croner";

/** The shortest cycle period a schedule may ask for: a cycle must be able to finish first. */
export const MIN_SCHEDULE_MINUTES = 5;

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

// EventBridge writes "0/5" (from 0, every 5); croner wants a range before the step.
const FIELD_MAX = [59, 23, 31, 12, 6];

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Whether the runtime knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Next run time for an EventBridge Scheduler expression, so the local loop follows the same
 * `schedule` as AWS. rate(n unit) counts from `from`; cron(min hour dom month dow year) is
 * evaluated in the tenant's timezone.
 */
export function nextRunAfter(schedule: string, timezone: string, from: Date): Date {
  const rate = RATE.exec(schedule);
  if (rate) return new Date(from.getTime() + rateMs(rate));
  const cron = /^cron\((.+)\)$/.exec(schedule);
  if (!cron) throw new Error(`unsupported schedule ${schedule}`);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(`cron() needs 6 fields (min hour dom month dow year): ${schedule}`);
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  // EventBridge numbers weekdays 1–7 from Sunday; croner uses 0–6.
  const weekday = dow.replace(/\d/g, (d) => String((Number(d) + 6) % 7));
  const expression = [min, hour, dom, month, weekday]
    .map((f, i) => (f === "?" ? "*" : f.replace(/^(\d+)\/(\d+)$/, `$1-${FIELD_MAX[i]}/$2`)))
    .join(" ");
  const next = new Cron(expression, { timezone, paused: true }).nextRun(from);
  if (!next) throw new Error(`schedule ${schedule} never fires again`);
  return next;
}

function rateMs(rate: RegExpExecArray): number {
  const unit = rate[2]!.replace(/s$/, "");
  return Number(rate[1]) * (UNIT_MS[unit] ?? Number.NaN);
}

/** Why a schedule cannot run as written, as data a message can be built from in any language. */
export type ScheduleProblem =
  | { kind: "rate_too_short"; minMinutes: number }
  | { kind: "fires_too_often"; minMinutes: number; first: string; second: string }
  | { kind: "unschedulable"; detail: string };

/**
 * Why a schedule cannot run as written (a cron that croner rejects or that never fires, a period
 * shorter than MIN_SCHEDULE_MINUTES), or null. Checked at validation so `start` never meets it.
 */
export function scheduleProblem(schedule: string, timezone: string): ScheduleProblem | null {
  const rate = RATE.exec(schedule);
  if (rate)
    return rateMs(rate) < MIN_SCHEDULE_MINUTES * 60_000
      ? { kind: "rate_too_short", minMinutes: MIN_SCHEDULE_MINUTES }
      : null;
  try {
    const first = nextRunAfter(schedule, timezone, new Date(0));
    const second = nextRunAfter(schedule, timezone, first);
    if (second.getTime() - first.getTime() < MIN_SCHEDULE_MINUTES * 60_000)
      return {
        kind: "fires_too_often",
        minMinutes: MIN_SCHEDULE_MINUTES,
        first: first.toISOString(),
        second: second.toISOString(),
      };
    return null;
  } catch (error) {
    return { kind: "unschedulable", detail: (error as Error).message };
  }
}

/** `scheduleProblem` as an English sentence (logs, the English messages). */
export function problemWithSchedule(schedule: string, timezone: string): string | null {
  const problem = scheduleProblem(schedule, timezone);
  return problem === null ? null : scheduleProblemText(problem);
}

export function scheduleProblemText(problem: ScheduleProblem): string {
  switch (problem.kind) {
    case "rate_too_short":
      return `runs more often than every ${problem.minMinutes} minutes: a cycle could not finish before the next one, and marketplaces block crawlers that call this often`;
    case "fires_too_often":
      return `fires more often than every ${problem.minMinutes} minutes (${problem.first} then ${problem.second})`;
    case "unschedulable":
      return `cannot be scheduled: ${problem.detail}`;
  }
}
