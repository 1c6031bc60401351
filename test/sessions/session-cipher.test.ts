import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DecryptCommand,
  type DecryptCommandInput,
  GenerateDataKeyCommand,
  type GenerateDataKeyCommandInput,
  KMSClient,
} from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createKmsSessionCipher } from "../../functions/aws/kms-session-cipher.js";
import {
  LOCAL_SESSION_KEY_FILE,
  localSessionCipher,
  sessionCipherWithKey,
} from "../../functions/sessions/local-session-cipher.js";
import { parseSessionCipherContext, sessionCipherContext } from "../../functions/sessions/session-cipher.js";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pricewarden-session-key-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const secret = new TextEncoder().encode('{"cookies":[{"name":"thor","value":"SECRET-COOKIE-VALUE"}]}');
const ctx = sessionCipherContext("acme", "jd", "0123abcd");
const otherCtx = sessionCipherContext("acme", "jd", "ffff0000");

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, "base64");
  const i = index < 0 ? bytes.length + index : index;
  bytes[i] = bytes[i]! ^ 0x01;
  return bytes.toString("base64");
}

describe("the session context", () => {
  it("joins tenant/channel/id and splits back, even with slashes in a part", () => {
    expect(sessionCipherContext("acme", "jd", "0123abcd")).toBe("acme/jd/0123abcd");
    const odd = sessionCipherContext("a/b", "jd", "x%y");
    expect(parseSessionCipherContext(odd)).toEqual({ tenant: "a/b", channel: "jd", session: "x%y" });
    expect(() => parseSessionCipherContext("acme/jd")).toThrow(/tenant\/channel\/id/);
  });
});

describe("the local session cipher", () => {
  it("round-trips, with a fresh IV each time and the plaintext nowhere in the envelope", async () => {
    const cipher = sessionCipherWithKey(randomBytes(32));
    const a = await cipher.encrypt(secret, ctx);
    const b = await cipher.encrypt(secret, ctx);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.keyId).toMatch(/^local:[0-9a-f]{16}$/);
    expect(Buffer.from(a.ciphertext, "base64").includes(Buffer.from("SECRET-COOKIE-VALUE"))).toBe(false);
    expect(Buffer.from(a.ciphertext, "base64").subarray(0, 4)).toEqual(Buffer.from([0x50, 0x57, 0x53, 0x01]));
    expect(await cipher.decrypt(a, ctx)).toEqual(secret);
  });

  it("refuses another session's context (AAD), an altered byte, another key, and a KMS envelope", async () => {
    const cipher = sessionCipherWithKey(randomBytes(32));
    const sealed = await cipher.encrypt(secret, ctx);
    await expect(cipher.decrypt(sealed, otherCtx)).rejects.toThrow(/does not authenticate/);
    await expect(
      cipher.decrypt({ ...sealed, ciphertext: flipByte(sealed.ciphertext, -1) }, ctx),
    ).rejects.toThrow(/does not authenticate/);
    // Another format version is refused before decryption (and the header is authenticated data).
    await expect(
      cipher.decrypt({ ...sealed, ciphertext: flipByte(sealed.ciphertext, 3) }, ctx),
    ).rejects.toThrow(/not a local session envelope/);
    const other = sessionCipherWithKey(randomBytes(32));
    await expect(other.decrypt(sealed, ctx)).rejects.toThrow(/sealed with key local:/);
    const kmsLike = Buffer.concat([Buffer.from([0x50, 0x57, 0x4b, 0x01]), randomBytes(40)]).toString(
      "base64",
    );
    await expect(cipher.decrypt({ ciphertext: kmsLike, keyId: sealed.keyId }, ctx)).rejects.toThrow(
      /sealed with KMS/,
    );
  });

  it("creates <data-dir>/session-key with mode 0600 on the first encrypt, and reuses it", async () => {
    const dir = dataDir();
    const cipher = localSessionCipher(dir);
    const path = join(dir, LOCAL_SESSION_KEY_FILE);
    expect(existsSync(path)).toBe(false);
    const sealed = await cipher.encrypt(secret, ctx);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, "utf8").trim(), "base64")).toHaveLength(32);
    // Another process (a new cipher over the same directory) opens what this one sealed.
    expect(await localSessionCipher(dir).decrypt(sealed, ctx)).toEqual(secret);
  });

  it("two ciphers creating the key at once end up with one key", async () => {
    const dir = dataDir();
    const sealed = await Promise.all(
      Array.from({ length: 6 }, () => localSessionCipher(dir).encrypt(secret, ctx)),
    );
    expect(new Set(sealed.map((s) => s.keyId)).size).toBe(1);
  });

  it("refuses a key file that group or others can read, with what to do", async () => {
    const dir = dataDir();
    const sealed = await localSessionCipher(dir).encrypt(secret, ctx);
    const path = join(dir, LOCAL_SESSION_KEY_FILE);
    for (const mode of [0o644, 0o640, 0o604]) {
      chmodSync(path, mode);
      await expect(localSessionCipher(dir).decrypt(sealed, ctx)).rejects.toThrow(
        new RegExp(`open to group or others \\(mode ${mode.toString(8)}\\); run chmod 600`),
      );
      await expect(localSessionCipher(dir).encrypt(secret, ctx)).rejects.toMatchObject({
        code: "CONFIG_INVALID",
      });
    }
    chmodSync(path, 0o600);
    expect(await localSessionCipher(dir).decrypt(sealed, ctx)).toEqual(secret);
  });

  it("never creates a key to decrypt with, and refuses a key file that is not a key", async () => {
    const dir = dataDir();
    const sealed = await sessionCipherWithKey(randomBytes(32)).encrypt(secret, ctx);
    await expect(localSessionCipher(dir).decrypt(sealed, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(existsSync(join(dir, LOCAL_SESSION_KEY_FILE))).toBe(false);
    writeFileSync(join(dir, LOCAL_SESSION_KEY_FILE), "short\n", { mode: 0o600 });
    await expect(localSessionCipher(dir).encrypt(secret, ctx)).rejects.toThrow(
      /does not hold a base64 32-byte key/,
    );
  });
});

