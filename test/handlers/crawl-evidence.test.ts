import { createPublicKey } from "node:crypto";
import type { SQSBatchResponse } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyEd25519 } from "../../functions/evidence/evidence-signer.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { ConfigRepository } from "../../functions/store/config-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";
import { fakeKms, fakeS3 } from "../support/aws-evidence-fakes.js";
import {
  type LocalServer,
  productPage,
  setHandlerEnvironment,
  sqsEvent,
  startLocalServer,
  testConfig,
} from "./support.js";

const TENANT = "acme-evidence";
const BUCKET = "pricewarden-evidence-test";
const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
// A link pasted with its tracking parameters: longer than KMS signs raw on its own.
const PATH = `/item/1.html?spm=${"a1b2c3.".repeat(600)}`;

let kmsDown = false;
const kms = fakeKms({ failSign: () => kmsDown });
const s3 = fakeS3();
let db: EmbeddedDynamo;
let site: LocalServer;
let handler: (event: unknown) => Promise<SQSBatchResponse>;
let alerts: AlertRepository;
let evidence: EvidenceRepository;
let version: string;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  site = await startLocalServer(() => ({
    [PATH]: productPage({ title: "安可血糖试纸 50片 正品", price: "99.00", seller: "某某医疗专营店" }),
  }));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  alerts = new AlertRepository(doc, db.tableName);
  evidence = new EvidenceRepository(doc, db.tableName);
  ({ version } = await new ConfigRepository(doc, db.tableName).publish(
    testConfig(TENANT, site.origin),
    new Date(),
  ));
  setHandlerEnvironment(db);
  Object.assign(process.env, { EVIDENCE_BUCKET: BUCKET, EVIDENCE_KEY_ID: KEY });
  ({ handler } = await import("../../functions/handlers/crawl.js"));
});

afterAll(async () => {
  kms.mock.restore();
  s3.mock.restore();
  delete process.env.EVIDENCE_BUCKET;
  delete process.env.EVIDENCE_KEY_ID;
  await site.close();
  await db.close();
});

const delivery = (messageId: string) =>
  sqsEvent([
    {
      messageId,
      body: JSON.stringify({
        tenant: TENANT,
        configVersion: version,
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
});
