import type { KMSClient } from "@aws-sdk/client-kms";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  createEvidenceRecorder,
  type EvidenceRecorder,
  type EvidenceRecorderDeps,
} from "../evidence/evidence-recorder.js";
import type { EvidenceSigner } from "../evidence/evidence-signer.js";
import type { EvidenceRepository } from "../store/evidence-repository.js";
import { evidenceSettings } from "./handler-environment.js";
import { createKmsEvidenceSigner } from "./kms-evidence-signer.js";
import { S3BlobStore } from "./s3-blob-store.js";

export interface AwsEvidenceOptions {
  evidence: EvidenceRepository;
  /** Called on the first capture: the SDK clients are loaded then, not at cold start. */
  clients: () => Promise<{ s3: S3Client; kms: KMSClient }>;
  bucket: string;
  keyId: string;
}

/** Builds recorders for a worker container: one KMS signer (public key read once), one bucket. */
export interface AwsEvidence {
  /**
   * A recorder: with `screenshot` where Chromium runs (the render function); with `handOff`
   * where it does not (the crawl function), for tenants that want screenshots.
   */
  recorderFor(opts: Pick<EvidenceRecorderDeps, "screenshot" | "handOff">): EvidenceRecorder;
}

/**
 * Evidence capture on AWS: files into the Object Lock bucket, metadata into the table, manifests
 * signed by the KMS key. Clients and the key's public half are set up on the first capture, not
 * at cold start, so a container that raises no alert never loads them or calls KMS; a failed fetch is retried by the
 * next capture (the failing one fails its target, and SQS redelivers it).
 */
export function createAwsEvidence(options: AwsEvidenceOptions): AwsEvidence {
  let ready: Promise<{ blobs: S3BlobStore; signer: EvidenceSigner }> | undefined;
  const readyOnce = () => {
    if (!ready) {
      ready = options.clients().then(async ({ s3, kms }) => ({
        blobs: new S3BlobStore(s3, options.bucket),
        signer: await createKmsEvidenceSigner(kms, options.keyId),
      }));
      ready.catch(() => {
        ready = undefined;
      });
    }
    return ready;
  };
  return {
    recorderFor(opts) {
      return {
        async afterRecord(check) {
          const { blobs, signer } = await readyOnce();
          const recorder = createEvidenceRecorder({
            evidence: options.evidence,
            blobs,
            signer,
            ...opts,
          });
          return recorder.afterRecord(check);
        },
      };
    },
  };
}

/** The S3 and KMS clients, imported when first needed (the Lambda runtime provides the SDK). */
export async function evidenceClients(region: string): Promise<{ s3: S3Client; kms: KMSClient }> {
  const [{ S3Client }, { KMSClient }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("@aws-sdk/client-kms"),
  ]);
  return { s3: new S3Client({ region }), kms: new KMSClient({ region }) };
}

/**
 * The worker's evidence from its environment: null (and a warning at cold start) when the
 * deployment sets no bucket and key.
 */
export function awsEvidenceFromEnvironment(
  env: { EVIDENCE_BUCKET?: string | undefined; EVIDENCE_KEY_ID?: string | undefined; AWS_REGION: string },
  evidence: EvidenceRepository,
  warn: (message: string) => void,
): AwsEvidence | null {
  const at = evidenceSettings(env);
  if (!at) {
    warn("EVIDENCE_BUCKET/EVIDENCE_KEY_ID unset: alerts get no evidence bundle");
    return null;
  }
  return createAwsEvidence({ evidence, clients: () => evidenceClients(env.AWS_REGION), ...at });
}
