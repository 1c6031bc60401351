import { createPublicKey, type KeyObject } from "node:crypto";
import type { GetPublicKeyCommandOutput, KMSClient } from "@aws-sdk/client-kms";
import { PricewardenError } from "../core/errors.js";
import { type EvidenceSigner, publicKeyFingerprint, verifyEd25519 } from "../evidence/evidence-signer.js";

/** Pure Ed25519 over the message itself: the signature the local signer makes and `verify` checks. */
export const KMS_SIGNING_ALGORITHM = "ED25519_SHA_512";
/** KMS signs a RAW message of at most this many bytes. */
export const KMS_MAX_RAW_MESSAGE_BYTES = 4096;

/**
 * Evidence signing with a KMS key (spec ECC_NIST_EDWARDS25519, usage SIGN_VERIFY): the private
 * key never leaves KMS and CloudTrail records every signature. The public key is read once; a
 * key of any other spec, usage or algorithm is refused up front rather than at the first alert.
 * Every signature KMS returns is checked against that public key before it is used, so a bundle
 * can never carry a signature its own `public-key.pem` does not verify.
 */
export async function createKmsEvidenceSigner(kms: KMSClient, keyId: string): Promise<EvidenceSigner> {
  // Loaded on the first capture, not at cold start: most worker containers never sign anything.
  const { GetPublicKeyCommand, SignCommand } = await import("@aws-sdk/client-kms");
  let described: GetPublicKeyCommandOutput;
  try {
    described = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  } catch (error) {
    throw new PricewardenError("STORE_UNAVAILABLE", `KMS GetPublicKey ${keyId} failed: ${errorName(error)}`, {
      cause: error,
    });
  }
  const { KeySpec, KeyUsage, SigningAlgorithms, PublicKey } = described;
  if (KeySpec !== "ECC_NIST_EDWARDS25519" || KeyUsage !== "SIGN_VERIFY")
    throw new PricewardenError(
      "CONFIG_INVALID",
      `KMS key ${keyId} is ${KeySpec ?? "?"}/${KeyUsage ?? "?"}; evidence needs ECC_NIST_EDWARDS25519 with SIGN_VERIFY`,
    );
  if (!SigningAlgorithms?.includes(KMS_SIGNING_ALGORITHM))
    throw new PricewardenError("CONFIG_INVALID", `KMS key ${keyId} does not offer ${KMS_SIGNING_ALGORITHM}`);
  if (!PublicKey) throw new PricewardenError("INTERNAL", `KMS returned no public key for ${keyId}`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" });
  } catch (error) {
    throw new PricewardenError("INTERNAL", `KMS public key of ${keyId} is not DER SPKI`, { cause: error });
  }
  if (publicKey.asymmetricKeyType !== "ed25519")
    throw new PricewardenError("INTERNAL", `KMS public key of ${keyId} is ${publicKey.asymmetricKeyType}`);

  return {
    algorithm: "Ed25519",
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
    maxMessageBytes: KMS_MAX_RAW_MESSAGE_BYTES,
    async sign(data) {
      if (data.length > KMS_MAX_RAW_MESSAGE_BYTES)
        throw new PricewardenError(
          "BAD_INPUT",
          `KMS signs at most ${KMS_MAX_RAW_MESSAGE_BYTES} bytes raw; got ${data.length}`,
        );
      let signature: Uint8Array | undefined;
      try {
        const out = await kms.send(
          new SignCommand({
            KeyId: keyId,
            Message: data,
            MessageType: "RAW",
            SigningAlgorithm: KMS_SIGNING_ALGORITHM,
          }),
        );
        signature = out.Signature;
      } catch (error) {
        throw new PricewardenError(
          "STORE_UNAVAILABLE",
          `KMS Sign with ${keyId} failed: ${errorName(error)}`,
          {
            cause: error,
          },
        );
      }
      if (!signature || !verifyEd25519(publicKey, data, signature))
        throw new PricewardenError(
          "INTERNAL",
          `KMS returned a signature that ${keyId}'s public key does not verify`,
        );
      return signature;
    },
  };
}

function errorName(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? "Error";
}
