import { CfnOutput, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from "../functions/store/table-definition.js";
import { EvidenceBucket } from "./constructs/evidence-bucket.js";
import { EvidenceSigningKey } from "./constructs/evidence-signing-key.js";
import { SessionKey } from "./constructs/session-key.js";
import type { DeploymentSettings } from "./environment.js";

export interface StatefulStackProps extends StackProps {
  settings: DeploymentSettings;
}

/**
 * Data that outlives deployments: the single table, the evidence bucket and its signing key, and
 * the key that seals customers' browser sessions (stored in the table).
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly evidenceBucket: s3.Bucket;
  readonly evidenceKey: kms.Key;
  readonly sessionKey: kms.Key;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { isProd } = props.settings;
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    // Same keys and indexes as the local dynalite table (functions/store/table-definition.ts).
    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: attribute(TABLE_KEYS.partitionKey),
      sortKey: attribute(TABLE_KEYS.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: isProd,
      removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.evidenceBucket = new EvidenceBucket(this, "Evidence", {
      bucketName: props.settings.evidenceBucketName,
      mode: isProd ? "COMPLIANCE" : "GOVERNANCE",
      retentionDays: props.settings.evidenceRetentionDays,
    }).bucket;
    this.evidenceKey = new EvidenceSigningKey(this, "EvidenceSigning", {
      envName: props.settings.envName,
    }).key;

    this.sessionKey = new SessionKey(this, "Sessions", { envName: props.settings.envName }).key;

    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "EvidenceBucketName", { value: this.evidenceBucket.bucketName });
    new CfnOutput(this, "EvidenceSigningKeyArn", { value: this.evidenceKey.keyArn });
    new CfnOutput(this, "SessionKeyArn", { value: this.sessionKey.keyArn });
  }
}
