import * as z from "zod";
import { type Caller, CallerSchema, ScopeIdSchema } from "./caller.js";

/**
 * The claims our Cognito user pool puts in an ID token. Whoever verified the token (API Gateway's
 * JWT authorizer, or the browser session check) has checked signature, issuer, audience and
 * expiry; this refuses tokens that do not say clearly whose data the caller may see.
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

/** The caller a verified token's claims describe, or null when they do not name one. */
export function callerFromClaims(claims: unknown): Caller | null {
  const parsed = ClaimsSchema.safeParse(claims);
  if (!parsed.success) return null;
  const c = parsed.data;
  const caller: Caller =
    c["custom:role"] === "brand"
      ? { tenant: c["custom:tenant"], role: "brand", name: c.email }
      : {
          tenant: c["custom:tenant"],
          role: "distributor",
          distributorId: c["custom:distributor"] ?? "",
          name: c.email,
        };
  const checked = CallerSchema.safeParse(caller);
  return checked.success ? checked.data : null;
}
