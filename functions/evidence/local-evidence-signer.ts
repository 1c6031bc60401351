import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";
import { link, mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { PricewardenError } from "../core/errors.js";
import { type EvidenceSigner, publicKeyFingerprint } from "./evidence-signer.js";

export const LOCAL_SIGNING_KEY_FILE = "evidence-signing-key.pem";

/**
 * The local signer: an Ed25519 private key generated once into
 * `<data-dir>/evidence-signing-key.pem` (mode 0600) and reused ever after, so every bundle made
 * on this machine carries the same fingerprint. A key file that others can read is refused,
 * as ssh refuses one: a signature is only worth as much as the key's secrecy.
 */
export async function loadOrCreateLocalSigner(dataDir: string): Promise<EvidenceSigner> {
  return (await openLocalSigner(dataDir, true))!;
}

/** The data directory's existing signer, or null when no key was ever generated there. */
export function loadLocalSigner(dataDir: string): Promise<EvidenceSigner | null> {
  return openLocalSigner(dataDir, false);
}

async function openLocalSigner(dataDir: string, create: boolean): Promise<EvidenceSigner | null> {
  const path = join(dataDir, LOCAL_SIGNING_KEY_FILE);
  let pem = await readKeyFile(path);
  if (pem === null && !create) return null;
  if (pem === null) {
    await mkdir(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync("ed25519");
    const fresh = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    // Written aside, then hard-linked into place: the link fails if another process got there
    // first, and nobody ever reads a half-written key.
    const tmp = `${path}.${randomBytes(6).toString("hex")}.partial`;
    try {
      const handle = await open(tmp, "wx", 0o600);
      try {
        await handle.writeFile(fresh);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await link(tmp, path);
      pem = fresh;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new PricewardenError("INTERNAL", `cannot create ${path}`, { cause: error });
      pem = await readKeyFile(path);
      if (pem === null) throw new PricewardenError("INTERNAL", `${path} vanished while being created`);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new PricewardenError("INTERNAL", `${path} is not a PEM private key`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new PricewardenError(
      "INTERNAL",
      `${path} holds a ${privateKey.asymmetricKeyType} key, not Ed25519`,
    );
  return localSigner(privateKey);
}

/** A signer over an Ed25519 private key held in memory. */
export function localSigner(privateKey: KeyObject): EvidenceSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    algorithm: "Ed25519",
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
    sign: async (data) => sign(null, data, privateKey),
  };
}

async function readKeyFile(path: string): Promise<string | null> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new PricewardenError("INTERNAL", `cannot read ${path}`, { cause: error });
  }
  if (process.platform !== "win32" && (mode & 0o077) !== 0)
    throw new PricewardenError(
      "INTERNAL",
      `${path} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`,
    );
  return readFile(path, "utf8");
}
