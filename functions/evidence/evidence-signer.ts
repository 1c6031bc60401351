import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";

/**
 * Signs evidence manifests with Ed25519. Locally the key is a PEM file in the data directory;
 * on AWS it can be a KMS key (key spec ECC_NIST_EDWARDS25519), see docs/evidence.md. Callers
 * only ever see the public half.
 */
export interface EvidenceSigner {
  readonly algorithm: "Ed25519";
  /** SubjectPublicKeyInfo, PEM. */
  readonly publicKeyPem: string;
  /** `sha256:` + hex SHA-256 of the public key's DER (SPKI) encoding. */
  readonly fingerprint: string;
  /** The largest message `sign` accepts (KMS signs at most 4 KB raw); unbounded when absent. */
  readonly maxMessageBytes?: number;
  /** A 64-byte Ed25519 signature over `data` (pure Ed25519, no pre-hash). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** The fingerprint a brand publishes so that anyone can recognise its evidence key. */
export function publicKeyFingerprint(key: KeyObject): string {
  const der = key.export({ type: "spki", format: "der" });
  return `sha256:${createHash("sha256").update(der).digest("hex")}`;
}

/** `sha256:abcd…` → `ABCD EF01 …` (groups of four), for reading out loud and comparing by eye. */
export function displayFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/^sha256:/, "").toUpperCase();
  return `SHA256 ${hex.match(/.{1,4}/g)?.join(" ") ?? hex}`;
}

export type PublicKeyParse =
  | { ok: true; key: KeyObject; fingerprint: string }
  | { ok: false; reason: string };

/** Reads an Ed25519 public key from PEM; any other key type is refused. */
export function parseEd25519PublicKey(pem: string): PublicKeyParse {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch (error) {
    return { ok: false, reason: `not a PEM public key (${(error as Error).message})` };
  }
  if (key.asymmetricKeyType !== "ed25519")
    return { ok: false, reason: `expected an Ed25519 key, got ${key.asymmetricKeyType ?? "unknown"}` };
  return { ok: true, key, fingerprint: publicKeyFingerprint(key) };
}

export function verifyEd25519(key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}
