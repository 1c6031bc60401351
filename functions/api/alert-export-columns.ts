import type { AlertView } from "../core/alert-view.js";
import { decimalToMinor, formatMoney } from "../core/money.js";
import { columnZone, type ExportText, exportText } from "../text/export-text.js";
import { alertTypeLabel, channelLabel, severityLabel, statusLabel, yesNo } from "../text/labels-text.js";
import type { Locale } from "../text/locale.js";
import { readableExplanation } from "../text/notify-text.js";
import { safeHref } from "./safe-href.js";

/** Who reads the export and how: their language, the tenant's clock and names, the dashboard. */
export interface ExportContext {
  locale: Locale;
  timeZone: string;
  /** The tenant's channels, so a code (`jd`) is shown by its name (京东). */
  channels: readonly { id: string; name: string }[];
  /** Where alert pages are (`https://…`, no trailing slash); null: no alert links. */
  dashboardUrl: string | null;
}

/** What an export reads when the caller says nothing else: a Chinese tenant on Beijing time. */
export const DEFAULT_EXPORT_CONTEXT: ExportContext = {
  locale: "zh-CN",
  timeZone: "Asia/Shanghai",
  channels: [],
  dashboardUrl: null,
};

/** A link cell: the text shown and where it goes (already checked by `safeHref`). */
export interface ExportLink {
  text: string;
  href: string;
}

/** One column of an export, shared by CSV and XLSX so both carry the same data. */
export interface ExportColumn<Row> {
  header: string;
  /** Width in characters for XLSX. */
  width: number;
  /** Crawled or free text: neutralized and bounded to `max`. */
  text?: (row: Row) => string | null;
  max?: number;
  /** Trusted money as a decimal ("93.00"): a number cell in XLSX. */
  decimal?: (row: Row) => string | null;
  count?: (row: Row) => number;
  /** An ISO instant: a date cell on the tenant's wall clock in XLSX, labelled text in CSV. */
  instant?: (row: Row) => string | null;
  /** A hyperlink in XLSX, the bare address in CSV. */
  link?: (row: Row) => ExportLink | null;
}

/** The header of a time column names its zone: 首次发现（北京时间）. */
export function timeHeader(text: ExportText, header: string, ctx: ExportContext): string {
  return text.withZone(header, columnZone(ctx.timeZone, ctx.locale));
}

export function channelName(ctx: ExportContext, channel: string): string {
  return channelLabel(ctx.channels, channel, ctx.locale);
}

function money(decimal: string | null, currency: string): string | null {
  const minor = decimal === null ? null : decimalToMinor(decimal);
  return minor === null ? null : formatMoney({ minor, currency });
}

/** What the alert means, from its fields, in the reader's language (never the rule's English). */
export function alertExplanation(alert: AlertView, ctx: ExportContext): string {
  const { facts, ...rest } = alert;
  return readableExplanation(
    // A view carries `facts: null` for alerts recorded before facts existed.
    { ...rest, ...(facts ? { facts } : {}) },
    {
      type: alert.type,
      severity: alert.severity,
      price: money(alert.price, alert.currency),
      threshold: money(alert.threshold, alert.currency),
      seller: alert.seller,
      channel: channelName(ctx, alert.channel),
      monitoringOnly: alert.monitoringOnly,
    },
    ctx.locale,
  );
}

/** A listing URL as a link cell, when it is a web address. */
export function listingLink(url: string, text: ExportText): ExportLink | null {
  const href = safeHref(url);
  return href ? { text: text.openListing, href } : null;
}

/**
 * The alerts sheet's columns: what a channel manager sorts and filters by first, names instead of
 * codes, the alert's id last (it is for quoting, not reading).
 */
export function alertExportColumns(ctx: ExportContext): ExportColumn<AlertView>[] {
  const text = exportText(ctx.locale);
  const h = text.alerts;
  const { locale } = ctx;
  return [
    { header: h.severity, width: 8, text: (a) => severityLabel(a.severity, locale) },
    { header: h.status, width: 10, text: (a) => statusLabel(a.status, locale) },
    { header: h.type, width: 16, text: (a) => alertTypeLabel(a.type, locale) },
    { header: h.monitoringOnly, width: 8, text: (a) => yesNo(a.monitoringOnly, locale) },
    { header: h.sku, width: 14, text: (a) => a.sku, max: 64 },
    { header: h.channel, width: 12, text: (a) => channelName(ctx, a.channel), max: 64 },
    { header: h.seller, width: 28, text: (a) => a.seller, max: 200 },
    { header: h.sellerId, width: 14, text: (a) => a.sellerId, max: 100 },
    { header: h.distributor, width: 14, text: (a) => a.distributorId, max: 64 },
    { header: h.price, width: 11, decimal: (a) => a.price },
    { header: h.listedPrice, width: 11, decimal: (a) => a.listedPrice },
    { header: h.threshold, width: 11, decimal: (a) => a.threshold },
    { header: h.currency, width: 7, text: (a) => a.currency, max: 8 },
    { header: h.listing, width: 14, link: (a) => listingLink(a.url, text), text: (a) => a.url, max: 2000 },
    { header: h.explanation, width: 50, text: (a) => alertExplanation(a, ctx), max: 1000 },
    { header: timeHeader(text, h.firstSeen, ctx), width: 18, instant: (a) => a.firstSeen },
    { header: timeHeader(text, h.lastSeen, ctx), width: 18, instant: (a) => a.lastSeen },
    { header: h.occurrences, width: 9, count: (a) => a.occurrences },
    {
      header: h.alertPage,
      width: 12,
      link: (a) => {
        const href = ctx.dashboardUrl
          ? safeHref(`${ctx.dashboardUrl}/alerts/${encodeURIComponent(a.id)}`)
          : null;
        return href ? { text: text.openAlert, href } : null;
      },
      text: () => null,
    },
    { header: h.alertId, width: 26, text: (a) => a.id },
  ];
}

const columnsByContext = new WeakMap<ExportContext, ExportColumn<AlertView>[]>();

/** The columns for a context, built once per export (headers read the clock and the catalogue). */
export function alertColumnsFor(ctx: ExportContext): ExportColumn<AlertView>[] {
  let columns = columnsByContext.get(ctx);
  if (!columns) {
    columns = alertExportColumns(ctx);
    columnsByContext.set(ctx, columns);
  }
  return columns;
}

/** The alerts sheet as a Chinese tenant on Beijing time reads it (callers that pass no context). */
export const ALERT_EXPORT_COLUMNS: readonly ExportColumn<AlertView>[] =
  alertColumnsFor(DEFAULT_EXPORT_CONTEXT);
