/**
 * The two languages a person reads Pricewarden in. A tenant's `locale` chooses (zh-CN by default
 * for tenants under Chinese law or selling in CNY); a dashboard user and a notify target may
 * override it.
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The tenant's language: its own `locale`, else zh-CN for a CN jurisdiction or CNY prices. */
export function tenantLocale(config: {
  locale?: Locale | undefined;
  jurisdiction?: string | undefined;
  currency?: string | undefined;
}): Locale {
  if (config.locale) return config.locale;
  return config.jurisdiction === "CN" || config.currency === "CNY" ? "zh-CN" : "en";
}

/** The first of the candidates that is set: a per-user or per-target choice, then the tenant's. */
export function chooseLocale(...candidates: readonly (Locale | null | undefined)[]): Locale {
  for (const c of candidates) if (c) return c;
  return "zh-CN";
}
