import * as z from "zod";
import type { Authenticate } from "./caller.js";
import { callerFromClaims } from "./caller-claims.js";

const EnvSchema = z.object({
  event: z.object({
    requestContext: z.object({
      authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) }),
    }),
  }),
});

/**
 * Reads `requestContext.authorizer.jwt.claims` from the HTTP API (payload v2) event under
 * `hono/aws-lambda`: API Gateway's JWT authorizer has verified the bearer token. The request
 * context is written by API Gateway, never by the client.
 */
export const jwtClaimsAuthenticator: Authenticate = async (_request, env) => {
  const claims = verifiedGatewayClaims(env);
  return claims ? callerFromClaims(claims) : null;
};

/** The claims API Gateway's JWT authorizer verified, or null when the event carries none. */
export function verifiedGatewayClaims(env: unknown): Record<string, unknown> | null {
  const event = EnvSchema.safeParse(env);
  return event.success ? event.data.event.requestContext.authorizer.jwt.claims : null;
}
