import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CrawlMessageSchema } from "../../functions/aws/crawl-message.js";
import { listingIdOf } from "../../functions/core/alert-identity.js";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import {
  CRAWL_QUEUE_URL,
  type LocalServer,
  productPage,
  setHandlerEnvironment,
  sqsEvent,
  startLocalServer,
  testConfig,
} from "./support.js";

const TENANT = "acme-crawl";
const sqs = mockClient(SQSClient);
let db: EmbeddedDynamo;
let site: LocalServer;
let handler: (event: unknown) => Promise<SQSBatchResponse>;
let listings: ListingRepository;
let alerts: AlertRepository;
let version: string;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  site = await startLocalServer((origin) => ({
    "/item/1.html": productPage({
      title: "安可血糖试纸 50片 正品",
      price: "99.00",
      seller: "某某医疗专营店",
    }),
    "/item/2.html": productPage({ title: "安可 血糖试纸 50片装", price: "189.00", seller: "安可官方旗舰店" }),
    "/search": `<html><body><a class="p-name" href="${origin}/item/1.html">1</a>
      <a class="p-name" href="${origin}/item/2.html">2</a></body></html>`,
  }));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  listings = new ListingRepository(doc, db.tableName);
  alerts = new AlertRepository(doc, db.tableName);
  ({ version } = await new ConfigRepository(doc, db.tableName).publish(
    testConfig(TENANT, site.origin),
    new Date(),
  ));
  setHandlerEnvironment(db);
  ({ handler } = await import("../../functions/handlers/crawl.js"));
});

afterAll(async () => {
  sqs.restore();
  await site.close();
  await db.close();
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

const message = (target: unknown, tenant = TENANT) =>
  JSON.stringify({ tenant, configVersion: version, runId: "2026-01-01T00:00:00.000Z#run1", target });

describe("crawl handler", () => {
  it("reports exactly the poison message and records the other two listings", async () => {
    const urls = [`${site.origin}/item/1.html`, `${site.origin}/item/2.html`];
    const response = await handler(
      sqsEvent([
        { messageId: "m-1", body: message({ kind: "product", url: urls[0], channel: "shop" }) },
        { messageId: "m-poison", body: "{not json" },
        { messageId: "m-2", body: message({ kind: "product", url: urls[1], channel: "shop" }) },
      ]),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-poison" }]);

    const cheap = await listings.getState(TENANT, listingIdOf(canonicalUrl(urls[0]!)));
    const official = await listings.getState(TENANT, listingIdOf(canonicalUrl(urls[1]!)));
    expect(cheap).toMatchObject({ sku: "GLU-50", outcome: "ok", effectivePrice: 9900 });
    expect(official).toMatchObject({
      sku: "GLU-50",
      outcome: "ok",
      effectivePrice: 18900,
      sellerKind: "official",
    });
    const open = await alerts.list(TENANT, { statuses: ["open"] });
    expect(open.map((a) => a.type).sort()).toEqual(["below_min_price", "unauthorized_seller"]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("fails a message for a tenant with no such config version, alone", async () => {
    const response = await handler(
      sqsEvent([
        {
          messageId: "m-ghost",
          body: message({ kind: "product", url: `${site.origin}/item/1.html`, channel: "shop" }, "ghost"),
        },
        { messageId: "m-bad-shape", body: JSON.stringify({ tenant: TENANT, target: { kind: "product" } }) },
        {
          messageId: "m-ok",
          body: message({ kind: "product", url: `${site.origin}/item/2.html`, channel: "shop" }),
        },
      ]),
    );
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      "m-bad-shape",
      "m-ghost",
    ]);
  });

  it("enqueues the product targets a discovery page yields, in one SendMessageBatch", async () => {
    const response = await handler(
      sqsEvent([
        {
          messageId: "m-discover",
          body: message({
            kind: "discover",
            channel: "shop",
            start: `${site.origin}/search`,
            links: "a.p-name",
            maxPages: 1,
          }),
        },
      ]),
    );
    expect(response.batchItemFailures).toEqual([]);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.QueueUrl).toBe(CRAWL_QUEUE_URL);
    const bodies = (input.Entries ?? []).map((e) =>
      CrawlMessageSchema.parse(JSON.parse(e.MessageBody ?? "")),
    );
    expect(bodies.map((b) => (b.target.kind === "product" ? b.target.url : "")).sort()).toEqual([
      `${site.origin}/item/1.html`,
      `${site.origin}/item/2.html`,
    ]);
    for (const body of bodies)
      expect(body).toMatchObject({
        tenant: TENANT,
        configVersion: version,
        runId: "2026-01-01T00:00:00.000Z#run1",
      });
  });
});
