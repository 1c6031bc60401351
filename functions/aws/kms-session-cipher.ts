import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import { PricewardenError } from "../core/errors.js";
import { AES_KEY_BYTES, gcmOpen, gcmSeal, startsWith, strictBase64 } from "../sessions/aes-gcm-envelope.js";
import {
  parseSessionCipherContext,
  type SealedSession,
  type SessionCipher,
} from "../sessions/session-cipher.js";

/** Envelope header: "PWK" (Pricewarden session, KMS data key) and format version 1. */
const HEADER = Uint8Array.from([0x50, 0x57, 0x4b, 0x01]);
const LENGTH_BYTES = 2;

/**
 * Envelope encryption with a KMS key (symmetric, ENCRYPT_DECRYPT): every seal asks KMS for a
 * fresh AES-256 data key (GenerateDataKey), encrypts locally with AES-256-GCM, and keeps the
 * KMS-encrypted data key beside the ciphertext; the plaintext key is wiped once used. KMS's
 * EncryptionContext is {tenant, channel, session}, so a data key only decrypts for the session it
 * was made for (and CloudTrail names the session on every Decrypt); the same context string is
 * also GCM's additional data. Envelope:
 * `"PWK" 0x01 ‖ u16 length ‖ encrypted data key ‖ iv(12) ‖ tag(16) ‖ ciphertext`.
 */
export function createKmsSessionCipher(kms: KMSClient, keyId: string): SessionCipher {
  return {
    async encrypt(plaintext, context) {
      const encryptionContext = { ...parseSessionCipherContext(context) };
      let plainKey: Uint8Array | undefined;
      let encryptedKey: Uint8Array | undefined;
      let usedKeyId: string | undefined;
      try {
        const out = await kms.send(
          new GenerateDataKeyCommand({
            KeyId: keyId,
            KeySpec: "AES_256",
            EncryptionContext: encryptionContext,
          }),
        );
        plainKey = out.Plaintext;
        encryptedKey = out.CiphertextBlob;
        usedKeyId = out.KeyId;
      } catch (error) {
        throw kmsError("GenerateDataKey", keyId, error);
      }
      if (!plainKey || plainKey.length !== AES_KEY_BYTES || !encryptedKey || encryptedKey.length === 0)
        throw new PricewardenError(
          "INTERNAL",
          `KMS GenerateDataKey with ${keyId} returned no AES-256 data key`,
        );
      if (encryptedKey.length > 0xffff)
        throw new PricewardenError(
          "INTERNAL",
          `KMS returned an encrypted data key of ${encryptedKey.length} bytes`,
        );
      try {
        const length = Buffer.alloc(LENGTH_BYTES);
        length.writeUInt16BE(encryptedKey.length);
        const body = gcmSeal(plainKey, HEADER, context, plaintext);
        return {
          ciphertext: Buffer.concat([HEADER, length, encryptedKey, body]).toString("base64"),
          keyId: usedKeyId ?? keyId,
        };
      } finally {
        plainKey.fill(0);
      }
    },

    async decrypt(sealed: SealedSession, context) {
      const encryptionContext = { ...parseSessionCipherContext(context) };
      const bytes = strictBase64(sealed.ciphertext);
      if (!bytes || !startsWith(bytes, HEADER) || bytes.length < HEADER.length + LENGTH_BYTES)
        throw new PricewardenError(
          "ITEM_INVALID",
          "the stored session state is not a KMS session envelope (version 1); sessions sealed with a local key cannot be opened on AWS",
        );
      const keyLength = bytes.readUInt16BE(HEADER.length);
      const keyStart = HEADER.length + LENGTH_BYTES;
      if (keyLength === 0 || bytes.length < keyStart + keyLength)
        throw new PricewardenError("ITEM_INVALID", "the stored session envelope is truncated");
      const encryptedKey = bytes.subarray(keyStart, keyStart + keyLength);
      let plainKey: Uint8Array | undefined;
      try {
        const out = await kms.send(
          new DecryptCommand({
            CiphertextBlob: encryptedKey,
            KeyId: sealed.keyId,
            EncryptionContext: encryptionContext,
          }),
        );
        plainKey = out.Plaintext;
      } catch (error) {
        if ((error as { name?: string } | null)?.name === "InvalidCiphertextException")
          throw new PricewardenError(
            "ITEM_INVALID",
            "KMS refused the session's data key: it was altered, or sealed for another session",
            { cause: error },
          );
        throw kmsError("Decrypt", sealed.keyId, error);
      }
      if (!plainKey || plainKey.length !== AES_KEY_BYTES)
        throw new PricewardenError("INTERNAL", `KMS Decrypt with ${sealed.keyId} returned no AES-256 key`);
      try {
        const opened = gcmOpen(plainKey, HEADER, context, bytes.subarray(keyStart + keyLength));
        if (!opened)
          throw new PricewardenError(
            "ITEM_INVALID",
            "the stored session state does not authenticate: it was altered, or sealed for another session",
          );
        return new Uint8Array(opened);
      } finally {
        plainKey.fill(0);
      }
    },
  };
}

function kmsError(action: string, keyId: string, error: unknown): PricewardenError {
  const name = (error as { name?: string } | null)?.name ?? "Error";
  return new PricewardenError("STORE_UNAVAILABLE", `KMS ${action} with ${keyId} failed: ${name}`, {
    cause: error,
  });
}
