import { KMSClient } from "@aws-sdk/client-kms";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { PricewardenError } from "../core/errors.js";
import { createDocumentClient } from "../store/dynamo-client.js";
import { SessionRepository } from "../store/session-repository.js";
import { createKmsSessionCipher } from "./kms-session-cipher.js";

export interface AwsSessionOptions {
  /** The deployment's table (stack output `TableName`). */
  table: string;
  /** The sessions key: id, ARN or alias (`alias/pricewarden-sessions-{env}`, stack output `SessionKeyArn`). */
  kmsKey: string;
  region?: string;
  /** A local DynamoDB (dynalite) instead of AWS's. */
  dynamodbEndpoint?: string;
}

export interface AwsSessions {
  /** Sessions in the deployment's table, sealed and opened with the KMS key (envelope encryption). */
  repository: SessionRepository;
  /** Releases the clients this call created (not the ones passed in). */
  close(): void;
}

/**
 * The session store of an AWS deployment, for `pricewarden session import|list|remove … --table T
 * --kms-key K`: the same `SessionRepository` the render function reads, with the KMS cipher
 * (every import asks KMS for a fresh data key under the session's encryption context). The
 * caller's credentials come from the SDK's default chain; importing needs
 * `kms:GenerateDataKey` on the key (and `dynamodb:PutItem` on the table), which the key policy
 * leaves to IAM in the account. No storage value is ever printed or logged.
 */
export function awsSessionRepository(
  options: AwsSessionOptions,
  clients: { doc?: DynamoDBDocumentClient; kms?: KMSClient } = {},
): AwsSessions {
  if (options.table.trim() === "") throw new PricewardenError("BAD_INPUT", "--table needs the table name");
  if (options.kmsKey.trim() === "")
    throw new PricewardenError("BAD_INPUT", "--kms-key needs the sessions key");
  const region = options.region || "us-east-1";
  const doc =
    clients.doc ??
    createDocumentClient({
      region,
      ...(options.dynamodbEndpoint ? { endpoint: options.dynamodbEndpoint } : {}),
    });
  const kms = clients.kms ?? new KMSClient({ region });
  return {
    repository: new SessionRepository(doc, options.table, createKmsSessionCipher(kms, options.kmsKey)),
    close: () => {
      if (!clients.doc) doc.destroy();
      if (!clients.kms) kms.destroy();
    },
  };
}
