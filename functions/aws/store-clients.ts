import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AlertRepository } from "../store/alert-repository.js";
import { ConfigRepository, type ConfigVersion } from "../store/config-repository.js";
import { createDocumentClient } from "../store/dynamo-client.js";
import { EvidenceRepository } from "../store/evidence-repository.js";
import { ListingRepository } from "../store/listing-repository.js";
import { RunCoverageRepository } from "../store/run-coverage-repository.js";
import { RunRepository } from "../store/run-repository.js";

export interface AwsStore {
  doc: DynamoDBDocumentClient;
  alerts: AlertRepository;
  listings: ListingRepository;
  runs: RunRepository;
  /** A run's coverage as its workers add to it, and the runs the plan function has open. */
  runCoverage: RunCoverageRepository;
  configs: ConfigRepository;
  evidence: EvidenceRepository;
}

export function createAwsStore(env: {
  TABLE_NAME: string;
  DYNAMODB_ENDPOINT?: string | undefined;
  AWS_REGION: string;
}): AwsStore {
  const doc = createDocumentClient({
    region: env.AWS_REGION,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
  });
  return {
    doc,
    alerts: new AlertRepository(doc, env.TABLE_NAME),
    listings: new ListingRepository(doc, env.TABLE_NAME),
    runs: new RunRepository(doc, env.TABLE_NAME),
    runCoverage: new RunCoverageRepository(doc, env.TABLE_NAME),
    configs: new ConfigRepository(doc, env.TABLE_NAME),
    evidence: new EvidenceRepository(doc, env.TABLE_NAME),
  };
}

/**
 * Config versions are immutable, so a warm worker keeps them for its lifetime; the bound stops
 * a long-lived container from growing without limit as tenants publish.
 */
export class ConfigVersionCache {
  private readonly entries = new Map<string, Promise<ConfigVersion | null>>();

  constructor(
    private readonly configs: ConfigRepository,
    private readonly maxEntries = 64,
  ) {}

  get(tenant: string, version: string): Promise<ConfigVersion | null> {
    const key = `${tenant}@${version}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.configs.get(tenant, version);
      // Misses and failures are not cached: the version may be published a moment later.
      entry.then(
        (found) => {
          if (!found) this.entries.delete(key);
        },
        () => this.entries.delete(key),
      );
      this.entries.set(key, entry);
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return entry;
  }
}
