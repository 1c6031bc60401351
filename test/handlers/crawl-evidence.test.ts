import { createPublicKey } from "node:crypto";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsEvidence } from "../../functions/aws/aws-evidence.js";
import { createCrawlWorker } from "../../functions/aws/crawl-worker.js";
import { ConfigVersionCache, createAwsStore } from "../../functions/aws/store-clients.js";
import { createTelemetry } from "../../functions/aws/telemetry.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { createRenderer, type Renderer } from "../../functions/crawl/render/chromium-renderer.js";
import { verifyEd25519 } from "../../functions/evidence/evidence-signer.js";
import { screenshotWithRenderer } from "../../functions/evidence/page-screenshot.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";
import { fakeKms, fakeS3 } from "../support/aws-evidence-fakes.js";
import {
  CRAWL_QUEUE_URL,
  type LocalServer,
  productPage,
  RENDER_QUEUE_URL,
  setHandlerEnvironment,
  sqsEvent,
  startLocalServer,
  testConfig,
} from "./support.js";

const TENANT = "acme-evidence";
/** A tenant that wants screenshots; its channel is static (no Chromium in the crawl function). */
const SHOTS = "acme-screenshots";
const BUCKET = "pricewarden-evidence-test";
const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
// A link pasted with its tracking parameters: longer than KMS signs raw on its own.
const PATH = `/item/1.html?spm=${"a1b2c3.".repeat(600)}`;

let kmsDown = false;
const kms = fakeKms({ failSign: () => kmsDown });
const s3 = fakeS3();
const sqs = mockClient(SQSClient);
let db: EmbeddedDynamo;
let site: LocalServer;
let handler: (event: unknown) => Promise<SQSBatchResponse>;
let alerts: AlertRepository;
let evidence: EvidenceRepository;
let version: string;
let shotsVersion: string;
let renderer: Renderer | undefined;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  site = await startLocalServer(() => ({
    [PATH]: productPage({ title: "安可血糖试纸 50片 正品", price: "99.00", seller: "某某医疗专营店" }),
  }));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  alerts = new AlertRepository(doc, db.tableName);
  evidence = new EvidenceRepository(doc, db.tableName);
  const configs = new ConfigRepository(doc, db.tableName);
  ({ version } = await configs.publish(
    testConfig(TENANT, site.origin, { evidence: { screenshot: false } }),
    new Date(),
  ));
  ({ version: shotsVersion } = await configs.publish(
    testConfig(SHOTS, site.origin, { evidence: { screenshot: true } }),
    new Date(),
  ));
  setHandlerEnvironment(db);
  Object.assign(process.env, { EVIDENCE_BUCKET: BUCKET, EVIDENCE_KEY_ID: KEY });
  ({ handler } = await import("../../functions/handlers/crawl.js"));
});

afterAll(async () => {
  await renderer?.close();
  sqs.restore();
  kms.mock.restore();
  s3.mock.restore();
  delete process.env.EVIDENCE_BUCKET;
  delete process.env.EVIDENCE_KEY_ID;
  await site.close();
  await db.close();
});

const delivery = (messageId: string, tenant = TENANT, configVersion = version) =>
  sqsEvent([
    {
      messageId,
      body: JSON.stringify({
        tenant,
        configVersion,
        runId: "2026-01-01T00:00:00.000Z#run1",
        target: { kind: "product", url: `${site.origin}${PATH}`, channel: "shop" },
      }),
    },
  ]);

