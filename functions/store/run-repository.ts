import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { ChannelCoverage } from "../core/coverage.js";
import { keys, SK } from "./keys.js";
import { storeError } from "./store-errors.js";

export const SiteCountersSchema = z.object({
  host: z.string(),
  attempts: z.number().int(),
  ok: z.number().int(),
  blocked: z.number().int(),
  errors: z.number().int(),
});

const count = z.number().int().nonnegative();

/** One channel's coverage in a run (core/coverage.ts `ChannelCoverage`). */
export const ChannelCoverageSchema = z.object({
  targets: count,
  fetched: count,
  priced: count,
  blocked: count,
  login_required: count,
  rate_limited: count,
  no_price: count,
  errors: count,
  gone: count,
  listings: count,
  coverage: z.number().min(0).max(1).nullable(),
  blind: z.boolean(),
  topReasons: z.array(
    z.object({
      reason: z.string(),
      outcome: z.string(),
      count,
      exampleUrls: z.array(z.string()),
    }),
  ),
  diagnosis: z.string().nullable(),
});
// The stored shape and the computed one stay the same type.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _coverageShape: SameShape<z.infer<typeof ChannelCoverageSchema>, ChannelCoverage> = true;
void _coverageShape;

export const RunSummarySchema = z.object({
  runId: z.string(),
  tenant: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  pages: z.number().int(),
  listings: z.number().int(),
  alertsNew: z.number().int(),
  alertsOpen: z.number().int(),
  errors: z.number().int(),
  seconds: z.number(),
  pagesPerSecond: z.number(),
  outcomes: z.record(z.string(), z.number().int()),
  sites: z.array(SiteCountersSchema),
  /** Coverage by channel id (runs before coverage was recorded have none). */
  channels: z.record(z.string(), ChannelCoverageSchema).optional(),
  /** All channels' priced pages ÷ their targets less removed listings; null without targets. */
  coverage: z.number().min(0).max(1).nullable().optional(),
  /** A channel was blind or nothing could be fetched: the run ran, but could not see. */
  blind: z.boolean().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export class RunRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(summary: RunSummary): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...summary, pk: keys.tenant(summary.tenant), sk: SK.run(summary.startedAt) },
        }),
      );
    } catch (error) {
      throw storeError("PutItem", error);
    }
  }

  async latest(tenant: string, limit = 10): Promise<RunSummary[]> {
    try {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :run)",
          ExpressionAttributeValues: { ":pk": keys.tenant(tenant), ":run": "RUN#" },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).flatMap((item) => {
        const parsed = RunSummarySchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    } catch (error) {
      throw storeError("Query", error);
    }
  }
}
