import type { KeyObject } from "node:crypto";
import {
  ARCHIVE,
  type ExportManifest,
  ExportManifestSchema,
  type Manifest,
  type ManifestFile,
  ManifestSchema,
} from "./evidence-manifest.js";
import { parseEd25519PublicKey, verifyEd25519 } from "./evidence-signer.js";
import { DEFAULT_ZIP_LIMITS, readZipSafely, type ZipLimits } from "./safe-zip-reader.js";
import { sha256Hex } from "./sha256.js";

export interface VerifyOptions {
  /** The fingerprint the brand publishes; the archive must be signed by that key (else `invalid`). */
  expectedFingerprint?: string;
  /** Fingerprints the tenant published (`evidence keys`): a signer outside them is `signer_unknown`. */
  trustedFingerprints?: readonly string[];
  limits?: ZipLimits;
}

interface IntactArchive {
  fingerprint: string;
  manifest: Manifest;
  exported: ExportManifest;
  /** Every verified entry with its size and hash. */
  entries: ManifestFile[];
}

/**
 * `valid`: intact and signed by a key the tenant published (or the one expected). `signer_unknown`:
 * intact and validly signed, but by a key nobody vouched for; a bundle re-signed by a forger looks
 * exactly like this, so it proves nothing. `invalid`: something does not verify.
 */
export type VerifyReport =
  | ({ ok: true; outcome: "valid" } & IntactArchive)
  | ({ ok: false; outcome: "signer_unknown"; problems: string[] } & IntactArchive)
  | {
      ok: false;
      outcome: "invalid";
      problems: string[];
      fingerprint: string | null;
      manifest: Manifest | null;
    };

/**
 * Verifies an exported evidence archive in memory: the archive is safe to read, every file the
 * manifest lists is present with its size and SHA-256, nothing else is in it, and both the
 * capture manifest and the export manifest carry a valid Ed25519 signature by the embedded key.
 * Every problem found is reported, each with the entry it concerns.
 */
export function verifyEvidenceArchive(zip: Uint8Array, opts: VerifyOptions = {}): VerifyReport {
  const read = readZipSafely(zip, opts.limits ?? DEFAULT_ZIP_LIMITS);
  if (!read.ok) return fail([`unsafe or malformed archive: ${read.reason}`]);
  const entries = read.entries;
  const problems: string[] = [];
  const expected = new Set<string>();
  const take = (name: string): Uint8Array | null => {
    expected.add(name);
    const data = entries.get(name);
    if (data === undefined) problems.push(`${name}: missing from the archive`);
    return data ?? null;
  };

  const manifestBytes = take(ARCHIVE.manifest);
  const signature = take(ARCHIVE.manifestSignature);
  const keyPem = take(ARCHIVE.publicKey);
  const exportBytes = take(ARCHIVE.exportManifest);
  const exportSignature = take(ARCHIVE.exportSignature);

  let key: KeyObject | null = null;
  let fingerprint: string | null = null;
  if (keyPem) {
    const parsed = parseEd25519PublicKey(Buffer.from(keyPem).toString("utf8"));
    if (parsed.ok) {
      key = parsed.key;
      fingerprint = parsed.fingerprint;
    } else problems.push(`${ARCHIVE.publicKey}: ${parsed.reason}`);
  }

  let manifest: Manifest | null = null;
  if (manifestBytes) {
    if (key && signature && !verifyEd25519(key, manifestBytes, signature))
      problems.push(
        `${ARCHIVE.manifestSignature}: the signature does not match ${ARCHIVE.manifest} under the embedded public key (the manifest or the signature was altered)`,
      );
    manifest = parseJson(manifestBytes, ARCHIVE.manifest, problems, (v) => ManifestSchema.safeParse(v));
  }

  const verified: ManifestFile[] = [];
  if (manifest) {
    if (fingerprint && manifest.signing.fingerprint !== fingerprint)
      problems.push(
        `${ARCHIVE.manifest}: names signing key ${manifest.signing.fingerprint}, but ${ARCHIVE.publicKey} is ${fingerprint}`,
      );
    const named = parseEd25519PublicKey(manifest.signing.publicKey);
    if (!named.ok || named.fingerprint !== fingerprint)
      problems.push(`${ARCHIVE.manifest}: its public key is not the one in ${ARCHIVE.publicKey}`);
    checkFiles(manifest.files, ARCHIVE.filesDir, ARCHIVE.manifest, entries, expected, problems, verified);
    if (manifest.screenshot.status === "captured" && !manifest.files.some((f) => f.name === "screenshot.png"))
      problems.push(`${ARCHIVE.manifest}: records a screenshot but lists no screenshot file`);
  }

  let exported: ExportManifest | null = null;
  if (exportBytes) {
    if (key && exportSignature && !verifyEd25519(key, exportBytes, exportSignature))
      problems.push(
        `${ARCHIVE.exportSignature}: the signature does not match ${ARCHIVE.exportManifest} under the embedded public key (export.json or its signature was altered)`,
      );
    exported = parseJson(exportBytes, ARCHIVE.exportManifest, problems, (v) =>
      ExportManifestSchema.safeParse(v),
    );
  }
  if (exported) {
    if (fingerprint && exported.signing.fingerprint !== fingerprint)
      problems.push(
        `${ARCHIVE.exportManifest}: signed by key ${exported.signing.fingerprint}, not the capture's key ${fingerprint}`,
      );
    if (manifestBytes && exported.manifestSha256 !== sha256Hex(manifestBytes))
      problems.push(
        `${ARCHIVE.exportManifest}: refers to a different manifest.json than the one in the archive`,
      );
    if (
      manifest &&
      (exported.captureId !== manifest.captureId ||
        exported.alertId !== manifest.alertId ||
        exported.tenant !== manifest.tenant)
    )
      problems.push(`${ARCHIVE.exportManifest}: names another capture than ${ARCHIVE.manifest}`);
    checkFiles(exported.files, "", ARCHIVE.exportManifest, entries, expected, problems, verified);
  }

  for (const name of entries.keys())
    if (!expected.has(name)) problems.push(`${name}: unexpected entry, not listed in any signed manifest`);

  const trusted = new Set<string>();
  for (const given of opts.trustedFingerprints ?? []) {
    const normalized = normalizeFingerprint(given);
    if (normalized === null) problems.push(`trusted fingerprint ${given} is not a SHA-256 fingerprint`);
    else trusted.add(normalized);
  }
  if (opts.expectedFingerprint !== undefined && fingerprint !== null) {
    const want = normalizeFingerprint(opts.expectedFingerprint);
    if (want === null)
      problems.push(`expected fingerprint ${opts.expectedFingerprint} is not a SHA-256 fingerprint`);
    else if (want !== fingerprint)
      problems.push(`signed by key ${fingerprint}, not by the expected key ${want}`);
    else trusted.add(want);
  }

  if (problems.length > 0 || !manifest || !exported || !fingerprint)
    return { ok: false, outcome: "invalid", problems, fingerprint, manifest };
  const intact = { fingerprint, manifest, exported, entries: verified };
  if (!trusted.has(fingerprint))
    return {
      ok: false,
      outcome: "signer_unknown",
      problems: [
        `signature valid, signer unknown: key ${fingerprint} is not one the tenant published; anyone can sign with a key of their own`,
      ],
      ...intact,
    };
  return { ok: true, outcome: "valid", ...intact };
}

