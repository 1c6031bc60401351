import * as z from "zod";
import { AlertStatusSchema, AlertTypeSchema } from "../core/alert.js";
import { STATUS_FILTERS } from "./alert-selection.js";
import { ScopeIdSchema } from "./caller.js";

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

export const ListingQuerySchema = z.strictObject({
  sku: optional(sku),
  channel: optional(ScopeIdSchema),
});

export const HistoryQuerySchema = z.strictObject({
  sku: optional(sku),
  channel: optional(ScopeIdSchema),
  since: optional(z.iso.datetime()),
});

export const RunsQuerySchema = z.strictObject({
  limit: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100).default(10)),
});

/** Alert ids are hex digests; anything else cannot exist, so it is a 404 like any unknown id. */
export const AlertIdSchema = z.string().regex(/^[0-9a-f]{8,64}$/);

export const StatusChangeBodySchema = z.strictObject({
  status: AlertStatusSchema.exclude(["open"]),
  note: z.string().trim().min(1).max(500).optional(),
});
