import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { TenantConfig } from "../../functions/core/config.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { createRenderer, type Renderer } from "../../functions/crawl/render/chromium-renderer.js";
import { exportEvidence } from "../../functions/evidence/evidence-export.js";
import { ManifestSchema } from "../../functions/evidence/evidence-manifest.js";
import { createEvidenceRecorder, type EvidenceRecorder } from "../../functions/evidence/evidence-recorder.js";
import type { EvidenceSigner } from "../../functions/evidence/evidence-signer.js";
import { verifyEvidenceArchive } from "../../functions/evidence/evidence-verify.js";
import { loadOrCreateLocalSigner } from "../../functions/evidence/local-evidence-signer.js";
import { type PageScreenshot, screenshotWithRenderer } from "../../functions/evidence/page-screenshot.js";
import { createChromiumPdfRenderer, type SummaryPdfRenderer } from "../../functions/evidence/summary-pdf.js";
import { main } from "../../functions/local/cli.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { runCycle } from "../../functions/stages/cycle.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { LocalBlobStore } from "../../functions/store/blob-store.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { EvidenceRepository } from "../../functions/store/evidence-repository.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import { verifyProblemText } from "../../functions/text/verify-text.js";
import {
  type EvidenceSite,
  evidenceConfig,
  HOSTILE_SELLER,
  PAGE_SCRIPT,
  startEvidenceSite,
} from "./evidence-site.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let site: EvidenceSite;
let db: EmbeddedDynamo;
let dataDir: string;
let signer: EvidenceSigner;
let renderer: Renderer;
let pdf: SummaryPdfRenderer;
const summaries: string[] = [];
let repos: {
  alerts: AlertRepository;
  listings: ListingRepository;
  runs: RunRepository;
  evidence: EvidenceRepository;
};
let blobs: LocalBlobStore;

beforeAll(async () => {
  site = await startEvidenceSite();
  db = await startEmbeddedDynamo({ dataDir: null });
  dataDir = await mkdtemp(join(tmpdir(), "pricewarden-evidence-"));
  const doc = createDocumentClient({ endpoint: db.endpoint });
  repos = {
    alerts: new AlertRepository(doc, db.tableName),
    listings: new ListingRepository(doc, db.tableName),
    runs: new RunRepository(doc, db.tableName),
    evidence: new EvidenceRepository(doc, db.tableName),
  };
  blobs = new LocalBlobStore(join(dataDir, "evidence"));
  signer = await loadOrCreateLocalSigner(dataDir);
  renderer = createRenderer({
    allowPrivateAddresses: true,
    timeoutMs: 20_000,
    maxBytes: 2_000_000,
    userAgent: "Mozilla/5.0 Pricewarden-test",
  });
  const chromiumPdf = createChromiumPdfRenderer();
  // Keeps the HTML each summary was printed from, so the test can read what Chromium got.
  pdf = {
    render: (html) => {
      summaries.push(html);
      return chromiumPdf.render(html);
    },
    close: () => chromiumPdf.close(),
  };
});

