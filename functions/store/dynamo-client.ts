import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoConnection {
  /** Set locally (embedded dynalite); unset on AWS. */
  endpoint?: string;
  region?: string;
}

/** One document client per process: the same code talks to dynalite locally and DynamoDB on AWS. */
export function createDocumentClient(connection: DynamoConnection = {}): DynamoDBDocumentClient {
  const local = connection.endpoint !== undefined;
  const client = new DynamoDBClient({
    region: connection.region ?? process.env.AWS_REGION ?? "us-east-1",
    ...(local
      ? {
          endpoint: connection.endpoint,
          // dynalite accepts any credentials; fixed ones keep the SDK from searching for real ones.
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
