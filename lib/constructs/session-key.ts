import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { KEY_ADMIN_ACTIONS } from "./key-admin-actions.js";

export interface SessionKeyProps {
  envName: string;
}

/**
 * The encryption context every use of the sessions key carries (functions/aws/kms-session-cipher.ts:
 * the session a data key belongs to), so a data key opens for that session only and CloudTrail
 * names the session on every Decrypt.
 */
export const SESSION_ENCRYPTION_CONTEXT_KEYS = ["tenant", "channel", "session"] as const;

/**
 * IAM condition: the request's encryption context has exactly the keys tenant, channel and
 * session (each present: `ForAllValues` alone would also admit a request with no context).
 */
export const SESSION_ENCRYPTION_CONTEXT_CONDITION: Record<string, Record<string, unknown>> = {
  "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": [...SESSION_ENCRYPTION_CONTEXT_KEYS] },
  Null: Object.fromEntries(
    SESSION_ENCRYPTION_CONTEXT_KEYS.map((key) => [`kms:EncryptionContext:${key}`, "false"]),
  ),
};

/**
 * Symmetric KMS key (ENCRYPT_DECRYPT) that seals customer-owned browser sessions: envelope
 * encryption, a fresh AES-256 data key per stored session (GenerateDataKey), opened by the render
 * function (Decrypt). Rotated yearly by KMS (old key material stays to open older sessions);
 * always retained, 30-day pending window: deleting it makes every stored session unreadable. The
 * key policy delegates to IAM in the account — administration, and GenerateDataKey/Decrypt only
 * under a session's encryption context — and names no role; the render function's Decrypt comes
 * from a statement on its role, operators' imports from their own IAM permissions.
 */
export class SessionKey extends Construct {
  readonly key: kms.Key;
  readonly alias: kms.Alias;

  constructor(scope: Construct, id: string, props: SessionKeyProps) {
    super(scope, id);
    const root = new iam.AccountRootPrincipal();
    this.key = new kms.Key(this, "Key", {
      description: `Pricewarden ${props.envName}: seals customer browser sessions (envelope encryption)`,
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      enableKeyRotation: true,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "DelegateAdministrationToIamInAccount",
            principals: [root],
            actions: [...KEY_ADMIN_ACTIONS],
            resources: ["*"],
          }),
          new iam.PolicyStatement({
            sid: "DelegateSessionEnvelopesToIamInAccount",
            principals: [root],
            actions: ["kms:GenerateDataKey", "kms:Decrypt"],
            resources: ["*"],
            conditions: SESSION_ENCRYPTION_CONTEXT_CONDITION,
          }),
        ],
      }),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alias = this.key.addAlias(`alias/pricewarden-sessions-${props.envName}`);
  }
}
