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
          // searching for real ones.
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
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
