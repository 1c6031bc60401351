import * as z from "zod";
import type { CrawlTarget } from "../stages/plan.js";

const tenantId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

export const CrawlTargetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("product"),
    url: z.url(),
    channel: z.string().min(1),
    sku: z.string().min(1).optional(),
  }),
  z.object({
    kind: z.literal("discover"),
    channel: z.string().min(1),
    start: z.url(),
    links: z.string().min(1),
    next: z.string().min(1).optional(),
    maxPages: z.number().int().positive(),
    sku: z.string().min(1).optional(),
  }),
]);

/** One SQS message body: a target, pinned to the config version it was planned with. */
export const CrawlMessageSchema = z.object({
  tenant: tenantId,
  configVersion: z.string().min(1),
  runId: z.string().min(1),
  target: CrawlTargetSchema,
  /**
   * How many times the message was handed back because its session had no page load free in time
   * (shared pacing, functions/sessions/shared-pacer.ts); absent on first delivery.
   */
  pacedOut: z.number().int().positive().max(10_000).optional(),
});
export type CrawlMessage = z.infer<typeof CrawlMessageSchema>;

// Compile-time proof that the schema and the plan stage's type agree in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const targetTypesAgree: Same<z.infer<typeof CrawlTargetSchema>, CrawlTarget> = true;
void targetTypesAgree;

export type ParsedBody = { ok: true; message: CrawlMessage } | { ok: false; reason: string };

/** Never throws: a poison message becomes a reason, so only that record fails. */
export function parseCrawlMessage(body: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: "body is not JSON" };
  }
  const parsed = CrawlMessageSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    };
  }
  return { ok: true, message: parsed.data };
}
