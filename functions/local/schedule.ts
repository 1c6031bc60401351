import { Cron } from "croner";

/**
 * Next run time for an EventBridge Scheduler expression, so the local loop follows the same
 * `schedule` as AWS. rate(n unit) counts from `from`; cron(min hour dom month dow year) is
 * evaluated in the tenant's timezone.
 */
export function nextRunAfter(schedule: string, timezone: string, from: Date): Date {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.startsWith("minute")
      ? 60_000
      : rate[2]!.startsWith("hour")
        ? 3_600_000
        : 86_400_000;
    return new Date(from.getTime() + n * unit);
  }
  const cron = /^cron\((.+)\)$/.exec(schedule);
  if (!cron) throw new Error(`unsupported schedule ${schedule}`);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(`cron() needs 6 fields (min hour dom month dow year): ${schedule}`);
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  // EventBridge numbers weekdays 1–7 from Sunday; croner uses 0–6.
  const weekday = dow.replace(/\d/g, (d) => String((Number(d) + 6) % 7));
  const expression = [min, hour, dom, month, weekday].map((f) => (f === "?" ? "*" : f)).join(" ");
  const next = new Cron(expression, { timezone, paused: true }).nextRun(from);
  if (!next) throw new Error(`schedule ${schedule} never fires again`);
  return next;
}