describe("crawl handler evidence on AWS", () => {
  it("fails the message while KMS is down, then captures every alert of the page on redelivery", async () => {
    kmsDown = true;
    const first = await handler(delivery("m-1"));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }]);
    const open = await alerts.list(TENANT, { statuses: ["open"] });
    expect(open.map((a) => a.type).sort()).toEqual(["below_min_price", "unauthorized_seller"]);
    for (const alert of open) expect(await evidence.list(TENANT, alert.id)).toEqual([]);

    kmsDown = false;
    const second = await handler(delivery("m-1"));
    expect(second.batchItemFailures).toEqual([]);
    for (const alert of open) {
      const records = await evidence.list(TENANT, alert.id);
      expect(records).toHaveLength(1);
      const prefix = `${BUCKET}/${records[0]!.blobPrefix}`;
      const stored = (name: string) => s3.objects.get(`${prefix}/${name}`);
      const manifestBytes = stored("manifest.json")!;
      const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
      // Signed by KMS, verifiable with the key in the bundle, within what KMS signs raw.
      expect(manifestBytes.length).toBeLessThanOrEqual(4096);
      expect(
        verifyEd25519(
          createPublicKey(new TextDecoder().decode(stored("public-key.pem"))),
          manifestBytes,
          stored("manifest.sig")!,
        ),
      ).toBe(true);
      expect(manifest.signing.fingerprint).toBe(records[0]!.keyFingerprint);
      // The long link is shortened in the manifest and kept whole in a hashed file.
      expect(manifest.page.requestedUrl).toMatch(/… \(shortened; in full in full-values\.json\)$/);
      const full = JSON.parse(new TextDecoder().decode(stored("full-values.json")));
      expect(full["page.requestedUrl"]).toBe(`${site.origin}${PATH}`);
      expect(manifest.files.map((f: { name: string }) => f.name)).toEqual([
        "finding.json",
        "full-values.json",
        "listing.json",
        "page.html",
      ]);
      expect(manifest.screenshot).toEqual({
        status: "disabled",
        reason: "evidence.screenshot is off in the tenant config",
      });
    }
  });

  it("captures nothing more while the alerts' occurrences already have their evidence", async () => {
    const objectsBefore = s3.objects.size;
    const third = await handler(delivery("m-2"));
    expect(third.batchItemFailures).toEqual([]);
    expect(s3.objects.size).toBe(objectsBefore);
  });

  it("hands a check that needs a screenshot to the render queue, where Chromium captures it", async () => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const objectsBefore = s3.objects.size;
    const crawled = await handler(delivery("m-shot", SHOTS, shotsVersion));
    expect(crawled.batchItemFailures).toEqual([]);
    const open = await alerts.list(SHOTS, { statuses: ["open"] });
    expect(open.map((a) => a.type).sort()).toEqual(["below_min_price", "unauthorized_seller"]);
    // Nothing captured without the screenshot; the same target went to the render queue.
    expect(s3.objects.size).toBe(objectsBefore);
    const sends = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(sends.map((i) => i.QueueUrl)).toEqual([RENDER_QUEUE_URL]);
    expect(sends.map((i) => i.QueueUrl)).not.toContain(CRAWL_QUEUE_URL);
    const handedOff = JSON.parse(sends[0]?.Entries?.[0]?.MessageBody ?? "{}");
    expect(handedOff).toMatchObject({
      tenant: SHOTS,
      configVersion: shotsVersion,
      target: { kind: "product", url: `${site.origin}${PATH}`, channel: "shop" },
    });

    // The render function's worker: same processTarget, with Chromium for the screenshot.
    renderer = createRenderer({
      allowPrivateAddresses: true,
      timeoutMs: 20_000,
      maxBytes: 2_000_000,
      userAgent: "Mozilla/5.0 Pricewarden-test",
    });
    const store = createAwsStore({
      TABLE_NAME: db.tableName,
      DYNAMODB_ENDPOINT: db.endpoint,
      AWS_REGION: "us-east-1",
    });
    const evidenceWithChromium = createAwsEvidence({
      evidence: store.evidence,
      clients: async () => ({ s3: s3.client, kms: kms.client }),
      bucket: BUCKET,
      keyId: KEY,
    });
    const shot = screenshotWithRenderer(renderer);
    const { logger, metrics } = createTelemetry("render");
    const renderWorker = createCrawlWorker({
      store,
      configs: new ConfigVersionCache(store.configs),
      sqs: new SQSClient({ region: "us-east-1" }),
      queues: { crawlQueueUrl: CRAWL_QUEUE_URL, renderQueueUrl: RENDER_QUEUE_URL },
      createFetcher: (config) => createFetcher(config.network),
      evidenceFor: () => evidenceWithChromium.recorderFor({ screenshot: shot }),
      logger,
      metrics,
    });
    const rendered = await renderWorker(
      sqsEvent([{ messageId: "m-shot-render", body: sends[0]?.Entries?.[0]?.MessageBody ?? "" }]),
    );
    expect(rendered.batchItemFailures).toEqual([]);
    for (const alert of open) {
      const records = await evidence.list(SHOTS, alert.id);
      expect(records).toHaveLength(1);
      expect(records[0]?.screenshot).toBe("captured");
      const png = s3.objects.get(`${BUCKET}/${records[0]!.blobPrefix}/screenshot.png`);
      expect(png && Buffer.from(png.subarray(1, 4)).toString("latin1")).toBe("PNG");
    }
  }, 60_000);
});
