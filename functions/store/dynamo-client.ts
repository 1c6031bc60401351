import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoConnection {
  /** Set locally (embedded dynalite); unset on AWS. */
  endpoint?: string;
  region?: string;
  /** The embedded store's per-start key; looked up by endpoint when this process started the store. */
  storeKey?: string;
}

/** The header that carries the embedded store's per-start key; a browser page cannot know it. */
export const STORE_KEY_HEADER = "x-pricewarden-store-key";

const storeKeysByEndpoint = new Map<string, string>();

/** Called by the embedded store on start so every client in this process can present its key. */
export function rememberStoreKey(endpoint: string, key: string): void {
  storeKeysByEndpoint.set(endpoint, key);
}

export function forgetStoreKey(endpoint: string): void {
  storeKeysByEndpoint.delete(endpoint);
}

/** One document client per process: the same code talks to dynalite locally and DynamoDB on AWS. */
export function createDocumentClient(connection: DynamoConnection = {}): DynamoDBDocumentClient {
  const local = connection.endpoint !== undefined;
  const client = new DynamoDBClient({
    region: connection.region ?? process.env.AWS_REGION ?? "us-east-1",
    ...(local
      ? {
          endpoint: connection.endpoint,
          // The embedded store checks its own key, not SigV4; fixed credentials keep the SDK from
          // searching for real ones, and a fixed signature spares each request its HMACs
          // (a quarter of the SDK's CPU per request, bench/cycle.ts).
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
          signer: { sign: async <R extends SignedRequest>(request: R) => withLocalSignature(request) },
        }
      : {}),
    maxAttempts: 5,
  });
  const storeKey =
    connection.storeKey ?? (connection.endpoint ? storeKeysByEndpoint.get(connection.endpoint) : undefined);
  if (storeKey) presentStoreKey(client, storeKey);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/**
 * The shape of a SigV4 Authorization header, which dynalite requires to be present; nothing checks
 * its signature (the embedded store's own key is what admits a request).
 */
const LOCAL_AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0";

interface SignedRequest {
  headers: Record<string, string>;
}

function withLocalSignature<R extends SignedRequest>(request: R): R {
  request.headers["authorization"] = LOCAL_AUTHORIZATION;
  request.headers["x-amz-date"] = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
  return request;
}

/** Adds the embedded store's key to every request this client sends. */
export function presentStoreKey(client: DynamoDBClient, key: string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers[STORE_KEY_HEADER] = key;
      return next(args);
    },
    { step: "build", name: "pricewardenStoreKey" },
  );
}
