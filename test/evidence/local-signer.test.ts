import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  displayFingerprint,
  parseEd25519PublicKey,
  verifyEd25519,
} from "../../functions/evidence/evidence-signer.js";
import { normalizeFingerprint } from "../../functions/evidence/evidence-verify.js";
import {
  LOCAL_SIGNING_KEY_FILE,
  loadLocalSigner,
  loadOrCreateLocalSigner,
} from "../../functions/evidence/local-evidence-signer.js";

const dirs: string[] = [];
const freshDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "pricewarden-key-"));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("the local evidence signing key", () => {
  it("is generated once, mode 0600, and reused with the same fingerprint", async () => {
    const dir = await freshDir();
    expect(await loadLocalSigner(dir)).toBeNull();
    const [a, b] = await Promise.all([loadOrCreateLocalSigner(dir), loadOrCreateLocalSigner(dir)]);
    expect(a.fingerprint).toBe(b.fingerprint);
    const path = join(dir, LOCAL_SIGNING_KEY_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const again = await loadLocalSigner(dir);
    expect(again?.fingerprint).toBe(a.fingerprint);
    expect(a.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);

    const data = Buffer.from("manifest bytes");
    const signature = await a.sign(data);
    const key = parseEd25519PublicKey(a.publicKeyPem);
    expect(key.ok && key.fingerprint).toBe(a.fingerprint);
    if (key.ok) {
      expect(verifyEd25519(key.key, data, signature)).toBe(true);
      expect(verifyEd25519(key.key, Buffer.from("manifest bytez"), signature)).toBe(false);
    }
  });

  it("refuses a key file that others can read", async () => {
    const dir = await freshDir();
    await loadOrCreateLocalSigner(dir);
    await chmod(join(dir, LOCAL_SIGNING_KEY_FILE), 0o644);
    await expect(loadOrCreateLocalSigner(dir)).rejects.toThrow(/readable by others .*chmod 600/);
  });

  it("shows and accepts fingerprints in the forms people copy them", () => {
    const fp = `sha256:${"0123456789abcdef".repeat(4)}`;
    const shown = displayFingerprint(fp);
    expect(shown).toBe(`SHA256 ${"0123 4567 89AB CDEF ".repeat(4).trim()}`);
    expect(normalizeFingerprint(shown)).toBe(fp);
    expect(normalizeFingerprint(fp.slice(7))).toBe(fp);
    expect(normalizeFingerprint("nope")).toBeNull();
  });
});
