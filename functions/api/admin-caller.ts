import * as z from "zod";
import { verifiedGatewayClaims } from "./jwt-claims-auth.js";

/** The Cognito group whose members run the platform: register, change, pause and resume tenants. */
export const ADMIN_GROUP = "pricewarden-admin";

/** A platform administrator. Not a tenant caller: being one grants no tenant's alerts or listings. */
export interface Admin {
  name: string;
}

/**
 * What a request's verified credentials say about administration: an administrator, a verified
 * user who is not one (403), or no verified user at all (401).
 */
export type AdminCheck = { kind: "admin"; admin: Admin } | { kind: "not_admin" } | { kind: "anonymous" };

/** `env` is the runtime's bindings, as for `Authenticate`. */
export type AuthenticateAdmin = (request: Request, env: unknown) => Promise<AdminCheck>;

const GroupsSchema = z.union([z.array(z.string()), z.string()]);
const NameSchema = z.string().trim().min(1).max(200);

/**
 * The groups of a verified token: an array in the token itself, but a string `"[a b]"` after API
 * Gateway's HTTP API JWT authorizer (it flattens array claims). Cognito group names hold no spaces.
 */
export function groupsOf(claim: unknown): string[] {
  const parsed = GroupsSchema.safeParse(claim);
  if (!parsed.success) return [];
  if (Array.isArray(parsed.data)) return parsed.data;
  const inner = parsed.data.trim().replace(/^\[(.*)\]$/s, "$1");
  return inner.split(/[\s,]+/).filter((g) => g.length > 0);
}

/** The check for a verified token's claims (null: none were verified). */
export function adminFromClaims(claims: Record<string, unknown> | null): AdminCheck {
  if (!claims) return { kind: "anonymous" };
  if (!groupsOf(claims["cognito:groups"]).includes(ADMIN_GROUP)) return { kind: "not_admin" };
  const name = NameSchema.safeParse(claims["email"] ?? claims["cognito:username"] ?? claims["sub"]);
  return name.success ? { kind: "admin", admin: { name: name.data } } : { kind: "not_admin" };
}

/** Administrators on AWS: `/admin/*` has the gateway's JWT authorizer, which verified the token. */
export const jwtAdminAuthenticator: AuthenticateAdmin = async (_request, env) =>
  adminFromClaims(verifiedGatewayClaims(env));
