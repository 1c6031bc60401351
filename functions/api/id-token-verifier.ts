import { createRemoteJWKSet, jwtVerify } from "jose";
import type { Caller } from "./caller.js";
import { callerFromClaims } from "./caller-claims.js";

export interface IdTokenSettings {
  /** `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`: the tokens' `iss`. */
  issuer: string;
  /** The app client the tokens were issued to: their `aud`. */
  clientId: string;
  /** Where the pool publishes its signing keys; the issuer's well-known JWKS by default. */
  jwksUrl?: string;
}

export type VerifiedIdToken = { caller: Caller; expiresAt: Date };

/**
 * Verifies a Cognito ID token the way API Gateway's JWT authorizer does: RS256 signature by a key
 * of the pool's JWKS (fetched once and cached, refetched when an unknown `kid` appears), issuer,
 * audience, expiry (one minute of clock skew), and that it is an ID token — an access token of
 * the same pool carries no tenant claims and must not pass for one.
 */
export function createIdTokenVerifier(
  settings: IdTokenSettings,
): (token: string) => Promise<VerifiedIdToken | null> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl ?? `${settings.issuer}/.well-known/jwks.json`), {
    timeoutDuration: 5_000,
    cacheMaxAge: 6 * 60 * 60 * 1000,
  });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.clientId,
        algorithms: ["RS256"],
        clockTolerance: 60,
        requiredClaims: ["exp", "iat", "token_use"],
      });
      if (payload.token_use !== "id" || payload.exp === undefined) return null;
      const caller = callerFromClaims(payload);
      return caller ? { caller, expiresAt: new Date(payload.exp * 1000) } : null;
    } catch {
      // Bad signature, wrong issuer or audience, expired, malformed: all mean "not signed in".
      // A JWKS that cannot be fetched lands here too; the browser is sent to sign in again.
      return null;
    }
  };
}
