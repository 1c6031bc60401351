import * as z from "zod";
import {
  type AlertSeverity,
  type AlertStatus,
  AlertStatusSchema,
  type AlertType,
  SeveritySchema,
} from "../core/alert.js";
import { effectiveStatus } from "../core/alert-lifecycle.js";
import type { AlertRepository, StoredAlert } from "../store/alert-repository.js";
import { keys, SK } from "../store/keys.js";
import { zonedParts } from "../text/clock.js";
import type { Caller } from "./caller.js";
import { type MergeOrder, readListPage, readMergedPage, type ScopedList } from "./list-page.js";

/**
 * Which alerts a list shows. `active` is everything still to act on (open and acknowledged),
 * `all` every status; the others are one status each. Statuses are as of now: a snooze whose
 * date has passed is open.
 */
export const STATUS_FILTERS = [
  "active",
  "open",
  "acknowledged",
  "snoozed",
  "resolved",
  "dismissed",
  "all",
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** `severity`: most severe first, newest first within; `newest`/`oldest`: by when last seen. */
export const ALERT_SORTS = ["severity", "newest", "oldest"] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

export function statusesFor(filter: StatusFilter): AlertStatus[] | undefined {
  if (filter === "all") return undefined;
  if (filter === "active") return ["open", "acknowledged"];
  return [filter];
}

export interface AlertFilter {
  /** Statuses as of `now` (undefined: all). */
  statuses?: readonly AlertStatus[] | undefined;
  type?: AlertType | undefined;
  severity?: AlertSeverity | undefined;
  sku?: string | undefined;
  channel?: string | undefined;
  /** Part of the shop's name or id, case-insensitive. */
  seller?: string | undefined;
  /** A distributor id, or `none` for shops the brand does not supply. */
  distributor?: string | undefined;
  /** Last seen at or after this instant (ISO). */
  from?: string | undefined;
  /** Last seen before this instant (ISO). */
  to?: string | undefined;
  /** What "now" is for snoozes; the wall clock when absent. */
  now?: string | undefined;
}

/**
 * The stored status lists to read for these statuses: an open list also reads the snoozed one,
 * where alerts whose snooze has ended still sit until their next check writes them down.
 */
export function storedStatusesFor(statuses: readonly AlertStatus[] | undefined): AlertStatus[] {
  const wanted = statuses ?? AlertStatusSchema.options;
  return AlertStatusSchema.options.filter(
    (s) => wanted.includes(s) || (s === "snoozed" && wanted.includes("open")),
  );
}

/** The severities a list reads (its segments), most severe first. */
export function severitiesFor(filter: Pick<AlertFilter, "severity">): AlertSeverity[] {
  return SeveritySchema.options.filter((s) => filter.severity === undefined || s === filter.severity);
}

/** Whether a stored alert passes the filter (scope is the reader's business, not this one's). */
export function alertMatches(a: StoredAlert, filter: AlertFilter): boolean {
  const now = filter.now ?? new Date().toISOString();
  const seller = filter.seller?.toLowerCase();
  return (
    (filter.statuses === undefined || filter.statuses.includes(effectiveStatus(a, now))) &&
    (filter.type === undefined || a.type === filter.type) &&
    (filter.severity === undefined || a.severity === filter.severity) &&
    (filter.sku === undefined || a.sku === filter.sku) &&
    (filter.channel === undefined || a.channel === filter.channel) &&
    (seller === undefined ||
      (a.seller ?? "").toLowerCase().includes(seller) ||
      (a.sellerId ?? "").toLowerCase() === seller) &&
    (filter.distributor === undefined ||
      (filter.distributor === "none" ? a.distributorId === null : a.distributorId === filter.distributor)) &&
    (filter.from === undefined || a.lastSeen >= filter.from) &&
    (filter.to === undefined || a.lastSeen < filter.to)
  );
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone. */
export function startOfLocalDay(day: string, timeZone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // The zone's offset near that day; twice, so a day that starts just after a DST change is right.
  let instant = utcMidnight;
  for (let i = 0; i < 2; i++) {
    const { offset } = zonedParts(new Date(instant), timeZone);
    const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
    const minutes = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    instant = utcMidnight - minutes * 60_000;
  }
  return new Date(instant).toISOString();
}

/** The day after a calendar day, as YYYY-MM-DD. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const TimeCursorSchema = z.strictObject({
  seen: z.iso.datetime(),
  id: z.string().regex(/^[0-9a-f]{8,64}$/),
});

/**
 * Newest or oldest first across severities and statuses. A place in that order is
 * `<lastSeen>#<id>`; alert sort keys end with exactly that after their segment's prefix, so a
 * place is also a store position in every segment (inside the segment's own partition).
 */
export function alertTimeOrder(tenant: string, sort: "newest" | "oldest"): MergeOrder<StoredAlert> {
  return {
    direction: sort === "newest" ? "descending" : "ascending",
    orderOf: (a) => `${a.lastSeen}#${a.id}`,
    orderOfKey: (segment, key) => (key[`${segment.index}sk`] ?? "").slice(segment.sortPrefix.length),
    startKey: (segment, at) => {
      const split = at.lastIndexOf("#");
      return {
        pk: keys.alert(tenant, at.slice(split + 1)),
        sk: SK.alert,
        [`${segment.index}pk`]: segment.partition,
        [`${segment.index}sk`]: `${segment.sortPrefix}${at}`,
      };
    },
    // Its own shape (a leading "t"): a severity-order cursor is not one of these.
    encode: (at) => {
      const split = at.lastIndexOf("#");
      const json = JSON.stringify({ seen: at.slice(0, split), id: at.slice(split + 1) });
      return `t${Buffer.from(json, "utf8").toString("base64url")}`;
    },
    decode: (cursor) => {
      if (cursor.length > 512 || !/^t[A-Za-z0-9_-]+$/.test(cursor)) return null;
      try {
        const parsed = TimeCursorSchema.safeParse(
          JSON.parse(Buffer.from(cursor.slice(1), "base64url").toString("utf8")),
        );
        return parsed.success ? `${parsed.data.seen}#${parsed.data.id}` : null;
      } catch {
        return null;
      }
    },
  };
}

/** One page of the caller's alerts in the order asked for, with the cursor of the next. */
export async function readAlertPage(
  list: ScopedList<StoredAlert>,
  tenant: string,
  request: { sort: AlertSort; limit: number; cursor?: string | undefined; before?: string | undefined },
): Promise<AlertPage> {
  if (request.sort === "severity") {
    const page = await readListPage(list, tenant, request);
    return page.kind === "page"
      ? { kind: "page", items: page.items, nextCursor: page.nextCursor, previous: page.previous }
      : page;
  }
  if (request.before !== undefined) return { kind: "bad_cursor" };
  return readMergedPage(list, alertTimeOrder(tenant, request.sort), request);
}

export type AlertPage =
  | {
      kind: "page";
      items: StoredAlert[];
      nextCursor: string | null;
      previous: { before: string } | { first: true } | null;
    }
  | { kind: "bad_cursor" };

/**
 * How many of the caller's alerts each status tab holds now: a brand user's whole tenant (counted
 * by the store), a distributor's own alerts without the monitoring-only ones it never sees.
 */
export async function statusCounts(
  deps: { alerts: Pick<AlertRepository, "countByStatus" | "countForDistributor"> },
  caller: Caller,
  now: string,
): Promise<Record<StatusFilter, number>> {
  const by =
    caller.role === "brand"
      ? await deps.alerts.countByStatus(caller.tenant, now)
      : await deps.alerts.countForDistributor(caller.tenant, caller.distributorId, now);
  return {
    ...by,
    active: by.open + by.acknowledged,
    all: Object.values(by).reduce((sum, n) => sum + n, 0),
  };
}
