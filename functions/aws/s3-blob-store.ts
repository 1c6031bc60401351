import type { S3Client } from "@aws-sdk/client-s3";
import { PricewardenError } from "../core/errors.js";
import { assertBlobKey, type BlobStore } from "../store/blob-store.js";

/** The S3 commands, loaded when first used: a crawl worker that captures no evidence never loads them. */
function s3Commands() {
  return import("@aws-sdk/client-s3");
}

/**
 * Evidence objects in the Object Lock bucket. Retention comes from the bucket's default
 * retention (set by the CDK stack), so no object is written without it and this role needs no
 * s3:PutObjectRetention. Writes are conditional (`If-None-Match: *`): a key is written once.
 * The SHA-256 checksum makes S3 reject a body that changed in transit, and Object Lock buckets
 * require an integrity checksum on PutObject anyway.
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, opts: { contentType: string; sha256: string }): Promise<void> {
    const safeKey = assertBlobKey(key);
    const { PutObjectCommand } = await s3Commands();
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: safeKey,
          Body: body,
          ContentType: opts.contentType,
          ChecksumAlgorithm: "SHA256",
          ChecksumSHA256: Buffer.from(opts.sha256, "hex").toString("base64"),
          IfNoneMatch: "*",
        }),
      );
    } catch (error) {
      const name = (error as { name?: string } | null)?.name ?? "Error";
      if (name === "PreconditionFailed" || name === "ConditionalRequestConflict")
        throw new PricewardenError("BAD_INPUT", `blob ${key} already exists; evidence is never overwritten`, {
          cause: error,
        });
      throw new PricewardenError("STORE_UNAVAILABLE", `S3 PutObject ${key} failed: ${name}`, {
        cause: error,
      });
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const safeKey = assertBlobKey(key);
    const { GetObjectCommand } = await s3Commands();
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: safeKey }));
      if (!out.Body) return new Uint8Array();
      return await out.Body.transformToByteArray();
    } catch (error) {
      const name = (error as { name?: string } | null)?.name ?? "Error";
      if (name === "NoSuchKey" || name === "NotFound") return null;
      throw new PricewardenError("STORE_UNAVAILABLE", `S3 GetObject ${key} failed: ${name}`, {
        cause: error,
      });
    }
  }
}
