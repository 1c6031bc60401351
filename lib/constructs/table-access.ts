import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { TABLE_INDEXES } from "../../functions/store/table-definition.js";

export type TableAction = "GetItem" | "PutItem" | "Query" | "UpdateItem";
export type IndexName = (typeof TABLE_INDEXES)[number]["name"];

/**
 * Narrower than table.grantReadWriteData: only the calls the repositories make, on the table
 * and on the named indexes (the grant helpers add `index/*` and Scan/Delete/Batch*).
 */
export function grantTableAccess(
  grantee: iam.IGrantable,
  table: dynamodb.ITable,
  actions: readonly TableAction[],
  indexes: readonly IndexName[] = [],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: actions.map((a) => `dynamodb:${a}`),
    resourceArns: [table.tableArn, ...indexes.map((name) => `${table.tableArn}/index/${name}`)],
  });
}

export const ALL_INDEXES: readonly IndexName[] = TABLE_INDEXES.map((i) => i.name);
