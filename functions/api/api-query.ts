import * as z from "zod";
import { AlertStatusSchema, AlertTypeSchema } from "../core/alert.js";
import { STATUS_FILTERS } from "./alert-selection.js";
import { ScopeIdSchema } from "./caller.js";
import { pageParams } from "./page-cursor.js";

/** `?sku=` sent by an empty form field means "no filter", not "the SKU named nothing". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const sku = z.string().min(1).max(64);

export const AlertQuerySchema = z.strictObject({
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(STATUS_FILTERS).default("open")),
  type: optional(AlertTypeSchema),
  sku: optional(sku),
  channel: optional(ScopeIdSchema),
});

/** A page of alerts: the filters plus `limit` and `cursor` (`nextCursor` of the page before). */
export const AlertPageQuerySchema = AlertQuerySchema.extend(pageParams);

/** The dashboard's alert list also goes back: `before` is the first item of the page after. */
export const AlertDashboardQuerySchema = AlertPageQuerySchema.extend({ before: pageParams.cursor });

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

export const StatusChangeBodySchema = z.strictObject({
  status: AlertStatusSchema.exclude(["open"]),
  note: z.string().trim().min(1).max(500).optional(),
});
