import type { TenantConfig } from "../core/config.js";
import { scaleMinor } from "../core/detect/rules/price-thresholds.js";
import { formatMoney, unitsToMinor } from "../core/money.js";
import type { ListingState, Observation } from "../store/listing-repository.js";
import { CHART_TEXT } from "../text/chart-text.js";
import { wallClockDate, zoneLabel } from "../text/clock.js";
import type { Locale } from "../text/locale.js";
import { boundedText } from "./bounded-text.js";
import { renderChartSvg } from "./chart-svg.js";
import { channelName } from "./display-format.js";

export interface PriceChartInput {
  sku: string;
  entries: ReadonlyArray<{ listing: ListingState; observations: readonly Observation[] }>;
  config: TenantConfig | null;
  locale: Locale;
}

export interface PriceChart {
  svg: string;
  /** One sentence for screen readers; the tables under the chart carry every value. */
  summary: string;
  sellers: number;
  points: number;
  violations: number;
}

/** The limits a price of this SKU on this channel is held to, in minor units. */
interface Limits {
  floor: number | null;
  /** The price below which the min-price rule raises an alert (floor less its tolerance). */
  floorAlertBelow: number | null;
  ceiling: number | null;
  ceilingAlertAbove: number | null;
}

const WIDTH = 960;
const PLOT_HEIGHT = 340;
const LEGEND_ROW = 28;
const LEGEND_ITEMS_PER_ROW = 4;
/** Seller names are strangers' text: bounded so one cannot push the legend off the picture. */
const SELLER_CHARS = 24;
/** The narrowest time range drawn: a day, so one cycle's checks share one x position. */
const MIN_SPAN_MS = 24 * 3600 * 1000;

const COLORS = { floor: "#cf222e", ceiling: "#9a6700", band: "rgba(207,34,46,0.10)", breach: "#cf222e" };

/**
 * Price history of one SKU as an SVG drawn on the server by ECharts: a line per listing (every
 * observation, heartbeats included, so a listing checked once is a point), the floor and ceiling,
 * the shaded tolerance, and each observation that breached a limit marked. Times are the tenant's
 * wall clock, labelled with its zone. Null when no observation has a price.
 */
