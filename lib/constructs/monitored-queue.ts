import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface MonitoredQueueProps {
  /** Six times the consumer's timeout, as AWS recommends for Lambda event sources. */
  visibilityTimeout: Duration;
  alarmTopic: sns.ITopic;
  /** Receives before a message is parked in the DLQ. */
  maxReceiveCount?: number;
  /** Alarm when the oldest message waits longer than this (the backlog is not draining). */
  maxMessageAge?: Duration;
}

/** A work queue with its DLQ, both encrypted and TLS-only, and an alarm on any DLQ message. */
export class MonitoredQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MonitoredQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, "Dlq", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, "Queue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    dlqDepthAlarm(this, "DlqDepth", this.deadLetterQueue, props.alarmTopic, `${id} dead letters`);
    if (props.maxMessageAge) {
      const alarm = this.queue
        .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5) })
        .createAlarm(this, "Age", {
          alarmDescription: `${id}: oldest message older than ${props.maxMessageAge.toHumanString()}`,
          threshold: props.maxMessageAge.toSeconds(),
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
      alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
    }
  }
}

/** Any message in a DLQ is work that failed for good: alarm on the first one. */
export function dlqDepthAlarm(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  topic: sns.ITopic,
  description: string,
): cloudwatch.Alarm {
  const alarm = queue
    .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })
    .createAlarm(scope, id, {
      alarmDescription: description,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  return alarm;
}

/** A bare DLQ for an event source or async destination (nothing redrives into it). */
export function standaloneDeadLetterQueue(
  scope: Construct,
  id: string,
  topic: sns.ITopic,
  description: string,
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  dlqDepthAlarm(scope, `${id}Depth`, queue, topic, description);
  return queue;
}
