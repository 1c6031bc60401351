import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { PricewardenError } from "../core/errors.js";
import { parseEd25519PublicKey } from "./evidence-signer.js";
import { loadLocalSigner } from "./local-evidence-signer.js";

/** Public halves of the data directory's retired signing keys, one PEM file each. */
export const RETIRED_KEYS_DIR = "evidence-keys";

export interface PublishedKey {
  fingerprint: string;
  /** `current` signs new captures; `retired` keys signed older ones and still vouch for them. */
  status: "current" | "retired";
  /** Where the key came from: a file of the data directory, or the KMS key id. */
  source: string;
}

/**
 * The evidence keys a local tenant publishes: the data directory's signing key and every retired
 * key kept under `evidence-keys/` after a rotation. Only these make a bundle's signer known: the
 * key inside a bundle proves nothing about who made it.
 */
export async function localPublishedKeys(dataDir: string): Promise<PublishedKey[]> {
  const keys: PublishedKey[] = [];
  const current = await loadLocalSigner(dataDir);
  if (current)
    keys.push({ fingerprint: current.fingerprint, status: "current", source: "evidence-signing-key.pem" });
  const retiredDir = join(dataDir, RETIRED_KEYS_DIR);
  let names: string[];
  try {
    names = (await readdir(retiredDir)).filter((name) => name.endsWith(".pem")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return keys;
    throw new PricewardenError("INTERNAL", `cannot read ${retiredDir}`, { cause: error });
  }
  for (const name of names) {
    const parsed = parseEd25519PublicKey(await readFile(join(retiredDir, name), "utf8"));
    if (!parsed.ok)
      throw new PricewardenError("CONFIG_INVALID", `${join(retiredDir, name)}: ${parsed.reason}`);
    if (!keys.some((k) => k.fingerprint === parsed.fingerprint))
      keys.push({
        fingerprint: parsed.fingerprint,
        status: "retired",
        source: `${RETIRED_KEYS_DIR}/${name}`,
      });
  }
  return keys;
}

/** On AWS the tenant publishes its KMS evidence key: its public key, read with kms:GetPublicKey. */
export async function kmsPublishedKey(kmsKeyId: string, region: string): Promise<PublishedKey> {
  // The KMS SDK loads only when a KMS key is named, not with every local command.
  const { KMSClient } = await import("@aws-sdk/client-kms");
  const { createKmsEvidenceSigner } = await import("../aws/kms-evidence-signer.js");
  const kms = new KMSClient({ region });
  try {
    const signer = await createKmsEvidenceSigner(kms, kmsKeyId);
    return { fingerprint: signer.fingerprint, status: "current", source: `KMS key ${kmsKeyId}` };
  } finally {
    kms.destroy();
  }
}
