import * as z from "zod";
import { type Authenticate, type Caller, CallerSchema, ScopeIdSchema } from "./caller.js";

/**
 * The claims our Cognito user pool puts in the token. API Gateway's JWT authorizer has already
 * verified signature, issuer, audience and expiry; this only refuses tokens that do not say
 * clearly whose data the caller may see.
 */
const ClaimsSchema = z
  .object({
    "custom:tenant": ScopeIdSchema,
    "custom:role": z.enum(["brand", "distributor"]),
    "custom:distributor": ScopeIdSchema.optional(),
    email: z.email().max(200),
  })
  .refine((c) => c["custom:role"] !== "distributor" || c["custom:distributor"] !== undefined, {
    message: "a distributor token needs custom:distributor",
    path: ["custom:distributor"],
  });

const EnvSchema = z.object({
  event: z.object({
    requestContext: z.object({
      authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) }),
    }),
  }),
});

/** Reads `requestContext.authorizer.jwt.claims` from the HTTP API (payload v2) event under `hono/aws-lambda`. */
export const jwtClaimsAuthenticator: Authenticate = async (_request, env) => {
  const event = EnvSchema.safeParse(env);
  if (!event.success) return null;
  const claims = ClaimsSchema.safeParse(event.data.event.requestContext.authorizer.jwt.claims);
  if (!claims.success) return null;
  const c = claims.data;
  const caller: Caller =
    c["custom:role"] === "brand"
      ? { tenant: c["custom:tenant"], role: "brand", name: c.email }
      : {
          tenant: c["custom:tenant"],
          role: "distributor",
          distributorId: c["custom:distributor"] ?? "",
          name: c.email,
        };
  const parsed = CallerSchema.safeParse(caller);
  return parsed.success ? parsed.data : null;
};
