import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { KEY_ADMIN_ACTIONS } from "./key-admin-actions.js";

export interface EvidenceSigningKeyProps {
  envName: string;
}

/** The KMS signing algorithm of evidence manifests: pure Ed25519 (docs/evidence.md). */
export const EVIDENCE_SIGNING_ALGORITHM = "ED25519_SHA_512";

/**
 * What the key policy delegates to IAM in the account: the calls CloudFormation makes on the key
 * and its alias (KEY_ADMIN_ACTIONS), plus Verify and GetPublicKey (`kms:Sign` is delegated in its
 * own statement, for pure Ed25519 only). Listed instead of CDK's default `kms:*`, as no Allow
 * statement in the app has a wildcard action. No grant actions: use of the key comes from IAM
 * statements only.
 */
const ACCOUNT_ACTIONS = [...KEY_ADMIN_ACTIONS, "kms:Verify", "kms:GetPublicKey"];

/**
 * Ed25519 key that signs evidence manifests (ED25519_SHA_512, MessageType RAW). Always retained
 * with the longest pending window: bundles signed by it must stay verifiable and the brand
 * publishes its fingerprint. No key rotation: KMS does not rotate asymmetric keys; rotating
 * means a new key and a new published fingerprint.
 */
export class EvidenceSigningKey extends Construct {
  readonly key: kms.Key;
  readonly alias: kms.Alias;

  constructor(scope: Construct, id: string, props: EvidenceSigningKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, "Key", {
      description: `Pricewarden ${props.envName}: signs evidence bundles (Ed25519)`,
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Key policy delegates to IAM in this account; the workers' roles carry their grants.
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "DelegateToIamInAccount",
            principals: [new iam.AccountRootPrincipal()],
            actions: ACCOUNT_ACTIONS,
            resources: ["*"],
          }),
          new iam.PolicyStatement({
            sid: "DelegateEd25519SigningToIamInAccount",
            principals: [new iam.AccountRootPrincipal()],
            actions: ["kms:Sign"],
            resources: ["*"],
            conditions: { StringEquals: { "kms:SigningAlgorithm": EVIDENCE_SIGNING_ALGORITHM } },
          }),
        ],
      }),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alias = this.key.addAlias(`alias/pricewarden-evidence-${props.envName}`);
  }
}
