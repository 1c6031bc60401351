import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { ScheduledEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CrawlMessageSchema } from "../../functions/aws/crawl-message.js";
import type { PlanOutcome } from "../../functions/aws/plan-worker.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { CRAWL_QUEUE_URL, RENDER_QUEUE_URL, setHandlerEnvironment, testConfig } from "./support.js";

const TENANT = "acme-plan";
const ORIGIN = "http://127.0.0.1:9";
const sqs = mockClient(SQSClient);
let db: EmbeddedDynamo;
let configs: ConfigRepository;
let handler: (event: unknown) => Promise<PlanOutcome>;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  configs = new ConfigRepository(createDocumentClient({ endpoint: db.endpoint }), db.tableName);
  // 23 product URLs on the HTTP channel, 2 on a render channel, one discovery page.
  const watch = [
    ...Array.from({ length: 23 }, (_, i) => ({
      url: `${ORIGIN}/item/${i}.html`,
      channel: "shop",
      sku: "GLU-50",
    })),
    { url: `${ORIGIN}/spa/1`, channel: "spa", sku: "GLU-50" },
    { url: `${ORIGIN}/spa/2`, channel: "spa", sku: "GLU-50" },
    { discover: { channel: "shop", start: `${ORIGIN}/search`, links: "a.p-name", maxPages: 3 } },
  ];
  const base = testConfig(TENANT, ORIGIN);
  await configs.publish(
    testConfig(TENANT, ORIGIN, {
      channels: [...base.channels, { id: "spa", name: "SPA shop", match: [`${ORIGIN}/spa/`], render: true }],
      watch,
    }),
    new Date(),
  );
  setHandlerEnvironment(db);
  ({ handler } = await import("../../functions/handlers/plan.js"));
});

afterAll(async () => {
  sqs.restore();
  await db.close();
});

beforeEach(() => {
  sqs.reset();
});

/** EventBridge Scheduler passes the target's Input as the event itself. */
const schedulerInvocation = (tenant: string) => ({ tenant });

describe("plan handler", () => {
  it("sends every target in batches of ten, routed by channel, retrying entries SQS rejected", async () => {
    let firstCall = true;
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => {
      // The first batch loses one entry to throttling; it must be re-sent, alone.
      if (firstCall) {
        firstCall = false;
        const [lost] = input.Entries;
        return {
          Successful: input.Entries.slice(1).map((e) => ({
            Id: e.Id,
            MessageId: e.Id,
            MD5OfMessageBody: "",
          })),
          Failed: [{ Id: lost!.Id, Code: "ThrottlingException", SenderFault: false }],
        };
      }
      return {
        Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: "" })),
        Failed: [],
      };
    });

    const outcome = await handler(schedulerInvocation(TENANT));
    expect(outcome).toMatchObject({ tenant: TENANT, configVersion: "000001", targets: 26 });

    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    for (const call of calls) expect(call.Entries?.length).toBeLessThanOrEqual(10);
    const delivered = new Map<string, string[]>();
    const seen = new Set<string>();
    for (const call of calls) {
      for (const entry of call.Entries ?? []) {
        const body = CrawlMessageSchema.parse(JSON.parse(entry.MessageBody ?? ""));
        expect(body).toMatchObject({ tenant: TENANT, configVersion: "000001", runId: outcome.runId });
        expect(entry.MessageGroupId).toBe(TENANT);
        const key = body.target.kind === "product" ? body.target.url : body.target.start;
        seen.add(`${call.QueueUrl} ${key}`);
        delivered.set(call.QueueUrl ?? "", [...(delivered.get(call.QueueUrl ?? "") ?? []), key]);
      }
    }
    // 24 crawl-queue targets in 3 batches + 1 re-send; 2 render targets in 1 batch.
    expect(calls).toHaveLength(5);
    expect(seen.size).toBe(26);
    expect(new Set(delivered.get(RENDER_QUEUE_URL))).toEqual(new Set([`${ORIGIN}/spa/1`, `${ORIGIN}/spa/2`]));
    expect(new Set(delivered.get(CRAWL_QUEUE_URL)).size).toBe(24);
  });

  it("fails the invocation for a tenant without a published config (retried, then the DLQ)", async () => {
    await expect(handler(schedulerInvocation("nobody"))).rejects.toThrow(
      /no config published for tenant nobody/,
    );
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("rejects an event that is not a scheduler input", async () => {
    const wrong: Partial<ScheduledEvent> = { "detail-type": "Scheduled Event", source: "aws.events" };
    await expect(handler(wrong)).rejects.toThrow();
  });
});