afterAll(async () => {
  await renderer?.close();
  await pdf?.close();
  await site?.close();
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

function recorderWith(screenshot?: PageScreenshot): EvidenceRecorder {
  return createEvidenceRecorder({
    evidence: repos.evidence,
    blobs,
    signer,
    ...(screenshot ? { screenshot } : {}),
  });
}

async function cycle(config: TenantConfig, evidence?: EvidenceRecorder) {
  const fetcher = createFetcher(config.network);
  try {
    return await runCycle({
      config,
      fetcher,
      alerts: repos.alerts,
      listings: repos.listings,
      runs: repos.runs,
      send: async () => ({ ok: true, status: 200 }) as never,
      resolveSecret: () => undefined,
      ...(evidence ? { evidence } : {}),
    });
  } finally {
    await fetcher.close();
  }
}

async function exportOf(tenant: string, alertId: string): Promise<Uint8Array> {
  const result = await exportEvidence({ ...repos, blobs, signer, pdf }, { tenant, alertId });
  if (result.kind !== "ok") throw new Error(`export failed: ${JSON.stringify(result)}`);
  return result.zip;
}

function rezip(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
}

function flipped(data: Uint8Array, at = Math.floor(data.length / 2)): Uint8Array {
  const copy = new Uint8Array(data);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe("evidence in a real cycle (dynalite, local site, Chromium)", () => {
  const config = () => evidenceConfig(site.origin, true);
  let gbkAlertId = "";
  let zip: Uint8Array = new Uint8Array();

  it("captures one signed bundle per new alert, with a Chromium screenshot", async () => {
    const { summary } = await cycle(config(), recorderWith(screenshotWithRenderer(renderer)));
    expect(summary.alertsNew).toBe(2);
    const alerts = await repos.alerts.list("evidence-test");
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) {
      const records = await repos.evidence.list("evidence-test", alert.id);
      expect(records, alert.url).toHaveLength(1);
      const record = records[0]!;
      expect(record.screenshot).toBe("captured");
      expect(record.keyFingerprint).toBe(signer.fingerprint);
      // Files on disk under ids we generated, never names from the page.
      const dir = join(dataDir, "evidence", "evidence-test", alert.id, record.captureId);
      const png = await readFile(join(dir, "screenshot.png"));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.length).toBeGreaterThan(20_000);
      const manifest = ManifestSchema.parse(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")));
      expect(manifest.files.map((f) => f.name)).toEqual([
        "finding.json",
        "listing.json",
        "page.html",
        "screenshot.png",
      ]);
      expect(manifest.signing.fingerprint).toBe(signer.fingerprint);
      expect(manifest.page.httpStatus).toBe(200);
      if (alert.url.endsWith("gbk.html")) {
        gbkAlertId = alert.id;
        expect(manifest.page.originalCharset.toLowerCase()).toMatch(/gbk|gb18030|gb2312/);
        const html = await readFile(join(dir, "page.html"), "utf8");
        expect(html).toContain("安可血糖试纸 50片 家用免调码");
        // The page as received, inline code included (extraction reads it without).
        expect(html).toContain(`<script>${PAGE_SCRIPT}</script>`);
        const finding = JSON.parse(await readFile(join(dir, "finding.json"), "utf8")) as Record<
          string,
          unknown
        >;
        expect(finding["seller"]).toBe(HOSTILE_SELLER);
        expect(finding["threshold"]).toBe(15900);
        expect(finding["price"]).toBe(9900);
        const listing = JSON.parse(await readFile(join(dir, "listing.json"), "utf8")) as Record<
          string,
          unknown
        >;
        expect(listing["sources"]).toMatchObject({ price: "json-ld", seller: "json-ld" });
      }
    }
    expect(gbkAlertId).not.toBe("");
    const key = await stat(join(dataDir, "evidence-signing-key.pem"));
    expect(key.mode & 0o777).toBe(0o600);
  });

  it("captures nothing more while the same occurrence continues", async () => {
    await cycle(config(), recorderWith(screenshotWithRenderer(renderer)));
    expect(await repos.evidence.list("evidence-test", gbkAlertId)).toHaveLength(1);
  });

  it("exports a zip that verifies, with a PDF summary that escapes crawled text", async () => {
    summaries.length = 0;
    zip = await exportOf("evidence-test", gbkAlertId);
    const report = verifyEvidenceArchive(zip, { expectedFingerprint: signer.fingerprint });
    expect(report.ok ? [] : report.problems).toEqual([]);
    expect(report.ok && report.fingerprint).toBe(signer.fingerprint);
    const names = Object.keys(unzipSync(zip)).sort();
    expect(names).toEqual([
      "README.txt",
      "export.json",
      "export.sig",
      "files/finding.json",
      "files/listing.json",
      "files/page.html",
      "files/screenshot.png",
      "manifest.json",
      "manifest.sig",
      "public-key.pem",
      "summary.pdf",
    ]);
    const entries = unzipSync(zip);
    const summaryPdf = Buffer.from(entries["summary.pdf"]!);
    expect(summaryPdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // The screenshot is embedded as an image.
    expect(summaryPdf.includes("/Subtype /Image")).toBe(true);
    // Chinese text is drawn with the embedded Noto Sans SC, not as boxes.
    expect(summaryPdf.includes("NotoSansSC")).toBe(true);

    const html = summaries.at(-1) ?? "";
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain(HOSTILE_SELLER);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("安可血糖试纸");
    expect(html).toContain("CNY 159.00");
    expect(html).toContain("CNY 99.00");
    expect(html).toContain("data:image/png;base64,");
  });

  /** A lawyer reading `evidence verify` in Chinese meets no English reason (file names and hashes aside). */
  function expectChineseReasons(problems: readonly string[]): void {
    for (const problem of problems) {
      const zh = verifyProblemText(problem, "zh-CN");
      const words = zh
        .replace(/[\w/.-]+\.(json|sig|html|png|pdf|pem|txt)\b/g, "")
        .replace(/sha256:[0-9a-f]+|[0-9a-f]{16,}/g, "")
        .match(/[A-Za-z]{3,}/g);
      expect(
        (words ?? []).filter((w) => !["SHA", "JSON", "UTF"].includes(w)),
        zh,
      ).toEqual([]);
    }
  }

  it("fails verification with a clear reason when any byte of any entry changes", async () => {
    const entries = unzipSync(zip);
    const expectations: Record<string, RegExp> = {
      "files/page.html": /^files\/page\.html: SHA-256 .* does not match .* in manifest\.json/,
      "files/listing.json": /^files\/listing\.json: SHA-256 .* does not match/,
      "files/finding.json": /^files\/finding\.json: SHA-256 .* does not match/,
      "files/screenshot.png": /^files\/screenshot\.png: SHA-256 .* does not match/,
      "manifest.json": /^manifest\.sig: the signature does not match manifest\.json/,
      "manifest.sig": /^manifest\.sig: the signature does not match manifest\.json/,
      "export.json": /^export\.sig: the signature does not match export\.json/,
      "export.sig": /^export\.sig: the signature does not match export\.json/,
      "summary.pdf": /^summary\.pdf: SHA-256 .* does not match .* in export\.json/,
      "README.txt": /^README\.txt: SHA-256 .* does not match .* in export\.json/,
    };
    for (const [name, reason] of Object.entries(expectations)) {
      const data = entries[name]!;
      const report = verifyEvidenceArchive(rezip({ ...entries, [name]: flipped(data) }));
      expect(report.ok, name).toBe(false);
      if (!report.ok) expectChineseReasons(report.problems);
      if (!report.ok)
        expect(
          report.problems.some((p) => reason.test(p)),
          report.problems.join("\n"),
        ).toBe(true);
    }
    // Another key entirely: signatures fail, and the fingerprint shows whose key it is.
    const other = await loadOrCreateLocalSigner(await mkdtemp(join(tmpdir(), "pricewarden-other-key-")));
    const swapped = verifyEvidenceArchive(
      rezip({ ...entries, "public-key.pem": Buffer.from(other.publicKeyPem) }),
    );
    expect(swapped.ok).toBe(false);
    if (!swapped.ok) {
      expect(swapped.fingerprint).toBe(other.fingerprint);
      expect(swapped.problems.join("\n")).toMatch(/manifest\.sig: the signature does not match/);
    }
  });

  it("refuses extra, missing and re-keyed entries, and a byte flipped in the raw archive", () => {
    const entries = unzipSync(zip);
    const extra = verifyEvidenceArchive(rezip({ ...entries, "files/extra.html": new Uint8Array([1]) }));
    expect(extra.ok ? [] : extra.problems).toContain(
      "files/extra.html: unexpected entry, not listed in any signed manifest",
    );
    const { "files/page.html": _dropped, ...rest } = entries;
    const missing = verifyEvidenceArchive(rezip(rest));
    expect(missing.ok ? [] : missing.problems).toContain(
      "files/page.html: listed in manifest.json but missing from the archive",
    );
    const wrongKey = verifyEvidenceArchive(zip, { expectedFingerprint: `sha256:${"ab".repeat(32)}` });
    expect(wrongKey.ok ? [] : wrongKey.problems.join("\n")).toMatch(/not by the expected key/);
    for (const report of [extra, missing, wrongKey]) if (!report.ok) expectChineseReasons(report.problems);

    // The stored page is deflated; a flipped compressed byte is caught before any hash.
    const raw = verifyEvidenceArchive(flipped(zip, 200));
    expect(raw.ok).toBe(false);
    if (!raw.ok) expect(raw.problems[0]).toMatch(/^unsafe or malformed archive: /);
  });

  it("verifies from the command line: exit 0 valid, 1 tampered, 2 unreadable", async () => {
    const good = join(dataDir, "good.zip");
    const bad = join(dataDir, "bad.zip");
    await writeFile(good, zip);
    const entries = unzipSync(zip);
    await writeFile(bad, rezip({ ...entries, "files/page.html": flipped(entries["files/page.html"]!) }));
    const printed: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const run = async (...args: string[]) => {
      process.exitCode = undefined;
      return main(["node", "pricewarden", "--lang", "en", ...args]);
    };
    expect(await run("evidence", "verify", good, "--data-dir", dataDir)).toBe(0);
    expect(printed.join("")).toContain(
      `signed by  Ed25519 key SHA256 ${signer.fingerprint.slice(7, 11).toUpperCase()}`,
    );
    expect(await run("evidence", "verify", bad, "--data-dir", dataDir)).toBe(1);
    expect(printed.join("")).toMatch(/verification FAILED[\s\S]*files\/page\.html: SHA-256/);
    expect(await run("evidence", "verify", join(dataDir, "absent.zip"))).toBe(2);
    expect(await run("evidence", "verify", good, "--fingerprint", signer.fingerprint)).toBe(0);
    expect(await run("evidence", "verify", good, "--fingerprint", `sha256:${"cd".repeat(32)}`)).toBe(1);
  });

  it("captures again when a resolved alert reopens", async () => {
    await repos.alerts.setStatus("evidence-test", gbkAlertId, {
      status: "resolved",
      by: "test",
      now: new Date().toISOString(),
    });
    const { results } = await cycle(config(), recorderWith(screenshotWithRenderer(renderer)));
    expect(results.length).toBe(2);
    const records = await repos.evidence.list("evidence-test", gbkAlertId);
    expect(records).toHaveLength(2);
    expect(records[1]!.occurrence).toBeGreaterThan(records[0]!.occurrence);
    expect(records[1]!.captureId).not.toBe(records[0]!.captureId);
  });
});

describe("evidence without a screenshot", () => {
  it("records why the screenshot is missing, and the bundle still verifies", async () => {
    const closed = createRenderer({
      allowPrivateAddresses: true,
      timeoutMs: 5_000,
      maxBytes: 1_000_000,
      userAgent: "test",
    });
    await closed.close();
    const config = evidenceConfig(site.origin, true);
    config.tenant = "evidence-noshot";
    await cycle(config, recorderWith(screenshotWithRenderer(closed)));
    const [alert] = await repos.alerts.list("evidence-noshot");
    expect(alert).toBeDefined();
    const zip = await exportOf("evidence-noshot", alert!.id);
    const report = verifyEvidenceArchive(zip, { trustedFingerprints: [signer.fingerprint] });
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.manifest.screenshot).toMatchObject({
      status: "failed",
      reason: expect.stringMatching(/closed/),
    });
    expect(report.entries.map((e) => e.name)).not.toContain("files/screenshot.png");
    expect(summaries.at(-1)).toMatch(/No screenshot: the capture at .* failed/);
  });

  it("captures for an alert recorded earlier without evidence (a crash between alert and capture)", async () => {
    const config = evidenceConfig(site.origin, false);
    config.tenant = "evidence-catchup";
    await cycle(config);
    const alerts = await repos.alerts.list("evidence-catchup");
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) expect(await repos.evidence.list("evidence-catchup", alert.id)).toEqual([]);
    await cycle(config, recorderWith());
    for (const alert of alerts) {
      const records = await repos.evidence.list("evidence-catchup", alert.id);
      expect(records).toHaveLength(1);
      expect(records[0]!.screenshot).toBe("disabled");
    }
  });
});
