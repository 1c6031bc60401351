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
import { startRobotReceiver, wecomContent } from "../notify/robot-receivers.js";
import { type LocalServer, setHandlerEnvironment, startLocalServer, testConfig } from "./support.js";

const TENANT = "acme-notify";
/** A second tenant whose WeCom group wants one digest per cycle. */
const DIGEST_TENANT = "acme-digest";
let db: EmbeddedDynamo;
let receiver: LocalServer;
let alerts: AlertRepository;
let handler: (event: unknown) => Promise<unknown>;
let targetId: string;
let robot: Awaited<ReturnType<typeof startRobotReceiver>>;

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
  robot = await startRobotReceiver("wecom");
  const digestConfig = testConfig(DIGEST_TENANT, "http://127.0.0.1:9", {
    notify: [{ type: "wecom", id: "wecom-digest", url: robot.url, mode: "digest" }],
  });
  await new ConfigRepository(doc, db.tableName).publish(digestConfig, new Date());
  setHandlerEnvironment(db);
  process.env.PRICEWARDEN_HOOK_SECRET = "s3cret";
  ({ handler } = await import("../../functions/handlers/notify.js"));
});

afterAll(async () => {
  await robot?.close();
  await receiver.close();
  await db.close();
});

/** The record DynamoDB Streams delivers when the crawl worker creates the alert item. */
function streamEvent(pk: string, sequenceNumber: string, tenant = TENANT): DynamoDBStreamEvent {
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
            gsi3pk: { S: `T#${tenant}#DELIVER` },
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

  it("stream records leave digest targets to the sweep, which sends one digest for all", async () => {
    const ids: string[] = [];
    for (const listingId of ["D1", "D2", "D3"]) {
      const alertId = alertIdOf(DIGEST_TENANT, finding.type, listingId, finding.sku);
      ids.push(alertId);
      await alerts.record(
        { ...finding, listingId, url: `http://127.0.0.1:9/item/${listingId}.html` },
        {
          tenant: DIGEST_TENANT,
          alertId,
          runId: "run-1",
          now: new Date(Date.now() - 1000).toISOString(),
          targets: ["wecom-digest"],
        },
      );
      const response = (await handler(
        streamEvent(`T#${DIGEST_TENANT}#A#${alertId}`, `2${ids.length}`, DIGEST_TENANT),
      )) as DynamoDBBatchResponse;
      expect(response.batchItemFailures).toEqual([]);
    }
    // Each alert's record arrived on its own; none of them sent a digest of one.
    expect(robot.calls).toHaveLength(0);
    expect(await handler({ tenant: DIGEST_TENANT })).toMatchObject({ delivered: 3, held: 0 });
    expect(robot.calls).toHaveLength(1);
    const content = wecomContent(robot.calls[0]);
    expect(content).toContain("【Pricewarden】本轮 3 条告警");
    for (const id of ids)
      expect((await alerts.get(DIGEST_TENANT, id))?.deliveries["wecom-digest"]?.state).toBe("delivered");
  });

  it("rejects events that are neither stream batches nor sweeps", async () => {
    await expect(handler({ Records: [] })).rejects.toThrow();
    await expect(handler({ tenant: "Not A Tenant" })).rejects.toThrow();
  });
});
