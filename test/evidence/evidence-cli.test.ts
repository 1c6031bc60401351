import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { canonicalJsonBytes } from "../../functions/evidence/canonical-json.js";
import { publicKeyFingerprint } from "../../functions/evidence/evidence-signer.js";
import { verifyEvidenceArchive } from "../../functions/evidence/evidence-verify.js";
import { main } from "../../functions/local/cli.js";
import { type EvidenceSite, evidenceConfigObject, startEvidenceSite } from "./evidence-site.js";

let site: EvidenceSite;
let dir: string;
let stdout: string[] = [];

beforeAll(async () => {
  site = await startEvidenceSite();
  dir = await mkdtemp(join(tmpdir(), "pricewarden-evidence-cli-"));
});

afterAll(async () => {
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function cli(...args: string[]): Promise<number> {
  stdout = [];
  process.exitCode = undefined;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return await main(["node", "pricewarden", "--lang", "en", ...args]);
  } finally {
    vi.restoreAllMocks();
  }
}

describe("pricewarden evidence export / verify", () => {
  it("run --once captures evidence that export writes and verify accepts", async () => {
    const dataDir = join(dir, "data");
    const config = join(dir, "tenant.json");
    await writeFile(config, JSON.stringify(evidenceConfigObject(site.origin, true)));

    expect(await cli("run", "--config", config, "--once", "--json", "--data-dir", dataDir)).toBe(0);
    expect(JSON.parse(stdout.join("").trim().split("\n").at(-1) ?? "{}")).toMatchObject({ alertsNew: 2 });
    expect((await stat(join(dataDir, "evidence-signing-key.pem"))).mode & 0o777).toBe(0o600);

    expect(await cli("alerts", "--json", "--data-dir", dataDir)).toBe(0);
    const alerts = JSON.parse(stdout.join("")) as Array<{ id: string; url: string }>;
    expect(alerts).toHaveLength(2);
    const alertId = alerts[0]!.id;
    // One folder per alert, one per capture, named by ids only.
    const captures = await readdir(join(dataDir, "evidence", "evidence-test", alertId));
    expect(captures).toHaveLength(1);
    expect(captures[0]).toMatch(/^[0-9a-f]{16}$/);

    const out = join(dir, "bundle.zip");
    expect(await cli("evidence", "export", alertId, "--out", out, "--data-dir", dataDir)).toBe(0);
    expect(stdout.join("")).toMatch(/signed by Ed25519 key SHA256 [0-9A-F]{4} /);
    const report = verifyEvidenceArchive(await readFile(out));
    expect(report.outcome === "invalid" ? report.problems : report.manifest.screenshot.status).toBe(
      "captured",
    );

    expect(await cli("evidence", "keys", "--data-dir", dataDir, "--json")).toBe(0);
    const keys = JSON.parse(stdout.join("")) as Array<{ fingerprint: string; status: string }>;
    expect(keys).toEqual([
      {
        fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        status: "current",
        source: "evidence-signing-key.pem",
      },
    ]);
    expect(await cli("evidence", "verify", out, "--data-dir", dataDir)).toBe(0);
    expect(stdout.join("")).toContain("the key is one the tenant published");
    expect(await cli("evidence", "verify", out, "--data-dir", dataDir, "--json")).toBe(0);
    expect(JSON.parse(stdout.join(""))).toMatchObject({
      ok: true,
      outcome: "valid",
      alertId,
      fingerprint: keys[0]!.fingerprint,
    });
    // Where no key was ever published, the same intact bundle proves nothing about who signed it.
    expect(await cli("evidence", "verify", out, "--data-dir", join(dir, "elsewhere"))).toBe(4);
    expect(stdout.join("")).toContain("signature valid, signer unknown");
    expect(
      await cli(
        "evidence",
        "verify",
        out,
        "--data-dir",
        join(dir, "elsewhere"),
        "--fingerprint",
        keys[0]!.fingerprint,
      ),
    ).toBe(0);

    // The attack: a forged page, the manifests rewritten to match, everything re-signed with the
    // forger's own Ed25519 key. Every signature in it is valid.
    const forger = generateKeyPairSync("ed25519").privateKey;
    const forged = join(dir, "forged.zip");
    await writeFile(forged, resignWithForgedPage(await readFile(out), forger, "<h1>forged: ¥9.90</h1>"));
    expect(await cli("evidence", "verify", forged, "--data-dir", dataDir, "--json")).toBe(4);
    const verdict = JSON.parse(stdout.join("")) as Record<string, unknown>;
    expect(verdict).toMatchObject({
      ok: false,
      outcome: "signer_unknown",
      signatureValid: true,
      signerKnown: false,
    });
    expect(verdict.fingerprint).toBe(publicKeyFingerprint(createPublicKey(forger)));
    expect(await cli("evidence", "verify", forged, "--data-dir", dataDir)).toBe(4);
    expect(stdout.join("")).toContain("signature valid, signer unknown");
    expect(stdout.join("")).not.toContain(": verified");
    // A key the forger names himself is still refused when the brand's fingerprint is expected.
    expect(await cli("evidence", "verify", forged, "--fingerprint", keys[0]!.fingerprint)).toBe(1);

    // After a rotation the retired key's public half, kept under evidence-keys/, still vouches.
    const rotated = join(dir, "rotated");
    await mkdir(join(rotated, "evidence-keys"), { recursive: true });
    await writeFile(
      join(rotated, "evidence-keys", "2026-12.pem"),
      createPublicKey(forger).export({ type: "spki", format: "pem" }).toString(),
    );
    expect(await cli("evidence", "keys", "--data-dir", rotated, "--json")).toBe(0);
    expect(JSON.parse(stdout.join(""))).toMatchObject([
      { status: "retired", source: "evidence-keys/2026-12.pem" },
    ]);
    expect(await cli("evidence", "verify", forged, "--data-dir", rotated)).toBe(0);
  });

  it("answers bad input with exit 2", async () => {
    const dataDir = join(dir, "data");
    const out = join(dir, "nothing.zip");
    expect(await cli("evidence", "export", "not-an-id", "--out", out, "--data-dir", dataDir)).toBe(2);
    expect(await cli("evidence", "export", "ab".repeat(12), "--out", out, "--data-dir", dataDir)).toBe(2);
    expect(await cli("evidence", "export", "ab".repeat(12), "--data-dir", dataDir)).toBe(2);
    expect(await cli("evidence", "verify", join(dir, "missing.zip"))).toBe(2);
    expect(await cli("evidence", "verify", join(dir, "tenant.json"), "--fingerprint", "xyz")).toBe(2);
    // Not a zip at all: the archive fails verification (1), it is not a usage error.
    expect(await cli("evidence", "verify", join(dir, "tenant.json"))).toBe(1);
    expect(stdout.join("")).toMatch(/not a ZIP archive/);
  });
});

/** Replaces page.html and re-signs both manifests with `key`: a forgery every signature check passes. */
function resignWithForgedPage(zip: Uint8Array, key: KeyObject, html: string): Uint8Array {
  const entries = unzipSync(zip);
  const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
  const publicKey = createPublicKey(key);
  const signing = {
    algorithm: "Ed25519",
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
  };
  const page = new TextEncoder().encode(html);
  const manifest = JSON.parse(Buffer.from(entries["manifest.json"]!).toString("utf8")) as {
    files: Array<{ name: string; size: number; sha256: string }>;
    signing: unknown;
  };
  manifest.files = manifest.files.map((f) =>
    f.name === "page.html" ? { ...f, size: page.length, sha256: sha256(page) } : f,
  );
  manifest.signing = signing;
  const manifestBytes = canonicalJsonBytes(manifest);
  const exported = JSON.parse(Buffer.from(entries["export.json"]!).toString("utf8")) as Record<
    string,
    unknown
  >;
  exported.manifestSha256 = sha256(manifestBytes);
  exported.signing = signing;
  const exportBytes = canonicalJsonBytes(exported);
  return zipSync({
    ...entries,
    "files/page.html": page,
    "manifest.json": manifestBytes,
    "manifest.sig": sign(null, manifestBytes, key),
    "export.json": exportBytes,
    "export.sig": sign(null, exportBytes, key),
    "public-key.pem": new TextEncoder().encode(signing.publicKey),
  });
}
