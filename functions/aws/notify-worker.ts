import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { DynamoDBBatchResponse } from "aws-lambda";
import * as z from "zod";
import { type DeliverSummary, deliverPending } from "../notify/deliver-pending.js";
import type { NotifySend } from "../notify/notify-sender.js";
import type { ConfigRepository } from "../store/config-repository.js";
import { PlanEventSchema } from "./plan-worker.js";

const StreamRecordSchema = z
  .object({
    eventSource: z.literal("aws:dynamodb"),
    dynamodb: z
      .object({
        SequenceNumber: z.string().min(1),
        NewImage: z
          .object({ pk: z.object({ S: z.string() }).loose() })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();

const StreamEventSchema = z.object({ Records: z.array(StreamRecordSchema).min(1) });

/** Table stream batches (alerts with pending deliveries) or the 5-minute per-tenant sweep. */
export const NotifyEventSchema = z.union([StreamEventSchema, PlanEventSchema]);

export interface NotifyWorkerDeps {
  configs: ConfigRepository;
  alerts: Parameters<typeof deliverPending>[0]["alerts"];
  send: NotifySend;
  resolveSecret: (ref: string) => string | undefined;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
  /** The dashboard's address when a tenant config names none (the HTTP API's endpoint). */
  dashboardUrl?: string;
}

/** `T#{tenant}#A#{alertId}` → tenant; tenant ids never contain `#`. */
export function tenantOfKey(pk: string): string | null {
  const match = /^T#([a-z0-9][a-z0-9-]*)(#|$)/.exec(pk);
  return match?.[1] ?? null;
}

/**
 * Drains due deliveries per tenant. Deliveries live on the alert item, so draining is idempotent
 * and a stream record only says *which* tenant to drain; the function's reserved concurrency of
 * one keeps two drains from sending the same delivery at once (and from sharing a robot's send
 * window). Stream records drain per-alert targets; the sweep also sends the digests.
 */
export function createNotifyWorker(
  deps: NotifyWorkerDeps,
): (event: unknown) => Promise<DynamoDBBatchResponse | DeliverSummary> {
  const drain = async (tenant: string, digests: boolean): Promise<DeliverSummary> => {
    const latest = await deps.configs.latest(tenant);
    if (!latest) {
      deps.logger.warn("no config for tenant; deliveries stay pending", { tenant });
      return { delivered: 0, retrying: 0, failed: 0, held: 0 };
    }
    const summary = await deliverPending({
      config: latest.config,
      alerts: deps.alerts,
      send: deps.send,
      now: deps.now ?? (() => new Date()),
      resolveSecret: deps.resolveSecret,
      digests,
      ...(deps.dashboardUrl ? { dashboardUrl: deps.dashboardUrl } : {}),
    });
    deps.logger.info("deliveries drained", { tenant, ...summary });
    deps.metrics.addMetric("deliveriesSent", MetricUnit.Count, summary.delivered);
    deps.metrics.addMetric("deliveriesRetrying", MetricUnit.Count, summary.retrying);
    deps.metrics.addMetric("deliveriesFailed", MetricUnit.Count, summary.failed);
    deps.metrics.addMetric("deliveriesHeld", MetricUnit.Count, summary.held);
    return summary;
  };

  return async (event) => {
    const parsed = NotifyEventSchema.parse(event);
    try {
      // Digest targets are sent by the periodic sweep only: a cycle's alerts reach the stream one
      // record at a time, and each record's drain would otherwise send a digest of one.
      if (!("Records" in parsed)) return await drain(parsed.tenant, true);
      // Records arrive in sequence order; a failed tenant reports its first record so the stream
      // retries from there (later records of drained tenants are harmless to see twice).
      const firstRecordOf = new Map<string, string>();
      for (const record of parsed.Records) {
        const pk = record.dynamodb.NewImage?.pk.S;
        const tenant = pk ? tenantOfKey(pk) : null;
        if (tenant && !firstRecordOf.has(tenant)) firstRecordOf.set(tenant, record.dynamodb.SequenceNumber);
      }
      const failures: Array<{ itemIdentifier: string }> = [];
      for (const [tenant, sequenceNumber] of firstRecordOf) {
        try {
          await drain(tenant, false);
        } catch (error) {
          deps.logger.error("drain failed", { tenant, error });
          failures.push({ itemIdentifier: sequenceNumber });
        }
      }
      return { batchItemFailures: failures };
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}
