import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { TABLE_INDEXES, TTL_ATTRIBUTE } from "../../functions/store/table-definition.js";
import { synthApp } from "./synth-app.js";

/** The logical id of the stack's one KMS key with this KeySpec. */
function keyIdOf(template: ReturnType<typeof synthApp>["statefulTemplate"], keySpec: string): string {
  const found = Object.keys(template.findResources("AWS::KMS::Key", { Properties: { KeySpec: keySpec } }));
  if (found.length !== 1) throw new Error(`expected one ${keySpec} key, found ${found.length}`);
  return found[0]!;
}

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

  it("has one Ed25519 signing key for evidence: retained, 30-day pending window, no rotation, aliased", () => {
    for (const [synthesized, envName] of [
      [dev, "dev"],
      [prod, "prod"],
    ] as const) {
      const template = synthesized.statefulTemplate;
      // The evidence signing key and the browser-session key.
      template.resourceCountIs("AWS::KMS::Key", 2);
      template.hasResource("AWS::KMS::Key", {
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: Match.objectLike({
          KeySpec: "ECC_NIST_EDWARDS25519",
          KeyUsage: "SIGN_VERIFY",
          PendingWindowInDays: 30,
          Description: Match.stringLikeRegexp(".+"),
          EnableKeyRotation: Match.absent(),
        }),
      });
      const keyId = keyIdOf(template, "ECC_NIST_EDWARDS25519");
      template.resourceCountIs("AWS::KMS::Alias", 2);
      template.hasResourceProperties("AWS::KMS::Alias", {
        AliasName: `alias/pricewarden-evidence-${envName}`,
        TargetKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
      });
      template.hasOutput("EvidenceSigningKeyArn", { Value: { "Fn::GetAtt": [keyId, "Arn"] } });
    }
  });

  it("delegates the signing key to IAM in the account only: no wildcard action, no role in the key policy", () => {
    const key =
      dev.statefulTemplate.findResources("AWS::KMS::Key")[
        keyIdOf(dev.statefulTemplate, "ECC_NIST_EDWARDS25519")
      ];
    const statements = key?.Properties.KeyPolicy.Statement as Array<Record<string, unknown>>;
    const root = {
      "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:iam::${dev.stateful.account}:root`]],
    };
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      expect(statement.Principal).toEqual({ AWS: root });
      for (const action of ([] as unknown[]).concat(statement.Action)) expect(action).not.toContain("*");
    }
    const signing = statements.filter((s) => ([] as unknown[]).concat(s.Action).includes("kms:Sign"));
    expect(signing).toEqual([
      expect.objectContaining({
        Action: "kms:Sign",
        Condition: { StringEquals: { "kms:SigningAlgorithm": "ED25519_SHA_512" } },
      }),
    ]);
    const actions = statements.flatMap((s) => ([] as unknown[]).concat(s.Action));
    for (const notDelegated of ["kms:CreateGrant", "kms:Decrypt", "kms:Encrypt"])
      expect(actions).not.toContain(notDelegated);
  });

  it("has a symmetric key for browser sessions: rotated, retained, 30-day pending window, aliased, output", () => {
    for (const [synthesized, envName] of [
      [dev, "dev"],
      [prod, "prod"],
    ] as const) {
      const template = synthesized.statefulTemplate;
      const keyId = keyIdOf(template, "SYMMETRIC_DEFAULT");
      expect(template.findResources("AWS::KMS::Key")[keyId]).toMatchObject({
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          KeyUsage: "ENCRYPT_DECRYPT",
          EnableKeyRotation: true,
          PendingWindowInDays: 30,
          Description: expect.stringMatching(/browser sessions/),
        },
      });
      template.hasResourceProperties("AWS::KMS::Alias", {
        AliasName: `alias/pricewarden-sessions-${envName}`,
        TargetKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
      });
      template.hasOutput("SessionKeyArn", { Value: { "Fn::GetAtt": [keyId, "Arn"] } });
    }
  });

  it("delegates the session key to IAM in the account only, and its data keys only under a session's encryption context", () => {
    const template = dev.statefulTemplate;
    const key = template.findResources("AWS::KMS::Key")[keyIdOf(template, "SYMMETRIC_DEFAULT")];
    const statements = key?.Properties.KeyPolicy.Statement as Array<Record<string, unknown>>;
    const root = {
      "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:iam::${dev.stateful.account}:root`]],
    };
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      expect(statement.Principal).toEqual({ AWS: root });
      for (const action of ([] as unknown[]).concat(statement.Action)) expect(action).not.toContain("*");
    }
    const actions = statements.flatMap((s) => ([] as unknown[]).concat(s.Action));
    for (const notDelegated of [
      "kms:CreateGrant",
      "kms:Encrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:Sign",
    ])
      expect(actions).not.toContain(notDelegated);
    const uses = statements.filter((s) =>
      ([] as unknown[]).concat(s.Action).some((a) => a === "kms:Decrypt" || a === "kms:GenerateDataKey"),
    );
    expect(uses).toEqual([
      expect.objectContaining({
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Condition: {
          "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": ["tenant", "channel", "session"] },
          Null: {
            "kms:EncryptionContext:tenant": "false",
            "kms:EncryptionContext:channel": "false",
            "kms:EncryptionContext:session": "false",
          },
        },
      }),
    ]);
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
