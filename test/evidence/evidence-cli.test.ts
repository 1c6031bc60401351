import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
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
    return await main(["node", "pricewarden", ...args]);
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
    expect(report.ok ? report.manifest.screenshot.status : report.problems).toBe("captured");

    expect(await cli("evidence", "verify", out)).toBe(0);
    expect(stdout.join("")).toContain("Compare this fingerprint with the one the brand publishes.");
    expect(await cli("evidence", "verify", out, "--json")).toBe(0);
    expect(JSON.parse(stdout.join(""))).toMatchObject({ ok: true, alertId });
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
