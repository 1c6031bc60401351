import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { webhookTargetId, webhookTargets } from "../../functions/notify/notify-targets.js";
import { signBody } from "../../functions/notify/webhook-sender.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { type LocalServer, setHandlerEnvironment, startLocalServer, testConfig } from "./support.js";

const TENANT = "acme-notify";
let db: EmbeddedDynamo;
let receiver: LocalServer;
let alerts: AlertRepository;
let handler: (event: unknown) => Promise<unknown>;
let targetId: string;

const finding: Finding = {
  type: "below_min_price",
  severity: "high",
  sku: "GLU-50",
  listingId: "L1",
  url: "http://127.0.0.1:9/item/1.html",
  channel: "shop",
  seller: "某某医疗专营店",
  sellerId: null,
  distributorId: null,
  price: 9900,
  listedPrice: 9900,
  threshold: 15900,
  currency: "CNY",
  explanation: "¥99.00 is below the ¥159.00 floor",
  inputs: {},
  monitoringOnly: false,
};

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  receiver = await startLocalServer(() => ({}));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  alerts = new AlertRepository(doc, db.tableName);
  const config = testConfig(TENANT, "http://127.0.0.1:9", {
    notify: [
      {
        type: "webhook",
        url: `${receiver.origin}/hook`,
        secret: "env:PRICEWARDEN_HOOK_SECRET",
        minSeverity: "medium",
      },
    ],
  });
  targetId = webhookTargetId(webhookTargets(config)[0]!);
  await new ConfigRepository(doc, db.tableName).publish(config, new Date());
  setHandlerEnvironment(db);
  process.env.PRICEWARDEN_HOOK_SECRET = "s3cret";
  ({ handler } = await import("../../functions/handlers/notify.js"));
});

afterAll(async () => {
  await receiver.close();
  await db.close();
});

/** The record DynamoDB Streams delivers when the crawl worker creates the alert item. */
function streamEvent(pk: string, sequenceNumber: string): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventID: "1",
        eventName: "INSERT",
        eventVersion: "1.1",
        eventSource: "aws:dynamodb",
        awsRegion: "us-east-1",
        eventSourceARN:
          "arn:aws:dynamodb:us-east-1:111111111111:table/pricewarden/stream/2026-01-01T00:00:00.000",
        dynamodb: {
          ApproximateCreationDateTime: 1767225600,
          Keys: { pk: { S: pk }, sk: { S: "ALERT" } },
          NewImage: {
            pk: { S: pk },
            sk: { S: "ALERT" },
            gsi3pk: { S: `T#${TENANT}#DELIVER` },
            gsi3sk: { S: "2026-01-01T00:00:00.000Z#x" },
          },
          SequenceNumber: sequenceNumber,
          SizeBytes: 200,
          StreamViewType: "NEW_AND_OLD_IMAGES",
        },
      },
    ],
  };
}

describe("notify handler", () => {
  it("delivers a new alert's pending webhook once, signed, when its stream record arrives", async () => {
    const alertId = alertIdOf(TENANT, finding.type, finding.listingId, finding.sku);
    await alerts.record(finding, {
      tenant: TENANT,
      alertId,
      runId: "run-1",
      now: new Date(Date.now() - 1000).toISOString(),
      targets: [targetId],
    });

    const response = (await handler(streamEvent(`T#${TENANT}#A#${alertId}`, "100"))) as DynamoDBBatchResponse;
    expect(response.batchItemFailures).toEqual([]);
    const posts = receiver.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post!.url).toBe("/hook");
    expect(post!.headers["x-pricewarden-signature"]).toBe(signBody("s3cret", post!.body));
    const stored = await alerts.get(TENANT, alertId);
    expect(stored?.deliveries[targetId]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(post!.headers["x-pricewarden-delivery"]).toBe(stored?.deliveries[targetId]?.deliveryId);

    // The 5-minute sweep (and a redelivered stream record) finds nothing left to send.
    await handler({ tenant: TENANT });
    await handler(streamEvent(`T#${TENANT}#A#${alertId}`, "100"));
    expect(receiver.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("rejects events that are neither stream batches nor sweeps", async () => {
    await expect(handler({ Records: [] })).rejects.toThrow();
    await expect(handler({ tenant: "Not A Tenant" })).rejects.toThrow();
  });
});
