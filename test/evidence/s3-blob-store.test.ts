import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { S3BlobStore } from "../../functions/aws/s3-blob-store.js";
import { sha256Hex } from "../../functions/evidence/sha256.js";

// No local S3 equivalent runs in tests, so the SDK is mocked (DESIGN.md "Tests").
const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

describe("S3BlobStore", () => {
  const store = new S3BlobStore(new S3Client({ region: "us-east-1" }), "evidence-bucket");
  const body = Buffer.from("<html>安可</html>");

  it("writes once, with a SHA-256 checksum S3 checks, under the generated key", async () => {
    s3.on(PutObjectCommand).resolves({});
    await store.put("t/abc123/0123456789abcdef/page.html", body, {
      contentType: "text/html; charset=utf-8",
      sha256: sha256Hex(body),
    });
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      Bucket: "evidence-bucket",
      Key: "t/abc123/0123456789abcdef/page.html",
      ChecksumAlgorithm: "SHA256",
      ChecksumSHA256: Buffer.from(sha256Hex(body), "hex").toString("base64"),
      IfNoneMatch: "*",
    });
  });

  it("refuses keys that are not plain generated segments", async () => {
    for (const key of ["../x", "t/../x", "/abs", "t//x", "t/a b"])
      await expect(store.put(key, body, { contentType: "x", sha256: sha256Hex(body) })).rejects.toThrow(
        /unsafe blob key/,
      );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it("reports an existing key as never overwritten, and a missing one as null", async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error("exists"), { name: "PreconditionFailed" }));
    await expect(store.put("t/a", body, { contentType: "x", sha256: sha256Hex(body) })).rejects.toThrow(
      /never overwritten/,
    );
    s3.on(GetObjectCommand, { Key: "t/missing" }).rejects(
      Object.assign(new Error("no"), { name: "NoSuchKey" }),
    );
    expect(await store.get("t/missing")).toBeNull();
    s3.on(GetObjectCommand, { Key: "t/a" }).resolves({
      // The SDK mixes this method into the response stream; that is all the store reads.
      Body: { transformToByteArray: async () => new Uint8Array(body) } as never,
    });
    expect(Buffer.from((await store.get("t/a"))!).toString()).toBe("<html>安可</html>");
  });
});