/**
 * KMS has no local equivalent, so its client is mocked with real behaviour behind it: data keys
 * are wrapped with AES-GCM under a master key, bound to the EncryptionContext, and Decrypt fails
 * as KMS does (InvalidCiphertextException) when the context differs.
 */
function fakeKms(keyArn: string, opts: { fail?: string } = {}) {
  const master = randomBytes(32);
  const mock = mockClient(KMSClient);
  const contextBytes = (c: Record<string, string> | undefined) =>
    Buffer.from(JSON.stringify(Object.entries(c ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))));
  const awsError = (name: string) => Object.assign(new Error(name), { name });
  const generated: Array<Record<string, string> | undefined> = [];
  const decrypted: Array<Record<string, string> | undefined> = [];
  mock.on(GenerateDataKeyCommand).callsFake((input: GenerateDataKeyCommandInput) => {
    if (opts.fail) throw awsError(opts.fail);
    if (input.KeySpec !== "AES_256") throw awsError("ValidationException");
    generated.push(input.EncryptionContext);
    const plain = randomBytes(32);
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", master, iv);
    c.setAAD(contextBytes(input.EncryptionContext));
    const blob = Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
    return { KeyId: keyArn, Plaintext: new Uint8Array(plain), CiphertextBlob: new Uint8Array(blob) };
  });
  mock.on(DecryptCommand).callsFake((input: DecryptCommandInput) => {
    if (opts.fail) throw awsError(opts.fail);
    if (input.KeyId !== keyArn) throw awsError("IncorrectKeyException");
    decrypted.push(input.EncryptionContext);
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
  return { mock, client: new KMSClient({ region: "us-east-1" }), generated, decrypted };
}

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe("the KMS session cipher", () => {
  it("seals with a fresh data key bound to {tenant, channel, session} and opens it again", async () => {
    const kms = fakeKms(KEY);
    restore = () => kms.mock.restore();
    const cipher = createKmsSessionCipher(kms.client, "alias/pricewarden-sessions");
    const sealed = await cipher.encrypt(secret, ctx);
    expect(sealed.keyId).toBe(KEY);
    expect(kms.generated).toEqual([{ tenant: "acme", channel: "jd", session: "0123abcd" }]);
    const bytes = Buffer.from(sealed.ciphertext, "base64");
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x57, 0x4b, 0x01]));
    expect(bytes.includes(Buffer.from("SECRET-COOKIE-VALUE"))).toBe(false);
    expect(await cipher.decrypt(sealed, ctx)).toEqual(secret);
    expect(kms.decrypted).toEqual([{ tenant: "acme", channel: "jd", session: "0123abcd" }]);
    expect(kms.mock.commandCalls(DecryptCommand)[0]!.args[0].input.KeyId).toBe(KEY);
    // Two seals of the same bytes share nothing: each has its own data key and IV.
    expect((await cipher.encrypt(secret, ctx)).ciphertext).not.toBe(sealed.ciphertext);
  });

  it("refuses another session's context, an altered byte, and a local envelope", async () => {
    const kms = fakeKms(KEY);
    restore = () => kms.mock.restore();
    const cipher = createKmsSessionCipher(kms.client, KEY);
    const sealed = await cipher.encrypt(secret, ctx);
    await expect(cipher.decrypt(sealed, otherCtx)).rejects.toThrow(/KMS refused the session's data key/);
    await expect(
      cipher.decrypt({ ...sealed, ciphertext: flipByte(sealed.ciphertext, -1) }, ctx),
    ).rejects.toThrow(/does not authenticate/);
    const local = await sessionCipherWithKey(randomBytes(32)).encrypt(secret, ctx);
    await expect(cipher.decrypt({ ...local, keyId: KEY }, ctx)).rejects.toThrow(/not a KMS session envelope/);
  });

  it("reports KMS being unavailable as a store failure the caller can retry", async () => {
    const kms = fakeKms(KEY, { fail: "ThrottlingException" });
    restore = () => kms.mock.restore();
    await expect(createKmsSessionCipher(kms.client, KEY).encrypt(secret, ctx)).rejects.toMatchObject({
      code: "STORE_UNAVAILABLE",
      message: expect.stringMatching(/GenerateDataKey .* ThrottlingException/),
    });
  });
});
