import { kmsPublishedKey, localPublishedKeys, type PublishedKey } from "../../evidence/published-keys.js";

/** The tenant's published evidence keys: the KMS key when one is named, else the data directory's. */
export async function publishedKeysFor(
  kmsKeyId: string | undefined,
  region: string,
  dataDir: string,
): Promise<PublishedKey[]> {
  return kmsKeyId !== undefined
    ? [await kmsPublishedKey(kmsKeyId, region || "us-east-1")]
    : localPublishedKeys(dataDir);
}
