import { createPublicKey } from "node:crypto";
import { SignCommand } from "@aws-sdk/client-kms";
import { afterEach, describe, expect, it } from "vitest";
import {
  createKmsEvidenceSigner,
  KMS_MAX_RAW_MESSAGE_BYTES,
} from "../../functions/aws/kms-evidence-signer.js";
import { verifyEd25519 } from "../../functions/evidence/evidence-signer.js";
import { fakeKms } from "../support/aws-evidence-fakes.js";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe("the KMS evidence signer", () => {
  it("signs pure Ed25519 that verifies under the key KMS publishes, with its fingerprint", async () => {
    const fake = fakeKms();
    restore = () => fake.mock.restore();
    const signer = await createKmsEvidenceSigner(fake.client, KEY);
    expect(signer.fingerprint).toBe(fake.fingerprint());
    expect(signer.maxMessageBytes).toBe(KMS_MAX_RAW_MESSAGE_BYTES);
    const data = new TextEncoder().encode('{"format":"pricewarden-evidence/1","tenant":"安可"}');
    const signature = await signer.sign(data);
    expect(signature).toHaveLength(64);
    expect(verifyEd25519(createPublicKey(signer.publicKeyPem), data, signature)).toBe(true);
    const input = fake.mock.commandCalls(SignCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ KeyId: KEY, MessageType: "RAW", SigningAlgorithm: "ED25519_SHA_512" });
  });

  it("refuses a key that is not an Ed25519 signing key, before any alert needs it", async () => {
    const fake = fakeKms({ keySpec: "ECC_NIST_P256" });
    restore = () => fake.mock.restore();
    await expect(createKmsEvidenceSigner(fake.client, KEY)).rejects.toThrow(
      /is ECC_NIST_P256\/SIGN_VERIFY; evidence needs ECC_NIST_EDWARDS25519/,
    );
  });

  it("refuses a message longer than KMS signs raw, without calling KMS", async () => {
    const fake = fakeKms();
    restore = () => fake.mock.restore();
    const signer = await createKmsEvidenceSigner(fake.client, KEY);
    await expect(signer.sign(new Uint8Array(KMS_MAX_RAW_MESSAGE_BYTES + 1))).rejects.toThrow(
      /at most 4096 bytes/,
    );
    expect(fake.signCalls()).toBe(0);
  });

  it("never passes on a signature its public key does not verify", async () => {
    const fake = fakeKms();
    restore = () => fake.mock.restore();
    const signer = await createKmsEvidenceSigner(fake.client, KEY);
    fake.mock.on(SignCommand).resolves({ Signature: new Uint8Array(64).fill(7) });
    await expect(signer.sign(new Uint8Array([1, 2, 3]))).rejects.toThrow(/does not verify/);
  });

  it("reports KMS being unavailable as a store failure the caller can retry", async () => {
    const fake = fakeKms({ failSign: () => true });
    restore = () => fake.mock.restore();
    const signer = await createKmsEvidenceSigner(fake.client, KEY);
    await expect(signer.sign(new Uint8Array([1]))).rejects.toMatchObject({
      code: "STORE_UNAVAILABLE",
      message: expect.stringMatching(/KMS Sign .* failed: ThrottlingException/),
    });
  });
});
