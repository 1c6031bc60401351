import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { storeError } from "./store-errors.js";

/** Every page of a query, each item parsed (zod, never cast) as it arrives. */
export async function queryAll<T>(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey">,
  parse: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    let page: QueryCommandOutput;
    try {
      page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    } catch (error) {
      throw storeError("Query", error);
    }
    for (const item of page.Items ?? []) out.push(parse(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}
