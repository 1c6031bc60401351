import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import type { EvidenceSigner } from "../evidence/evidence-signer.js";
import { AlertRepository } from "../store/alert-repository.js";
import type { BlobStore } from "../store/blob-store.js";
import { createDocumentClient } from "../store/dynamo-client.js";
import { EvidenceRepository } from "../store/evidence-repository.js";
import { createKmsEvidenceSigner } from "./kms-evidence-signer.js";
import { S3BlobStore } from "./s3-blob-store.js";

export interface AwsEvidenceSourceOptions {
  tableName: string;
  bucket: string;
  kmsKeyId: string;
  region: string;
  /** A local DynamoDB (dynalite); unset on AWS. */
  dynamodbEndpoint?: string;
}

export interface AwsEvidenceSources {
  alerts: AlertRepository;
  evidence: EvidenceRepository;
  blobs: BlobStore;
  signer: EvidenceSigner;
  /** Releases the clients this call created (not the ones passed in). */
  close(): void;
}

/**
 * What an export reads on AWS: alert and evidence items from the table, the bundle's objects from
 * the evidence bucket, and the KMS key that signed the captures (which signs the export too).
 * Credentials come from the SDK's default chain.
 */
export async function openAwsEvidenceSources(
  options: AwsEvidenceSourceOptions,
  clients: { kms?: KMSClient; s3?: S3Client } = {},
): Promise<AwsEvidenceSources> {
  const doc = createDocumentClient({
    region: options.region,
    ...(options.dynamodbEndpoint ? { endpoint: options.dynamodbEndpoint } : {}),
  });
  const kms = clients.kms ?? new KMSClient({ region: options.region });
  const s3 = clients.s3 ?? new S3Client({ region: options.region });
  const close = () => {
    doc.destroy();
    if (!clients.kms) kms.destroy();
    if (!clients.s3) s3.destroy();
  };
  let signer: EvidenceSigner;
  try {
    signer = await createKmsEvidenceSigner(kms, options.kmsKeyId);
  } catch (error) {
    close();
    throw error;
  }
  return {
    alerts: new AlertRepository(doc, options.tableName),
    evidence: new EvidenceRepository(doc, options.tableName),
    blobs: new S3BlobStore(s3, options.bucket),
    signer,
    close,
  };
}
