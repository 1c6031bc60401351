import { zonedParts } from "../text/clock.js";
import { type Alert, type AlertSeverity, type AlertType, isOperational, SEVERITY_RANK } from "./alert.js";
import type { ChannelCoverage } from "./coverage.js";
import { medianMinor } from "./median.js";

/**
 * The numbers a channel manager reports upward, computed from alerts and the last run's coverage.
 * Pure: the caller reads the store and passes the clock.
 */

/** Alerts still to act on: open, or acknowledged and being worked on. */
const ACTIVE = new Set(["open", "acknowledged"]);

export const RESOLVE_WINDOW_DAYS = 30;
export const TOP_SELLERS = 10;

export interface KpiInput {
  alerts: readonly Alert[];
  /** Coverage by channel id in the latest run; null before the first run (or one without it). */
  coverage: Readonly<
    Record<string, Pick<ChannelCoverage, "targets" | "priced" | "gone" | "coverage" | "blind">>
  > | null;
  now: Date;
  /** The tenant's zone: "this week" starts on its Monday at midnight. */
  timeZone: string;
}

export interface Count<K> {
  key: K;
  count: number;
}

export interface OffendingSeller {
  seller: string;
  /** Channel ids the seller's active alerts are on, sorted. */
  channels: string[];
  activeAlerts: number;
  worstSeverity: AlertSeverity;
}

export interface Kpis {
  active: number;
  activeBySeverity: Record<AlertSeverity, number>;
  /** Most first; ties by key. */
  activeByType: Count<AlertType>[];
  activeByChannel: Count<string>[];
  /** Alerts first seen since `weekStart` (any status now). */
  newThisWeek: number;
  weekStart: string;
  /** Open → resolved, for alerts resolved in the last RESOLVE_WINDOW_DAYS days (milliseconds). */
  resolve: { count: number; medianMs: number | null; meanMs: number | null; since: string };
  coverage: {
    channel: string;
    targets: number;
    priced: number;
    /** 0..1; null when the channel had nothing to price. */
    coverage: number | null;
    blind: boolean;
  }[];
  /**
   * Sellers with the most active findings. Operational alerts have no seller, and monitoring-only
   * findings (an authorized distributor's resale price under CN/EU law) are not offences.
   */
  topSellers: OffendingSeller[];
}

export function computeKpis(input: KpiInput): Kpis {
  const active = input.alerts.filter((a) => ACTIVE.has(a.status));
  const activeBySeverity: Record<AlertSeverity, number> = { high: 0, medium: 0, low: 0 };
  for (const a of active) activeBySeverity[a.severity]++;

  const weekStart = startOfWeek(input.now, input.timeZone);
  const since = new Date(input.now.getTime() - RESOLVE_WINDOW_DAYS * 86_400_000);
  const durations = input.alerts.flatMap((a) => {
    const d = resolveDuration(a);
    return d !== null && d.resolvedAt >= since && d.resolvedAt <= input.now ? [d.ms] : [];
  });

  return {
    active: active.length,
    activeBySeverity,
    activeByType: countBy(active, (a) => a.type),
    activeByChannel: countBy(active, (a) => a.channel),
    newThisWeek: input.alerts.filter((a) => {
      const first = Date.parse(a.firstSeen);
      return first >= weekStart.getTime() && first <= input.now.getTime();
    }).length,
    weekStart: weekStart.toISOString(),
    resolve: {
      count: durations.length,
      medianMs: medianMinor(durations),
      meanMs:
        durations.length === 0 ? null : Math.round(durations.reduce((s, d) => s + d, 0) / durations.length),
      since: since.toISOString(),
    },
    coverage: Object.entries(input.coverage ?? {})
      .map(([channel, c]) => ({
        channel,
        targets: c.targets,
        priced: c.priced,
        coverage: c.coverage,
        blind: c.blind,
      }))
      .sort((a, b) => (a.coverage ?? 2) - (b.coverage ?? 2) || a.channel.localeCompare(b.channel)),
    topSellers: topSellers(active),
  };
}

/** Monday 00:00 of the week `now` falls in, on the zone's wall clock, as an instant. */
export function startOfWeek(now: Date, timeZone: string): Date {
  const p = zonedParts(now, timeZone);
  const localMidnight = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day));
  const daysSinceMonday = (new Date(localMidnight).getUTCDay() + 6) % 7;
  const mondayWall = localMidnight - daysSinceMonday * 86_400_000;
  // The wall clock less the zone's offset then; read the offset at the guess and once more at
  // the result, which settles a week that began on the other side of a DST change.
  let instant = mondayWall - offsetMs(new Date(mondayWall), timeZone);
  instant = mondayWall - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

function offsetMs(at: Date, timeZone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zonedParts(at, timeZone).offset);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** From the alert's last opening to its resolution, for an alert resolved now; else null. */
export function resolveDuration(alert: Alert): { ms: number; resolvedAt: Date } | null {
  if (alert.status !== "resolved") return null;
  let resolvedIndex = -1;
  for (let i = alert.history.length - 1; i >= 0; i--)
    if (alert.history[i]?.status === "resolved") {
      resolvedIndex = i;
      break;
    }
  if (resolvedIndex < 0) return null;
  let opened = alert.firstSeen;
  for (let i = resolvedIndex - 1; i >= 0; i--)
    if (alert.history[i]?.status === "open") {
      opened = alert.history[i]?.at ?? opened;
      break;
    }
  const resolvedAt = new Date(alert.history[resolvedIndex]?.at ?? "");
  const ms = resolvedAt.getTime() - Date.parse(opened);
  return Number.isFinite(ms) && ms >= 0 ? { ms, resolvedAt } : null;
}

function topSellers(active: readonly Alert[]): OffendingSeller[] {
  const bySeller = new Map<string, OffendingSeller>();
  for (const a of active) {
    if (isOperational(a.type) || a.monitoringOnly || !a.seller) continue;
    const entry = bySeller.get(a.seller) ?? {
      seller: a.seller,
      channels: [],
      activeAlerts: 0,
      worstSeverity: a.severity,
    };
    entry.activeAlerts++;
    if (!entry.channels.includes(a.channel)) entry.channels.push(a.channel);
    if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[entry.worstSeverity]) entry.worstSeverity = a.severity;
    bySeller.set(a.seller, entry);
  }
  for (const entry of bySeller.values()) entry.channels.sort();
  return [...bySeller.values()]
    .sort(
      (a, b) =>
        b.activeAlerts - a.activeAlerts ||
        SEVERITY_RANK[b.worstSeverity] - SEVERITY_RANK[a.worstSeverity] ||
        a.seller.localeCompare(b.seller),
    )
    .slice(0, TOP_SELLERS);
}

function countBy<K extends string>(alerts: readonly Alert[], key: (a: Alert) => K): Count<K>[] {
  const counts = new Map<K, number>();
  for (const a of alerts) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
  return [...counts.entries()]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
