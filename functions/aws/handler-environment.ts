import * as z from "zod";
import { formatIssuePath } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";

const base = {
  TABLE_NAME: z.string().min(1),
  /** Only set by tests and local runs (dynalite); on AWS the SDK finds DynamoDB itself. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
};

const queues = {
  CRAWL_QUEUE_URL: z.url(),
  RENDER_QUEUE_URL: z.url(),
};

export const PlanEnvironmentSchema = z.object({ ...base, ...queues });
const evidence = {
  EVIDENCE_BUCKET: z.string().min(1).optional(),
  EVIDENCE_KEY_ID: z.string().min(1).optional(),
};

export const CrawlEnvironmentSchema = z.object({ ...base, ...queues, ...evidence });

/**
 * The render worker: a crawl worker for `render: true` channels with customer-owned browser
 * sessions; its pages render in the browser function.
 */
export const RenderEnvironmentSchema = CrawlEnvironmentSchema.extend({
  /** The browser function (name or ARN) the worker invokes for every page. */
  BROWSER_FUNCTION_NAME: z.string().min(1),
  /**
   * The KMS key (ARN) that seals stored browser sessions (envelope encryption; the render function
   * may only Decrypt, under the session's encryption context). Unset: a channel with sessions
   * fails its checks loudly, as nothing can open them.
   */
  SESSION_KEY_ID: z.string().min(1).optional(),
});

/** The browser function: Chromium only, no table, no keys. */
export const BrowserEnvironmentSchema = z.object({
  AWS_REGION: base.AWS_REGION,
  /** Where the bundle carries @sparticuz/chromium's brotli files (esbuild moves the JS away from them). */
  CHROMIUM_BIN_DIR: z.string().min(1).optional(),
});

/** Evidence capture needs the bucket and the signing key; a worker with neither captures nothing. */
export function evidenceSettings(env: {
  EVIDENCE_BUCKET?: string | undefined;
  EVIDENCE_KEY_ID?: string | undefined;
}): { bucket: string; keyId: string } | null {
  const { EVIDENCE_BUCKET: bucket, EVIDENCE_KEY_ID: keyId } = env;
  if (bucket && keyId) return { bucket, keyId };
  if (bucket || keyId)
    throw new PricewardenError(
      "CONFIG_INVALID",
      "function environment is invalid: set both EVIDENCE_BUCKET and EVIDENCE_KEY_ID, or neither",
    );
  return null;
}
export const NotifyEnvironmentSchema = z.object({
  ...base,
  /** Links in notifications go to `{DASHBOARD_URL}/alerts/{id}` (set by the stack to the API endpoint). */
  DASHBOARD_URL: z.url().optional(),
});
/** Browser sign-in (Cognito hosted UI); set by the stack. Without them only bearer tokens work. */
export const ApiEnvironmentSchema = z.object({
  ...base,
  AUTH_ISSUER: z.url().optional(),
  AUTH_DOMAIN: z.url().optional(),
  AUTH_WEB_CLIENT_ID: z.string().min(1).optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  /** The user pool tenants' users are created in by the admin API (`POST /admin/tenants/:tenant/users`). */
  TENANT_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/, "expected a user pool id such as cn-north-1_AbC123")
    .optional(),
});

/** All four sign-in settings, or null when none is set; a partial set is a deployment error. */
export function browserLoginSettings(env: z.infer<typeof ApiEnvironmentSchema>): {
  issuer: string;
  domain: string;
  clientId: string;
  publicBaseUrl: string;
} | null {
  const values = [env.AUTH_ISSUER, env.AUTH_DOMAIN, env.AUTH_WEB_CLIENT_ID, env.PUBLIC_BASE_URL];
  if (values.every((v) => v === undefined)) return null;
  if (!env.AUTH_ISSUER || !env.AUTH_DOMAIN || !env.AUTH_WEB_CLIENT_ID || !env.PUBLIC_BASE_URL)
    throw new PricewardenError(
      "CONFIG_INVALID",
      "function environment is invalid: set all of AUTH_ISSUER, AUTH_DOMAIN, AUTH_WEB_CLIENT_ID and PUBLIC_BASE_URL, or none",
    );
  const trim = (url: string) => url.replace(/\/+$/, "");
  return {
    issuer: trim(env.AUTH_ISSUER),
    domain: trim(env.AUTH_DOMAIN),
    clientId: env.AUTH_WEB_CLIENT_ID,
    publicBaseUrl: trim(env.PUBLIC_BASE_URL),
  };
}

/** Read once at cold start; a misconfigured function fails its first invocation loudly. */
export function readEnvironment<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join("; ");
  throw new PricewardenError("CONFIG_INVALID", `function environment is invalid: ${problems}`);
}
