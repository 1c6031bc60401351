import { generateKeyPairSync, sign } from "node:crypto";
import { GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";

/**
 * KMS and S3 have no local equivalent that runs in tests, so their SDK clients are mocked
 * (DESIGN.md "Tests"), but with real behaviour behind them: KMS signs with a real Ed25519 key,
 * and S3 keeps objects in memory and honours `If-None-Match: *`.
 */
export function fakeKms(opts: { keySpec?: string; failSign?: () => boolean } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const kms = mockClient(KMSClient);
  let signCalls = 0;
  kms.on(GetPublicKeyCommand).resolves({
    KeySpec: (opts.keySpec ?? "ECC_NIST_EDWARDS25519") as never,
    KeyUsage: "SIGN_VERIFY",
    SigningAlgorithms: ["ED25519_SHA_512", "ED25519_PH_SHA_512"],
    PublicKey: new Uint8Array(publicKey.export({ type: "spki", format: "der" })),
  });
  kms
    .on(SignCommand)
    .callsFake((input: { Message: Uint8Array; MessageType: string; SigningAlgorithm: string }) => {
      signCalls++;
      if (opts.failSign?.()) throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
      if (input.MessageType !== "RAW" || input.SigningAlgorithm !== "ED25519_SHA_512")
        throw Object.assign(new Error("bad request"), { name: "ValidationException" });
      if (input.Message.length > 4096)
        throw Object.assign(new Error("too long"), { name: "ValidationException" });
      return { Signature: new Uint8Array(sign(null, input.Message, privateKey)) };
    });
  return { kms, client: new KMSClient({ region: "us-east-1" }), publicKey, signCalls: () => signCalls };
}

export function fakeS3() {
  const objects = new Map<string, Uint8Array>();
  const s3 = mockClient(S3Client);
  s3.on(PutObjectCommand).callsFake(
    (input: { Bucket: string; Key: string; Body: Uint8Array; IfNoneMatch?: string }) => {
      const key = `${input.Bucket}/${input.Key}`;
      if (input.IfNoneMatch === "*" && objects.has(key))
        throw Object.assign(new Error("exists"), { name: "PreconditionFailed" });
      objects.set(key, new Uint8Array(input.Body));
      return {};
    },
  );
  s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
    const body = objects.get(`${input.Bucket}/${input.Key}`);
    if (!body) throw Object.assign(new Error("no such key"), { name: "NoSuchKey" });
    // The SDK mixes this method into the response stream; it is all the blob store reads.
    return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
  });
  return { s3, client: new S3Client({ region: "us-east-1" }), objects };
}
