import * as z from "zod";
import { AlertTypeSchema, AlertVerbSchema, SeveritySchema } from "../core/alert.js";
import type { Locale } from "../text/locale.js";
import { type FilterField, workflowText } from "../text/workflow-text.js";
import {
  ALERT_SORTS,
  type AlertFilter,
  nextDay,
  STATUS_FILTERS,
  startOfLocalDay,
  statusesFor,
} from "./alert-selection.js";
import { ScopeIdSchema } from "./caller.js";
import { pageParams } from "./page-cursor.js";
import type { Problem } from "./request-problems.js";

/** `?sku=` sent by an empty form field means "no filter", not "the SKU named nothing". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const sku = z.string().min(1).max(64);

/** A calendar day, YYYY-MM-DD, that exists. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, "not a calendar day");

/** The alert list's filters, shared by the JSON API, the dashboard and the downloads. */
export const AlertQuerySchema = z.strictObject({
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(STATUS_FILTERS).default("open")),
  type: optional(AlertTypeSchema),
  severity: optional(SeveritySchema),
  sku: optional(sku),
  channel: optional(ScopeIdSchema),
  seller: optional(z.string().trim().min(1).max(100)),
  /** A distributor id, or `none` for shops the brand does not supply. */
  distributor: optional(ScopeIdSchema),
  /** Last seen on or after this day, in the tenant's time zone. */
  from: optional(Day),
  /** Last seen on or before this day, in the tenant's time zone. */
  to: optional(Day),
});
export type AlertQuery = z.infer<typeof AlertQuerySchema>;

/** A page of alerts: the filters, a sort, `limit` and `cursor` (`nextCursor` of the page before). */
export const AlertPageQuerySchema = AlertQuerySchema.extend({
  ...pageParams,
  sort: z.preprocess((v) => (v === "" ? undefined : v), z.enum(ALERT_SORTS).default("severity")),
});

/**
 * The dashboard's alert list also goes back (`before`, severity order only) and shows the
 * confirmation of the action that led there (`done`: the verb, or `same` when nothing changed).
 */
export const AlertDashboardQuerySchema = AlertPageQuerySchema.extend({
  before: pageParams.cursor,
  done: optional(z.union([AlertVerbSchema, z.literal("same")])),
});

/** The alert page: only the confirmation of the action just taken. */
export const AlertPageDoneSchema = z.strictObject({
  done: optional(z.union([AlertVerbSchema, z.literal("same")])),
});

/**
 * The store-level filter for a query: days become instants in the tenant's zone (`to` includes
 * its whole day). A start after the end is a problem, named on `from`.
 */
export function toAlertFilter(
  q: AlertQuery,
  timeZone: string,
  now: Date,
): { ok: true; filter: AlertFilter } | { ok: false; field: "from" } {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) return { ok: false, field: "from" };
  return {
    ok: true,
    filter: {
      statuses: statusesFor(q.status),
      type: q.type,
      severity: q.severity,
      sku: q.sku,
      channel: q.channel,
      seller: q.seller,
      distributor: q.distributor,
      from: q.from === undefined ? undefined : startOfLocalDay(q.from, timeZone),
      to: q.to === undefined ? undefined : startOfLocalDay(nextDay(q.to), timeZone),
      now: now.toISOString(),
    },
  };
}

/** The problems of an alert-list query in the reader's language, one per field or unknown name. */
export function alertQueryProblems(error: z.ZodError, locale: Locale): Problem[] {
  const t = workflowText(locale).list;
  const out: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: key, message: t.unknownParameter(key) });
      continue;
    }
    const field = String(issue.path[0] ?? "");
    const message = (t.fieldProblem as Record<string, string>)[field] ?? issue.message;
    if (!out.some((p) => p.path === field)) out.push({ path: field, message });
  }
  return out;
}

/** The same for a start day after the end day. */
export function fromAfterToProblem(locale: Locale): Problem {
  return { path: "from" satisfies FilterField, message: workflowText(locale).list.fromAfterTo };
}

export const ListingQuerySchema = z.strictObject({
  sku: optional(sku),
  channel: optional(ScopeIdSchema),
  ...pageParams,
});

export const ListingDashboardQuerySchema = ListingQuerySchema.extend({ before: pageParams.cursor });

/** Each listing of a history page carries up to this many observations, the newest. */
export const HISTORY_OBSERVATIONS_PER_LISTING = 200;

/** History pages are smaller: every listing brings its observations along. */
export const HistoryQuerySchema = z.strictObject({
  sku: optional(sku),
  channel: optional(ScopeIdSchema),
  since: optional(z.iso.datetime()),
  limit: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(50).default(20)),
  cursor: pageParams.cursor,
});

export const HistoryDashboardQuerySchema = HistoryQuerySchema.omit({ since: true }).extend({
  before: pageParams.cursor,
});

export const ReviewQuerySchema = z.strictObject({ ...pageParams });
export const ReviewDashboardQuerySchema = ReviewQuerySchema.extend({ before: pageParams.cursor });

export const RunsQuerySchema = z.strictObject({
  limit: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100).default(10)),
});

/** Alert ids are hex digests; anything else cannot exist, so it is a 404 like any unknown id. */
export const AlertIdSchema = z.string().regex(/^[0-9a-f]{8,64}$/);

/**
 * An action on an alert: a verb (`acknowledge`, `resolve`, `dismiss`, `reopen`, `snooze` with
 * `until`), or the older `status` it leads to. `until` is a day (it ends when that day begins, in
 * the tenant's zone) or an instant.
 */
export const AlertActionBodySchema = z
  .strictObject({
    verb: AlertVerbSchema.optional(),
    status: z.enum(["acknowledged", "resolved", "dismissed"]).optional(),
    note: z.string().trim().min(1).max(500).optional(),
    until: z.union([Day, z.iso.datetime({ offset: true })]).optional(),
  })
  .refine((b) => (b.verb === undefined) !== (b.status === undefined), {
    message: "send either verb or status",
    path: ["verb"],
  });

/** The dashboard's action form: one verb per button, an optional note, a day for a snooze. */
export const AlertActionFormSchema = z.strictObject({
  verb: AlertVerbSchema,
  note: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(500).optional()),
  until: optional(Day),
  /** Where to come back to: the alert's page or the list. */
  back: optional(z.enum(["alert", "list"])),
  /**
   * The list's query to come back to (`status=all&sku=…`): query characters only, so the redirect
   * stays on /alerts whatever a client sends.
   */
  list: optional(
    z
      .string()
      .max(2000)
      .regex(/^[A-Za-z0-9_.~%+=&-]*$/),
  ),
});

/** `until` as an instant: a day ends the snooze when that day begins in the tenant's zone. */
export function snoozeUntil(until: string | undefined, timeZone: string): string | undefined {
  if (until === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? startOfLocalDay(until, timeZone) : new Date(until).toISOString();
}
