import * as z from "zod";
import type { ListPosition } from "./list-segments.js";

/** Items per page when `limit` is not given, and the most a request may ask for. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** DynamoDB refuses empty key values and sort keys over 1,024 bytes; such a cursor is not ours. */
const KeyValueSchema = z
  .string()
  .min(1)
  .refine((v) => Buffer.byteLength(v, "utf8") <= 1024, "a key value of at most 1024 bytes");

const CursorSchema = z.strictObject({
  s: z.number().int().min(0).max(64),
  k: z.record(z.string().max(16), KeyValueSchema).nullable(),
});

/** An opaque cursor: base64url JSON of a list position. Clients pass it back unchanged. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify({ s: position.segment, k: position.key }), "utf8").toString("base64url");
}

/**
 * The position a cursor names, or null when it is not one of ours. Decoding proves nothing about
 * scope: the list checks the position against its own partitions (`positionFits`) before reading.
 */
export function decodeCursor(cursor: string): ListPosition | null {
  if (cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = CursorSchema.safeParse(value);
  if (!parsed.success || (parsed.data.k !== null && Object.keys(parsed.data.k).length > 4)) return null;
  return { segment: parsed.data.s, key: parsed.data.k };
}

/** `limit` and `cursor` as every list route takes them (empty values mean "not given"). */
export const pageParams = {
  limit: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  ),
  cursor: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(8192).optional()),
};
