import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { unzipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type AwsEvidenceSourceOptions,
  openAwsEvidenceSources,
} from "../../functions/aws/aws-evidence-sources.js";
import { createKmsEvidenceSigner } from "../../functions/aws/kms-evidence-signer.js";
import { S3BlobStore } from "../../functions/aws/s3-blob-store.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { exportEvidence } from "../../functions/evidence/evidence-export.js";
import { createEvidenceRecorder } from "../../functions/evidence/evidence-recorder.js";
import { verifyEvidenceArchive } from "../../functions/evidence/evidence-verify.js";
import { createChromiumPdfRenderer, type SummaryPdfRenderer } from "../../functions/evidence/summary-pdf.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { runCycle } from "../../functions/stages/cycle.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { type EvidenceRecord, EvidenceRepository } from "../../functions/store/evidence-repository.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { fakeKms, fakeS3 } from "../support/aws-evidence-fakes.js";
import { type CliRun, runCliInProcess } from "../support/cli-in-process.js";
import { type EvidenceSite, evidenceConfig, startEvidenceSite } from "./evidence-site.js";

const KEY_ID = "alias/pricewarden-evidence";
const OTHER_KEY_ID = "alias/other-evidence";
const BUCKET = "pricewarden-evidence-test";
const TENANT = "evidence-test";

// Real Ed25519 keys and real bytes behind mocked SDK clients (test/support/aws-evidence-fakes.ts).
const fakeKmsKeys = fakeKms({ keyIds: [KEY_ID, OTHER_KEY_ID] });
const fakeBucket = fakeS3();
const kmsMock = fakeKmsKeys.mock;
const s3Mock = fakeBucket.mock;
const objects = fakeBucket.objects;
const kmsFingerprint = (keyId: string) => fakeKmsKeys.fingerprint(keyId);

let site: EvidenceSite;
let db: EmbeddedDynamo;
let dir: string;
let pdf: SummaryPdfRenderer;
let kms: KMSClient;
let s3: S3Client;
let repos: { alerts: AlertRepository; listings: ListingRepository; runs: RunRepository };
let evidenceRepo: EvidenceRepository;
/** Alert id → its one capture. */
const captures = new Map<string, EvidenceRecord>();

const awsOptions = (kmsKeyId = KEY_ID): AwsEvidenceSourceOptions => ({
  tableName: db.tableName,
  bucket: BUCKET,
  kmsKeyId,
  region: "us-east-1",
  dynamodbEndpoint: db.endpoint,
});

beforeAll(async () => {
  site = await startEvidenceSite();
  db = await startEmbeddedDynamo({ dataDir: null });
  dir = await mkdtemp(join(tmpdir(), "pricewarden-aws-evidence-"));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  repos = {
    alerts: new AlertRepository(doc, db.tableName),
    listings: new ListingRepository(doc, db.tableName),
    runs: new RunRepository(doc, db.tableName),
  };
  evidenceRepo = new EvidenceRepository(doc, db.tableName);
  kms = new KMSClient({ region: "us-east-1" });
  s3 = new S3Client({ region: "us-east-1" });
  pdf = createChromiumPdfRenderer();
});

