import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrawlWorker } from "../../functions/aws/crawl-worker.js";
import { ConfigVersionCache, createAwsStore } from "../../functions/aws/store-clients.js";
import { createTelemetry } from "../../functions/aws/telemetry.js";
import { listingIdOf } from "../../functions/core/alert-identity.js";
import { canonicalUrl } from "../../functions/core/canonical-url.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import {
  CRAWL_QUEUE_URL,
  productPage,
  RENDER_QUEUE_URL,
  setHandlerEnvironment,
  sqsEvent,
  testConfig,
} from "./support.js";

const TENANT = "acme-deadline";
let db: EmbeddedDynamo;
let server: Server;
let origin = "";
/** Resolves when the slow request's connection closes (the crawler gave it up, or it was served). */
let slowRequestClosed: Promise<void> = new Promise(() => {});

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  setHandlerEnvironment(db);
  const page = productPage({ title: "安可血糖试纸 50片 正品", price: "189.00", seller: "安可官方旗舰店" });
  // A site whose second page answers only after 20 s: longer than the invocation has left.
  server = createServer((req, res) => {
    const send = () => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    if (req.url === "/item/slow.html") {
      slowRequestClosed = new Promise((resolve) => res.on("close", () => resolve()));
      setTimeout(send, 20_000).unref();
    } else send();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
});

describe("crawl worker near the invocation's deadline", () => {
  it("reports the unfinished record for redelivery and keeps the finished one", async () => {
    const store = createAwsStore({
      TABLE_NAME: db.tableName,
      DYNAMODB_ENDPOINT: db.endpoint,
      AWS_REGION: "us-east-1",
    });
    const config = testConfig(TENANT, origin, {
      network: { allowPrivateAddresses: true, delayMs: 0, retries: 0, timeoutMs: 60_000 },
    });
    const { version } = await store.configs.publish(config, new Date());
    const { logger, metrics } = createTelemetry("crawl");
    const worker = createCrawlWorker({
      store,
      configs: new ConfigVersionCache(store.configs),
      sqs: new SQSClient({ region: "us-east-1" }),
      queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
      createFetcher: (c) => createFetcher(c.network),
      logger,
      metrics,
      deadlineMarginMs: 0,
    });
    const message = (path: string) =>
      JSON.stringify({
        tenant: TENANT,
        configVersion: version,
        runId: "2026-01-01T00:00:00.000Z#run1",
        target: { kind: "product", url: `${origin}${path}`, channel: "shop" },
      });
    const response = await worker(
      sqsEvent([
        { messageId: "m-fast", body: message("/item/1.html") },
        { messageId: "m-slow", body: message("/item/slow.html") },
      ]),
      // As Lambda would say with 2 s left of the function's timeout.
      { getRemainingTimeInMillis: () => 2_000 },
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-slow" }]);
    const fast = await store.listings.getState(TENANT, listingIdOf(canonicalUrl(`${origin}/item/1.html`)));
    expect(fast).toMatchObject({ outcome: "ok", sellerKind: "official" });

    // Nothing keeps running after the handler returned: the slow request is ended (the site
    // would answer only after 20 s), and the abandoned check records nothing.
    const gaveUp = await Promise.race([
      slowRequestClosed.then(() => "closed"),
      new Promise((resolve) => setTimeout(() => resolve("still open"), 10_000)),
    ]);
    expect(gaveUp).toBe("closed");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const slow = await store.listings.getState(TENANT, listingIdOf(canonicalUrl(`${origin}/item/slow.html`)));
    expect(slow).toBeNull();
  });
});