export async function priceChart(input: PriceChartInput): Promise<PriceChart | null> {
  const { config, locale } = input;
  const t = CHART_TEXT[locale];
  const zone = config?.timezone ?? "Asia/Shanghai";
  const currency =
    input.entries.flatMap((e) => e.observations.map((o) => o.currency)).find((c) => c !== null) ??
    config?.currency ??
    "CNY";
  const money = (minor: number) => formatMoney({ minor, currency });

  const usedNames = new Map<string, number>();
  const lines: { name: string; channel: string; data: [number, number][] }[] = [];
  const breaches: [number, number][] = [];
  let lastInstant: Date | null = null;
  const limitsByChannel = new Map<string, Limits>();
  for (const { listing, observations } of input.entries) {
    const limits = limitsByChannel.get(listing.channel) ?? limitsFor(config, input.sku, listing.channel);
    limitsByChannel.set(listing.channel, limits);
    const data: [number, number][] = [];
    for (const o of observations) {
      const price = o.perPackPrice ?? o.effectivePrice;
      const wall = wallClockDate(o.at, zone);
      if (price === null || wall === null) continue;
      const point: [number, number] = [wall.getTime(), price / 100];
      data.push(point);
      if (
        (limits.floorAlertBelow !== null && price < limits.floorAlertBelow) ||
        (limits.ceilingAlertAbove !== null && price > limits.ceilingAlertAbove)
      )
        breaches.push(point);
      const at = new Date(o.at);
      if (lastInstant === null || at > lastInstant) lastInstant = at;
    }
    if (data.length === 0) continue;
    const base = `${boundedText(listing.seller, SELLER_CHARS) || t.unknownSeller} · ${boundedText(
      channelName(config, listing.channel),
      16,
    )}`;
    const seen = (usedNames.get(base) ?? 0) + 1;
    usedNames.set(base, seen);
    lines.push({ name: seen === 1 ? base : `${base} #${seen}`, channel: listing.channel, data });
  }
  if (lines.length === 0 || lastInstant === null) return null;

  const xs = lines.flatMap((l) => l.data.map(([x]) => x));
  let [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  if (xMax - xMin < MIN_SPAN_MS) {
    // Checks seconds apart (one cycle) are one moment: drawn as one, not as a made-up trend.
    const middle = (xMin + xMax) / 2;
    [xMin, xMax] = [middle - MIN_SPAN_MS / 2, middle + MIN_SPAN_MS / 2];
  } else {
    // Room at both ends so the first and last points are not cut by the plot's edge.
    const margin = (xMax - xMin) * 0.03;
    [xMin, xMax] = [xMin - margin, xMax + margin];
  }

  // One floor (and ceiling) line per distinct value: channels with an override get their own.
  const limitSeries: object[] = [];
  const groups = groupChannels(limitsByChannel, lines);
  for (const { limits, channels } of groups) {
    const suffix = (label: string) =>
      groups.length === 1
        ? label
        : t.onChannel(label, channels.map((c) => channelName(config, c)).join("、"));
    if (limits.floor !== null)
      limitSeries.push(
        limitLine(
          suffix(
            limits.floorAlertBelow !== null && limits.floorAlertBelow !== limits.floor
              ? t.floorWithTolerance(money(limits.floor), money(limits.floorAlertBelow))
              : t.floor(money(limits.floor)),
          ),
          limits.floor,
          xMin,
          xMax,
          COLORS.floor,
          limits.floorAlertBelow,
        ),
      );
    if (limits.ceiling !== null)
      limitSeries.push(
        limitLine(
          suffix(
            limits.ceilingAlertAbove !== null && limits.ceilingAlertAbove !== limits.ceiling
              ? t.ceilingWithTolerance(money(limits.ceiling), money(limits.ceilingAlertAbove))
              : t.ceiling(money(limits.ceiling)),
          ),
          limits.ceiling,
          xMin,
          xMax,
          COLORS.ceiling,
          limits.ceilingAlertAbove,
        ),
      );
  }

  const legendItems = lines.length + limitSeries.length + (breaches.length > 0 ? 1 : 0);
  const legendRows = Math.ceil(legendItems / LEGEND_ITEMS_PER_ROW);
  const height = PLOT_HEIGHT + legendRows * LEGEND_ROW;
  const svg = await renderChartSvg(
    {
      grid: { left: 80, right: 32, top: 36, bottom: 64 + legendRows * LEGEND_ROW },
      legend: { bottom: 4, left: 16, right: 16, itemWidth: 18, itemGap: 14, textStyle: { fontSize: 12 } },
      xAxis: {
        type: "time",
        min: xMin,
        max: xMax,
        name: t.timeAxis(zoneLabel(lastInstant, { timeZone: zone, locale })),
        nameLocation: "middle",
        nameGap: 28,
        axisLabel: { hideOverlap: true, formatter: t.timeLabels },
      },
      yAxis: {
        type: "value",
        scale: true,
        name: t.priceAxis,
        nameTextStyle: { align: "left" },
        axisLabel: { formatter: (v: number) => money(Math.round(v * 100)) },
      },
      // Wall-clock instants carry the tenant's local time in their UTC fields.
      useUTC: true,
      series: [
        ...lines.map((l) => ({
          type: "line",
          name: l.name,
          data: l.data,
          step: "end",
          showSymbol: true,
          symbolSize: 6,
          emphasis: { disabled: true },
        })),
        ...limitSeries,
        ...(breaches.length > 0
          ? [
              {
                type: "scatter",
                name: t.violations,
                data: breaches,
                symbolSize: 12,
                z: 5,
                itemStyle: { color: "rgba(207,34,46,0.15)", borderColor: COLORS.breach, borderWidth: 2 },
                emphasis: { disabled: true },
              },
            ]
          : []),
      ],
    },
    { width: WIDTH, height },
  );
  const points = xs.length;
  return {
    svg,
    summary: t.priceSummary(lines.length, points, breaches.length),
    sellers: lines.length,
    points,
    violations: breaches.length,
  };
}

/** The same thresholds the rules use (core/detect/rules/price-thresholds.ts), per channel. */
export function limitsFor(config: TenantConfig | null, sku: string, channel: string): Limits {
  const product = config?.products.find((p) => p.sku === sku);
  const override = config?.rules.overrides.find((o) => o.sku === sku && o.channel === channel);
  const floorUnits = override?.minPrice ?? product?.minPrice;
  const ceilingUnits = override?.maxPrice ?? product?.maxPrice;
  const floor = floorUnits === undefined ? null : unitsToMinor(floorUnits);
  const ceiling = ceilingUnits === undefined ? null : unitsToMinor(ceilingUnits);
  const minRule = config?.rules.minPrice;
  const maxRule = config?.rules.maxPrice;
  return {
    floor,
    floorAlertBelow: floor === null || !minRule ? null : scaleMinor(floor, 1 - minRule.tolerance),
    ceiling,
    ceilingAlertAbove: ceiling === null || !maxRule ? null : scaleMinor(ceiling, 1 + maxRule.tolerance),
  };
}

function groupChannels(
  limitsByChannel: ReadonlyMap<string, Limits>,
  lines: readonly { channel: string }[],
): { limits: Limits; channels: string[] }[] {
  const drawn = new Set(lines.map((l) => l.channel));
  const groups = new Map<string, { limits: Limits; channels: string[] }>();
  for (const [channel, limits] of limitsByChannel) {
    if (!drawn.has(channel) || (limits.floor === null && limits.ceiling === null)) continue;
    const key = JSON.stringify(limits);
    const group = groups.get(key) ?? { limits, channels: [] };
    group.channels.push(channel);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * A dashed horizontal limit across the plotted time; the margin its rule tolerates (between the
 * limit and where an alert starts) shaded.
 */
function limitLine(
  name: string,
  minor: number,
  xMin: number,
  xMax: number,
  color: string,
  alertsFrom: number | null,
): object {
  return {
    type: "line",
    name,
    data: [
      [xMin, minor / 100],
      [xMax, minor / 100],
    ],
    showSymbol: false,
    color,
    lineStyle: { type: "dashed", width: 1.5, color },
    emphasis: { disabled: true },
    ...(alertsFrom !== null && alertsFrom !== minor
      ? {
          markArea: {
            silent: true,
            itemStyle: { color: COLORS.band },
            data: [[{ yAxis: alertsFrom / 100 }, { yAxis: minor / 100 }]],
          },
        }
      : {}),
  };
}
