import type { TenantConfig } from "../core/config.js";
import { formatMoney } from "../core/money.js";

export function moneyText(minor: number | null, currency: string | null): string {
  if (minor === null) return "–";
  return formatMoney({ minor, currency: currency ?? "CNY" });
}

/** ISO time in the tenant's zone, minutes precision: "2026-01-02 08:30". */
export function timeText(iso: string | null, timeZone: string): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso.slice(0, 40);
  try {
    return new Intl.DateTimeFormat("sv-SE", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).format(date);
  } catch {
    return date.toISOString().slice(0, 16).replace("T", " ");
  }
}

/** Names from the tenant's own config (trusted, still escaped on output); ids as fallback. */
export function channelName(config: TenantConfig | null, channel: string): string {
  return config?.channels.find((c) => c.id === channel)?.name ?? channel;
}

export function distributorName(config: TenantConfig | null, id: string | null): string | null {
  if (id === null) return null;
  return config?.distributors.find((d) => d.id === id)?.name ?? id;
}

export function productName(config: TenantConfig | null, sku: string | null): string | null {
  if (sku === null) return null;
  return config?.products.find((p) => p.sku === sku)?.name ?? null;
}
