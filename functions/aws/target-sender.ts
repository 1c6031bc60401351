import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import type { CrawlMessage } from "./crawl-message.js";

export interface TargetQueues {
  crawlQueueUrl: string;
  /** Targets of `render: true` channels go here, to the Chromium worker. */
  renderQueueUrl: string;
}

export interface SendOptions {
  /** Retries of entries SQS reported as failed (throttling, internal errors). */
  retries?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Each message becomes visible this many seconds after it is sent (0..900; SQS's DelaySeconds). */
  delaySeconds?: number;
}

/** SQS takes at most 10 entries per SendMessageBatch. */
const BATCH_SIZE = 10;

export function queueFor(config: TenantConfig, queues: TargetQueues, message: CrawlMessage): string {
  const channel = config.channels.find((c) => c.id === message.target.channel);
  return channel?.render ? queues.renderQueueUrl : queues.crawlQueueUrl;
}

/**
 * Sends every message, routed by channel, in batches of 10; entries SQS rejects are re-sent
 * with backoff. Throws only when some are still unsent, so the caller fails (and is retried).
 */
export async function sendCrawlMessages(
  sqs: SQSClient,
  config: TenantConfig,
  queues: TargetQueues,
  messages: readonly CrawlMessage[],
  opts: SendOptions = {},
): Promise<{ sent: number }> {
  const byQueue = new Map<string, CrawlMessage[]>();
  for (const message of messages) {
    const url = queueFor(config, queues, message);
    byQueue.set(url, [...(byQueue.get(url) ?? []), message]);
  }
  const batches: Array<{ url: string; entries: SendMessageBatchRequestEntry[] }> = [];
  for (const [url, list] of byQueue) {
    for (let i = 0; i < list.length; i += BATCH_SIZE) {
      batches.push({
        url,
        entries: list
          .slice(i, i + BATCH_SIZE)
          // On a standard queue the group id turns on SQS fair queueing: a tenant with a huge
          // backlog does not delay the others' messages.
          .map((m, j) => ({
            Id: String(i + j),
            MessageBody: JSON.stringify(m),
            MessageGroupId: m.tenant,
            ...(opts.delaySeconds ? { DelaySeconds: clampDelay(opts.delaySeconds) } : {}),
          })),
      });
    }
  }
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      sent += await sendBatch(sqs, batch.url, batch.entries, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return { sent };
}

/** SQS accepts a per-message delay of 0 to 900 s, in whole seconds. */
function clampDelay(seconds: number): number {
  return Math.min(900, Math.max(0, Math.ceil(seconds)));
}

async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  entries: SendMessageBatchRequestEntry[],
  opts: SendOptions,
): Promise<number> {
  const retries = opts.retries ?? 4;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let pending = entries;
  let lastReason = "";
  for (let attempt = 0; attempt <= retries && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(100 * 2 ** (attempt - 1));
    try {
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      // Sender faults (a malformed entry) will not succeed on retry.
      const fatal = (out.Failed ?? []).find((f) => f.SenderFault);
      if (fatal) {
        throw new PricewardenError(
          "INTERNAL",
          `SQS refused message ${fatal.Id}: ${fatal.Code} ${fatal.Message ?? ""}`,
        );
      }
      lastReason = (out.Failed ?? []).map((f) => f.Code).join(", ");
      pending = pending.filter((e) => failed.has(e.Id));
    } catch (error) {
      if (error instanceof PricewardenError) throw error;
      lastReason = (error as Error).name || String(error);
      if (attempt === retries) {
        throw new PricewardenError("INTERNAL", `SendMessageBatch to ${queueUrl} failed: ${lastReason}`, {
          cause: error,
        });
      }
    }
  }
  if (pending.length > 0) {
    throw new PricewardenError(
      "INTERNAL",
      `${pending.length} messages not accepted by ${queueUrl} after ${retries} retries (${lastReason})`,
    );
  }
  return entries.length;
}
