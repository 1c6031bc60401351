import type { TenantConfig } from "../core/config.js";
import { formatMoney } from "../core/money.js";
import { formatInstant } from "../text/clock.js";
import { channelLabel } from "../text/labels-text.js";
import type { Locale } from "../text/locale.js";

export function moneyText(minor: number | null, currency: string | null): string {
  if (minor === null) return "–";
  return formatMoney({ minor, currency: currency ?? "CNY" });
}

/**
 * An instant in the tenant's zone with the zone named, through the one clock (text/clock.ts):
 * "2026-01-02 08:30 北京时间" / "2026-01-02 08:30 UTC+8". Without a locale the label is the
 * offset form, which reads the same in both languages.
 */
export function timeText(iso: string | null, timeZone: string, locale: Locale = "en"): string {
  if (!iso) return "–";
  if (Number.isNaN(new Date(iso).getTime())) return iso.slice(0, 40);
  try {
    return formatInstant(iso, { timeZone, locale });
  } catch {
    // An unknown zone in a hand-edited config: UTC, named as such.
    return formatInstant(iso, { timeZone: "UTC", locale });
  }
}

/** Names from the tenant's own config (trusted, still escaped on output); ids as fallback. */
export function channelName(config: TenantConfig | null, channel: string, locale: Locale = "zh-CN"): string {
  return channelLabel(config?.channels, channel, locale);
}

export function distributorName(config: TenantConfig | null, id: string | null): string | null {
  if (id === null) return null;
  return config?.distributors.find((d) => d.id === id)?.name ?? id;
}

export function productName(config: TenantConfig | null, sku: string | null): string | null {
  if (sku === null) return null;
  return config?.products.find((p) => p.sku === sku)?.name ?? null;
}