afterAll(async () => {
  await pdf?.close();
  await site?.close();
  await db?.close();
  kmsMock.restore();
  s3Mock.restore();
  if (dir) await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

function alertIds(): string[] {
  return [...captures.keys()].sort();
}

describe("evidence export from AWS (dynalite table, KMS Ed25519 key, S3 bucket)", () => {
  it("captures bundles signed through KMS into the bucket, write-once", async () => {
    // Captured the way the AWS workers will: KMS signer, S3 blobs, items in the table.
    const recorder = createEvidenceRecorder({
      evidence: evidenceRepo,
      blobs: new S3BlobStore(s3, BUCKET),
      signer: await createKmsEvidenceSigner(kms, KEY_ID),
    });
    const config = evidenceConfig(site.origin, false);
    const fetcher = createFetcher(config.network);
    try {
      const { summary } = await runCycle({
        config,
        fetcher,
        ...repos,
        send: async () => ({ ok: true, status: 200 }) as never,
        resolveSecret: () => undefined,
        evidence: recorder,
      });
      expect(summary.alertsNew).toBe(2);
    } finally {
      await fetcher.close();
    }
    for (const alert of await repos.alerts.list(TENANT)) {
      const records = await evidenceRepo.list(TENANT, alert.id);
      expect(records).toHaveLength(1);
      const record = records[0]!;
      expect(record.keyFingerprint).toBe(kmsFingerprint(KEY_ID));
      for (const name of ["page.html", "listing.json", "finding.json", "manifest.json", "manifest.sig"])
        expect(objects.has(`${BUCKET}/${TENANT}/${alert.id}/${record.captureId}/${name}`), name).toBe(true);
      captures.set(alert.id, record);
    }
    expect(captures.size).toBe(2);
    for (const call of s3Mock.commandCalls(PutObjectCommand))
      expect(call.args[0].input).toMatchObject({
        Bucket: BUCKET,
        IfNoneMatch: "*",
        ChecksumAlgorithm: "SHA256",
      });
    expect(kmsMock.commandCalls(SignCommand)).toHaveLength(2);
  });

  it("exports a zip that verifies and carries the KMS key's fingerprint", async () => {
    const alertId = alertIds()[0]!;
    const sources = await openAwsEvidenceSources(awsOptions(), { kms, s3 });
    let result: Awaited<ReturnType<typeof exportEvidence>>;
    try {
      expect(sources.signer.fingerprint).toBe(kmsFingerprint(KEY_ID));
      result = await exportEvidence({ ...sources, pdf }, { tenant: TENANT, alertId });
    } finally {
      sources.close();
    }
    expect(result.kind).toBe("ok");
    if (result.kind !== "ok") return;
    expect(result.record.captureId).toBe(captures.get(alertId)!.captureId);
    expect(result.fingerprint).toBe(kmsFingerprint(KEY_ID));

    const report = verifyEvidenceArchive(result.zip, { expectedFingerprint: kmsFingerprint(KEY_ID) });
    expect(report.ok ? [] : report.problems).toEqual([]);
    expect(report.fingerprint).toBe(kmsFingerprint(KEY_ID));
    if (report.ok) {
      expect(report.manifest.alertId).toBe(alertId);
      expect(report.manifest.screenshot.status).toBe("disabled");
    }
    const entries = unzipSync(result.zip);
    expect(Buffer.from(entries["summary.pdf"]!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // export.json was signed by KMS too, with the same key, as a RAW message.
    const last = kmsMock.commandCalls(SignCommand).at(-1)!.args[0].input;
    expect(last).toMatchObject({ KeyId: KEY_ID, MessageType: "RAW", SigningAlgorithm: "ED25519_SHA_512" });
    expect(Buffer.from(last.Message!).equals(Buffer.from(entries["export.json"]!))).toBe(true);
  });

  it("refuses to export with another KMS key than the one that captured", async () => {
    const sources = await openAwsEvidenceSources(awsOptions(OTHER_KEY_ID), { kms, s3 });
    try {
      const result = await exportEvidence({ ...sources, pdf }, { tenant: TENANT, alertId: alertIds()[0]! });
      expect(result).toEqual({
        kind: "key_mismatch",
        captureFingerprint: kmsFingerprint(KEY_ID),
        signerFingerprint: kmsFingerprint(OTHER_KEY_ID),
      });
    } finally {
      sources.close();
    }
  });

  it("exports through the CLI with --table/--bucket/--kms-key, and names the KMS key on a mismatch", async () => {
    // The class-level mocks also cover the clients the CLI creates for itself.
    const alertId = alertIds()[0]!;
    const out = join(dir, "cli.zip");
    const base = ["evidence", "export", alertId, "--out", out, "--table", db.tableName];
    const aws = ["--bucket", BUCKET, "--tenant", TENANT, "--dynamodb-endpoint", db.endpoint];
    const ok = await cli(...base, ...aws, "--kms-key", KEY_ID, "--region", "us-east-1");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`capture ${captures.get(alertId)!.captureId}`);
    const report = verifyEvidenceArchive(await readFile(out));
    // Intact and validly signed, but nothing outside the bundle vouched for the key yet.
    expect(report.outcome === "invalid" ? report.problems : report.fingerprint).toBe(kmsFingerprint(KEY_ID));
    expect(report.outcome).toBe("signer_unknown");

    // The tenant publishes its KMS key: `evidence keys --kms-key` lists it, `verify --kms-key` trusts it.
    const keys = await cli("evidence", "keys", "--kms-key", KEY_ID, "--json");
    expect(keys.code, keys.stderr).toBe(0);
    expect(JSON.parse(keys.stdout)).toEqual([
      { fingerprint: kmsFingerprint(KEY_ID), status: "current", source: `KMS key ${KEY_ID}` },
    ]);
    expect((await cli("evidence", "verify", out, "--kms-key", KEY_ID)).code).toBe(0);
    const unknown = await cli("evidence", "verify", out, "--kms-key", OTHER_KEY_ID);
    expect(unknown.code).toBe(4);
    expect(unknown.stdout).toContain("signature valid, signer unknown");

    const other = await cli(...base, ...aws, "--kms-key", OTHER_KEY_ID);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`the KMS key ${OTHER_KEY_ID} is SHA256`);
    expect(other.stderr).not.toContain("data directory");
  });

  it("refuses (corrupt) a capture whose objects changed in the bucket after capture", async () => {
    const alertId = alertIds()[1]!;
    const prefix = `${BUCKET}/${captures.get(alertId)!.blobPrefix}`;
    const page = objects.get(`${prefix}/page.html`)!;
    const altered = new Uint8Array(page);
    altered[100] = (altered[100] ?? 0) ^ 0x01;
    objects.set(`${prefix}/page.html`, altered);
    objects.delete(`${prefix}/listing.json`);

    const sources = await openAwsEvidenceSources(awsOptions(), { kms, s3 });
    try {
      const result = await exportEvidence({ ...sources, pdf }, { tenant: TENANT, alertId });
      expect(result.kind).toBe("corrupt");
      if (result.kind === "corrupt")
        expect(result.problems).toEqual([
          "listing.json: missing from the evidence store",
          "page.html: does not match its size or SHA-256 in the manifest",
        ]);
    } finally {
      sources.close();
    }
    const printed = await cli(
      ...["evidence", "export", alertId, "--out", join(dir, "corrupt.zip"), "--table", db.tableName],
      ...["--bucket", BUCKET, "--kms-key", KEY_ID, "--tenant", TENANT, "--dynamodb-endpoint", db.endpoint],
    );
    expect(printed.code).toBe(1);
    expect(printed.stderr).toMatch(/does not verify:[\s\S]*page\.html: does not match/);
  });
});

describe("evidence export --table: usage", () => {
  const alertId = "ab".repeat(12);

  it("exits 2 naming --bucket, --kms-key and --tenant when only --table is given", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "functions/local/cli.ts",
        ...["evidence", "export", alertId, "--out", join(dir, "f.zip"), "--table", "t"],
      ],
      { encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain("--bucket");
    expect(run.stderr).toContain("--kms-key");
    expect(run.stderr).toContain("--tenant");
  });

  it("exits 2 for AWS options without --table, and for --data-dir with it", async () => {
    const base = ["evidence", "export", alertId, "--out", join(dir, "f.zip")];
    const lone = await cli(...base, "--bucket", "b", "--kms-key", "k");
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain("--bucket, --kms-key only apply with --table");
    const partial = await cli(...base, "--table", "t", "--bucket", "b");
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain("also needs --kms-key, --tenant");
    const both = await cli(
      ...base,
      ...["--table", "t", "--bucket", "b", "--kms-key", "k", "--tenant", TENANT, "--data-dir", dir],
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--data-dir and --config do not apply with --table");
  });
});

function cli(...args: string[]): Promise<CliRun> {
  return runCliInProcess(["--lang", "en", ...args]);
}
