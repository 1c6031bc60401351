import { handle } from "hono/aws-lambda";
import { createApiApp } from "./api-app.js";
import type { ApiDeps } from "./api-deps.js";
import { jwtClaimsAuthenticator } from "./jwt-claims-auth.js";

/**
 * The Lambda entry for the HTTP API: the same app as the local server, authenticated by the
 * claims API Gateway's JWT authorizer verified. Build it once per container, outside the handler.
 */
export function createApiHandler(
  deps: Omit<ApiDeps, "authenticate"> & Partial<Pick<ApiDeps, "authenticate">>,
) {
  return handle(createApiApp({ ...deps, authenticate: deps.authenticate ?? jwtClaimsAuthenticator }));
}
