import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandInput,
  KMSClient,
  SignCommand,
  type SignCommandInput,
} from "@aws-sdk/client-kms";
import {
  GetObjectCommand,
  type GetObjectCommandInput,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";

/*
 * KMS and S3 have no local equivalent that runs in tests, so their SDK clients are mocked
 * (DESIGN.md "Tests"), with real behaviour behind them: KMS signs with real Ed25519 keys and
 * refuses what it refuses for this key spec; S3 keeps the bytes, checks the SHA-256 checksum and
 * honours `If-None-Match: *`. Every signature and hash in a bundle made through them is genuine.
 */

const awsError = (name: string) => Object.assign(new Error(name), { name });

export function fakeKms(opts: { keyIds?: string[]; keySpec?: string; failSign?: () => boolean } = {}) {
  const keys = new Map<string, { publicKey: KeyObject; privateKey: KeyObject }>(
    (opts.keyIds ?? ["*"]).map((id) => [id, generateKeyPairSync("ed25519")]),
  );
  const pairOf = (keyId: string | undefined) => keys.get(keyId ?? "") ?? keys.get("*");
  const spki = (keyId: string) => pairOf(keyId)!.publicKey.export({ type: "spki", format: "der" });
  const mock = mockClient(KMSClient);
  let signCalls = 0;
  mock.on(GetPublicKeyCommand).callsFake((input: GetPublicKeyCommandInput) => {
    if (!pairOf(input.KeyId)) throw awsError("NotFoundException");
    return {
      KeyId: input.KeyId,
      KeySpec: opts.keySpec ?? "ECC_NIST_EDWARDS25519",
      KeyUsage: "SIGN_VERIFY",
      SigningAlgorithms: ["ED25519_SHA_512", "ED25519_PH_SHA_512"],
      PublicKey: new Uint8Array(spki(input.KeyId ?? "")),
    };
  });
  mock.on(SignCommand).callsFake((input: SignCommandInput) => {
    signCalls++;
    const pair = pairOf(input.KeyId);
    if (!pair) throw awsError("NotFoundException");
    if (opts.failSign?.()) throw awsError("ThrottlingException");
    if (input.MessageType !== "RAW" || input.SigningAlgorithm !== "ED25519_SHA_512")
      throw awsError("InvalidKeyUsageException");
    if (!input.Message || input.Message.length > 4096) throw awsError("ValidationException");
    return {
      KeyId: input.KeyId,
      SigningAlgorithm: input.SigningAlgorithm,
      Signature: new Uint8Array(sign(null, input.Message, pair.privateKey)),
    };
  });
  return {
    mock,
    client: new KMSClient({ region: "us-east-1" }),
    publicKey: (keyId = "*") => pairOf(keyId)!.publicKey,
    /** Computed here from the key pair, not by the code under test. */
    fingerprint: (keyId = "*") => `sha256:${createHash("sha256").update(spki(keyId)).digest("hex")}`,
    signCalls: () => signCalls,
  };
}

export function fakeS3() {
  /** `Bucket/Key` → bytes. */
  const objects = new Map<string, Uint8Array>();
  const mock = mockClient(S3Client);
  mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    const key = `${input.Bucket}/${input.Key}`;
    if (input.IfNoneMatch === "*" && objects.has(key)) throw awsError("PreconditionFailed");
    const body = new Uint8Array(input.Body as Uint8Array);
    if (input.ChecksumSHA256 !== createHash("sha256").update(body).digest("base64"))
      throw awsError("BadDigest");
    objects.set(key, body);
    return { ETag: '"etag"' };
  });
  mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const bytes = objects.get(`${input.Bucket}/${input.Key}`);
    if (!bytes) throw awsError("NoSuchKey");
    // The SDK mixes this method into the response stream; it is all the blob store reads.
    return { Body: { transformToByteArray: async () => new Uint8Array(bytes) } };
  });
  return { mock, client: new S3Client({ region: "us-east-1" }), objects };
}
