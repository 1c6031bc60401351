import { targetIdOf } from "./notify-target-id.js";
import { isTimeZone, type ScheduleProblem, scheduleProblem } from "./schedule.js";

/**
 * Cross-references and consistency in a tenant config: unknown channels and SKUs, duplicates,
 * minPrice above maxPrice, a product nothing can match, a schedule that cannot run. It reads the
 * raw value defensively, so these are reported in the same pass as schema errors, not after.
 */
export type ReferenceProblem =
  | { kind: "unknown_channel"; value: string; known: string[] }
  | { kind: "unknown_sku"; value: string; known: string[] }
  | { kind: "duplicate"; what: "channel" | "sku" | "distributor"; value: string }
  | { kind: "duplicate_target_id"; id: string; first: number }
  | { kind: "same_target"; id: string; first: number }
  | { kind: "min_above_max" }
  | { kind: "product_needs_match" }
  | { kind: "schedule"; problem: ScheduleProblem };

export interface PlacedProblem {
  path: (string | number)[];
  problem: ReferenceProblem;
}

const DEFAULT_TIMEZONE = "Asia/Shanghai";
const DEFAULT_SCHEDULE = "rate(6 hours)";
const SCHEDULE_SYNTAX = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function referenceProblems(value: unknown): PlacedProblem[] {
  if (!isObj(value)) return [];
  const out: PlacedProblem[] = [];
  const add = (path: (string | number)[], problem: ReferenceProblem) => out.push({ path, problem });

  const timezone = value.timezone === undefined ? DEFAULT_TIMEZONE : str(value.timezone);
  const schedule = value.schedule === undefined ? DEFAULT_SCHEDULE : str(value.schedule);
  if (timezone && schedule && isTimeZone(timezone) && SCHEDULE_SYNTAX.test(schedule)) {
    const problem = scheduleProblem(schedule, timezone);
    if (problem) add(["schedule"], { kind: "schedule", problem });
  }

  const channels = arr(value.channels);
  const products = arr(value.products);
  const channelIds = channels.map((c) => (isObj(c) ? str(c.id) : undefined)).filter((c) => c !== undefined);
  const skus = products.map((p) => (isObj(p) ? str(p.sku) : undefined)).filter((s) => s !== undefined);
  const knownChannels = new Set(channelIds);
  const knownSkus = new Set(skus);

  const dupes = (items: unknown[], key: string, path: string, what: "channel" | "sku" | "distributor") => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const v = isObj(item) ? str(item[key]) : undefined;
      if (v === undefined) return;
      if (seen.has(v)) add([path, i], { kind: "duplicate", what, value: v });
      seen.add(v);
    });
  };
  dupes(channels, "id", "channels", "channel");
  dupes(products, "sku", "products", "sku");
  dupes(arr(value.distributors), "id", "distributors", "distributor");

  // A channel or SKU can only be judged unknown when the list it names is itself readable.
  const channel = (v: unknown, path: (string | number)[]) => {
    const s = str(v);
    if (s !== undefined && channels.length > 0 && !knownChannels.has(s))
      add(path, { kind: "unknown_channel", value: s, known: channelIds });
  };
  const sku = (v: unknown, path: (string | number)[]) => {
    const s = str(v);
    if (s !== undefined && products.length > 0 && !knownSkus.has(s))
      add(path, { kind: "unknown_sku", value: s, known: skus });
  };

  const watch = arr(value.watch);
  const pinnedSkus = new Set(
    watch
      .map((w) => (isObj(w) ? (isObj(w.discover) ? str(w.discover.sku) : str(w.sku)) : undefined))
      .filter((s) => s !== undefined),
  );
  products.forEach((p, i) => {
    if (!isObj(p)) return;
    if (typeof p.minPrice === "number" && typeof p.maxPrice === "number" && p.minPrice > p.maxPrice)
      add(["products", i, "minPrice"], { kind: "min_above_max" });
    const match = isObj(p.match) ? p.match : {};
    if (arr(match.keywords).length === 0 && arr(match.ids).length === 0 && !pinnedSkus.has(str(p.sku) ?? ""))
      add(["products", i, "match"], { kind: "product_needs_match" });
  });
  arr(value.distributors).forEach((d, i) => {
    if (!isObj(d)) return;
    arr(d.sellers).forEach((s, j) => {
      if (isObj(s)) channel(s.channel, ["distributors", i, "sellers", j, "channel"]);
    });
  });
  arr(value.officialSellers).forEach((s, i) => {
    if (isObj(s)) channel(s.channel, ["officialSellers", i, "channel"]);
  });
  if (isObj(value.rules))
    arr(value.rules.overrides).forEach((o, i) => {
      if (!isObj(o)) return;
      channel(o.channel, ["rules", "overrides", i, "channel"]);
      sku(o.sku, ["rules", "overrides", i, "sku"]);
    });
  watch.forEach((w, i) => {
    if (!isObj(w)) return;
    if (isObj(w.discover)) {
      channel(w.discover.channel, ["watch", i, "discover", "channel"]);
      sku(w.discover.sku, ["watch", i, "discover", "sku"]);
    } else {
      channel(w.channel, ["watch", i, "channel"]);
      sku(w.sku, ["watch", i, "sku"]);
    }
  });

  const notifyIds = new Map<string, number>();
  arr(value.notify).forEach((t, i) => {
    if (!isObj(t) || typeof t.type !== "string" || t.type === "console") return;
    const ownId = str(t.id);
    const to = arr(t.to).filter((a) => typeof a === "string");
    const url = str(t.url);
    const id = ownId
      ? ownId
      : t.type === "email"
        ? to.length > 0
          ? targetIdOf({ type: "email", to })
          : undefined
        : url !== undefined
          ? targetIdOf({ type: t.type, url })
          : undefined;
    if (id === undefined) return;
    const first = notifyIds.get(id);
    if (first === undefined) notifyIds.set(id, i);
    else
      add(
        ["notify", i],
        ownId ? { kind: "duplicate_target_id", id, first } : { kind: "same_target", id, first },
      );
  });
  return out;
}
