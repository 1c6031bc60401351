import { PricewardenError } from "../core/errors.js";

/** A storage state once sealed: the envelope (base64) and the key that sealed it. */
export interface SealedSession {
  /** Base64 of a versioned envelope (its first bytes name the format). */
  ciphertext: string;
  /** Which key sealed it: `local:<fingerprint>` for a data directory's key, a KMS key ARN on AWS. */
  keyId: string;
}

/**
 * Seals and opens a browser session's storage state. `context` names the session the bytes
 * belong to (see `sessionCipherContext`); it is authenticated, never stored in the clear by the
 * cipher, so state sealed for one session never opens as another's.
 */
export interface SessionCipher {
  encrypt(plaintext: Uint8Array, context: string): Promise<SealedSession>;
  /** Throws when the envelope was altered, sealed for another context, or by another key. */
  decrypt(sealed: SealedSession, context: string): Promise<Uint8Array>;
}

export interface SessionContextParts {
  tenant: string;
  channel: string;
  session: string;
}

/** `tenant/channel/id`, each part URI-encoded so the string splits back unambiguously. */
export function sessionCipherContext(tenant: string, channel: string, id: string): string {
  return [tenant, channel, id].map(encodeURIComponent).join("/");
}

export function parseSessionCipherContext(context: string): SessionContextParts {
  const parts = context.split("/");
  if (parts.length !== 3 || parts.some((p) => p.length === 0))
    throw new PricewardenError(
      "BAD_INPUT",
      `session context must be tenant/channel/id, got ${parts.length} parts`,
    );
  const [tenant, channel, session] = parts.map((p) => decodeURIComponent(p)) as [string, string, string];
  return { tenant, channel, session };
}
