import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { keys, SK } from "./keys.js";
import { storeError } from "./store-errors.js";

export const SiteCountersSchema = z.object({
  host: z.string(),
  attempts: z.number().int(),
  ok: z.number().int(),
  blocked: z.number().int(),
  errors: z.number().int(),
});

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
