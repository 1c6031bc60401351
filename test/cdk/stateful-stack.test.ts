import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { TABLE_INDEXES, TTL_ATTRIBUTE } from "../../functions/store/table-definition.js";
import { synthApp } from "./synth-app.js";

describe("stateful stack", () => {
  const dev = synthApp();
  const prod = synthApp({ env: "prod" });

  it("has one table with the shared keys and indexes, PITR, TTL and a stream", () => {
    dev.statefulTemplate.resourceCountIs("AWS::DynamoDB::Table", 1);
    dev.statefulTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    });
  });

  it("protects the prod table from deletion and lets dev tables go", () => {
    prod.statefulTemplate.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    dev.statefulTemplate.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it("locks evidence objects: versioned, Object Lock GOVERNANCE in dev, COMPLIANCE in prod", () => {
    const lock = (mode: string) => ({
      VersioningConfiguration: { Status: "Enabled" },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: Match.objectLike({ Mode: mode }) },
      },
    });
    dev.statefulTemplate.hasResourceProperties("AWS::S3::Bucket", lock("GOVERNANCE"));
    prod.statefulTemplate.hasResourceProperties("AWS::S3::Bucket", lock("COMPLIANCE"));
    prod.statefulTemplate.hasResourceProperties("AWS::S3::Bucket", {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 1825 } } },
    });
  });

  it("keeps every bucket private, TLS-only and retained; evidence access is logged", () => {
    const buckets = dev.statefulTemplate.findResources("AWS::S3::Bucket");
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.DeletionPolicy).toBe("Retain");
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    dev.statefulTemplate.hasResourceProperties("AWS::S3::Bucket", {
      ObjectLockEnabled: true,
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: "evidence/" },
    });
    const policies = Object.values(dev.statefulTemplate.findResources("AWS::S3::BucketPolicy"));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
    }
  });
});