function checkFiles(
  files: readonly ManifestFile[],
  dir: string,
  listedIn: string,
  entries: Map<string, Uint8Array>,
  expected: Set<string>,
  problems: string[],
  verified: ManifestFile[],
): void {
  const names = new Set<string>();
  for (const file of files) {
    const name = `${dir}${file.name}`;
    if (names.has(name) || expected.has(name)) {
      problems.push(`${listedIn}: lists ${name} more than once`);
      continue;
    }
    names.add(name);
    expected.add(name);
    const data = entries.get(name);
    if (data === undefined) {
      problems.push(`${name}: listed in ${listedIn} but missing from the archive`);
      continue;
    }
    let bad = false;
    if (data.length !== file.size) {
      problems.push(`${name}: ${data.length} bytes, ${listedIn} says ${file.size}`);
      bad = true;
    }
    const actual = sha256Hex(data);
    if (actual !== file.sha256) {
      problems.push(
        `${name}: SHA-256 ${actual} does not match ${file.sha256} in ${listedIn} (the file was altered)`,
      );
      bad = true;
    }
    if (!bad) verified.push({ ...file, name });
  }
}

function parseJson<T>(
  bytes: Uint8Array,
  name: string,
  problems: string[],
  parse: (value: unknown) => { success: true; data: T } | { success: false; error: { issues: unknown[] } },
): T | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    problems.push(`${name}: not valid UTF-8 JSON (${(error as Error).message})`);
    return null;
  }
  const parsed = parse(value);
  if (!parsed.success) {
    problems.push(
      `${name}: not a manifest this verifier understands (${JSON.stringify(parsed.error.issues).slice(0, 300)})`,
    );
    return null;
  }
  return parsed.data;
}

/** Accepts `sha256:hex`, `SHA256 ABCD EF01 …` or bare hex. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text
    .trim()
    .toLowerCase()
    .replace(/^sha-?256[:\s]*/, "")
    .replace(/[\s:]/g, "");
  return /^[0-9a-f]{64}$/.test(hex) ? `sha256:${hex}` : null;
}

function fail(problems: string[]): VerifyReport {
  return { ok: false, outcome: "invalid", problems, fingerprint: null, manifest: null };
}
