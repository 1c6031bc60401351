import type { Context } from "hono";
import { listingIdOf } from "../core/alert-identity.js";
import { canonicalUrl } from "../core/canonical-url.js";
import { tenantLocale } from "../text/locale.js";
import type { ExportContext } from "./alert-export-columns.js";
import type { HistorySource } from "./alerts-xlsx.js";
import type { ApiDeps, ApiEnv } from "./api-deps.js";

/** Observations per listing in the history sheet: the newest ones. */
const HISTORY_PER_LISTING = 200;

/**
 * Who reads an export: the dashboard's language when the request comes with one (cookie or
 * Accept-Language), else the tenant's; the tenant's clock, channel names and dashboard address.
 */
export async function exportContextFor(c: Context<ApiEnv>, deps: ApiDeps): Promise<ExportContext> {
  const config = await deps.configs(c.var.caller.tenant);
  const chosen = c.var.text?.htmlLang === "en" ? "en" : c.var.text?.htmlLang === "zh-CN" ? "zh-CN" : null;
  return {
    locale: chosen ?? (config ? tenantLocale(config) : "zh-CN"),
    timeZone: config?.timezone ?? "Asia/Shanghai",
    channels: config?.channels ?? [],
    dashboardUrl: config?.dashboardUrl ?? null,
  };
}

/** The history sheet's source: the newest observations of each exported alert's listing. */
export function exportHistory(c: Context<ApiEnv>, deps: ApiDeps): HistorySource {
  const tenant = c.var.caller.tenant;
  return async (listing) =>
    (
      await deps.listings.latestObservations(
        tenant,
        listingIdOf(canonicalUrl(listing.url)),
        HISTORY_PER_LISTING,
      )
    ).observations;
}
