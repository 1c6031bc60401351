import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { PricewardenError } from "../core/errors.js";

export const AES_KEY_BYTES = 32;
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh random 12-byte IV. The additional data is the envelope's header (its
 * format and version, so a downgrade to another format fails) followed by the context.
 * Output: iv ‖ tag ‖ ciphertext.
 */
export function gcmSeal(key: Uint8Array, header: Uint8Array, context: string, plaintext: Uint8Array): Buffer {
  if (key.length !== AES_KEY_BYTES) throw new PricewardenError("INTERNAL", "AES-256 needs a 32-byte key");
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(additionalData(header, context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Opens what `gcmSeal` made; null when it does not authenticate (altered, other key or context). */
export function gcmOpen(
  key: Uint8Array,
  header: Uint8Array,
  context: string,
  sealed: Uint8Array,
): Buffer | null {
  if (key.length !== AES_KEY_BYTES || sealed.length < GCM_IV_BYTES + GCM_TAG_BYTES) return null;
  const iv = sealed.subarray(0, GCM_IV_BYTES);
  const tag = sealed.subarray(GCM_IV_BYTES, GCM_IV_BYTES + GCM_TAG_BYTES);
  const body = sealed.subarray(GCM_IV_BYTES + GCM_TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(additionalData(header, context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

function additionalData(header: Uint8Array, context: string): Buffer {
  return Buffer.concat([header, Buffer.from(context, "utf8")]);
}

/** Base64 (standard alphabet, padded) decoded strictly: anything else is not one of our envelopes. */
export function strictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  return Buffer.from(text, "base64");
}

export function startsWith(bytes: Uint8Array, header: Uint8Array): boolean {
  if (bytes.length < header.length) return false;
  for (let i = 0; i < header.length; i++) if (bytes[i] !== header[i]) return false;
  return true;
}
