/**
 * The KMS actions a key policy delegates to IAM in the account for managing a key and its alias:
 * what CloudFormation calls, and what an administrator needs to look at, tag, rotate, disable or
 * schedule the deletion of a key. Listed instead of CDK's default `kms:*` (no Allow statement in
 * the app has a wildcard action); no grant actions; the keys' own uses (Sign, GenerateDataKey,
 * Decrypt) are delegated in statements of their own, under conditions.
 */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:ListKeyPolicies",
  "kms:PutKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListKeyRotations",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:ListResourceTags",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateKeyDescription",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
];
