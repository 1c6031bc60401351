import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import {
  DecryptCommand,
  type DecryptCommandInput,
  GenerateDataKeyCommand,
  type GenerateDataKeyCommandInput,
  KMSClient,
} from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";

/**
 * KMS has no local equivalent, so its client is mocked with real behaviour behind it: data keys
 * are wrapped with AES-GCM under a master key, bound to the EncryptionContext, and Decrypt fails as
 * KMS does (InvalidCiphertextException) when the context differs. `mockClient(KMSClient)` catches
 * every KMSClient, including those the code under test creates itself. Restore it when done.
 */
export function fakeKms(keyArn: string) {
  const master = randomBytes(32);
  const mock = mockClient(KMSClient);
  const contextBytes = (c: Record<string, string> | undefined) =>
    Buffer.from(JSON.stringify(Object.entries(c ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))));
  const awsError = (name: string) => Object.assign(new Error(name), { name });
  const generated: Array<{ keyId: string | undefined; context: Record<string, string> | undefined }> = [];
  const decrypted: Array<{ keyId: string | undefined; context: Record<string, string> | undefined }> = [];
  mock.on(GenerateDataKeyCommand).callsFake((input: GenerateDataKeyCommandInput) => {
    if (input.KeySpec !== "AES_256") throw awsError("ValidationException");
    generated.push({ keyId: input.KeyId, context: input.EncryptionContext });
    const plain = randomBytes(32);
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", master, iv);
    c.setAAD(contextBytes(input.EncryptionContext));
    const blob = Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
    return { KeyId: keyArn, Plaintext: new Uint8Array(plain), CiphertextBlob: new Uint8Array(blob) };
  });
  mock.on(DecryptCommand).callsFake((input: DecryptCommandInput) => {
    if (input.KeyId !== keyArn) throw awsError("IncorrectKeyException");
    decrypted.push({ keyId: input.KeyId, context: input.EncryptionContext });
    const blob = Buffer.from(input.CiphertextBlob!);
    try {
      const d = createDecipheriv("aes-256-gcm", master, blob.subarray(0, 12));
      d.setAAD(contextBytes(input.EncryptionContext));
      d.setAuthTag(blob.subarray(blob.length - 16));
      const plain = Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
      return { KeyId: keyArn, Plaintext: new Uint8Array(plain) };
    } catch {
      throw awsError("InvalidCiphertextException");
    }
  });
  return { mock, generated, decrypted };
}
