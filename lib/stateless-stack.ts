import { join } from "node:path";
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { SchedulerEnvironment } from "../functions/aws/scheduler-settings.js";
import { CRAWLER_V8_FLAGS } from "../functions/crawl/v8-flags.js";
import { EVIDENCE_SIGNING_ALGORITHM } from "./constructs/evidence-signing-key.js";
import { PricewardenHttpApi } from "./constructs/http-api.js";
import { MonitoredQueue, standaloneDeadLetterQueue } from "./constructs/monitored-queue.js";
import { PricewardenFunction, type PricewardenFunctionProps } from "./constructs/pricewarden-function.js";
import { SESSION_ENCRYPTION_CONTEXT_CONDITION } from "./constructs/session-key.js";
import { ALL_INDEXES, grantTableAccess } from "./constructs/table-access.js";
import type { DeploymentSettings } from "./environment.js";

export interface StatelessStackProps extends StackProps {
  settings: DeploymentSettings;
  projectRoot: string;
  table: dynamodb.ITable;
  /** Ed25519 key that signs evidence bundles (stateful stack). */
  evidenceKey: kms.IKey;
  /** Symmetric key that seals customers' browser sessions (stateful stack). */
  sessionKey: kms.IKey;
}

const CRAWL_TIMEOUT = Duration.minutes(5);
const RENDER_TIMEOUT = Duration.minutes(3);
/** One page (navigation, settling, screenshot) per invocation; the render worker waits for it. */
const BROWSER_TIMEOUT = Duration.minutes(2);
/** Inside the Lambda bundle of the browser function (see the command hooks below). */
const CHROMIUM_BIN_DIR = "/var/task/chromium-bin";
const CJK_FONT_FILE = "/var/task/fonts/NotoSansSC-Regular.ttf";

/**
 * Functions, queues, the schedule group and alarms. Replaceable at any time: all state is in the
 * stateful stack; tenants' schedules are created in the group at run time, not by the stack.
 *
 *   Scheduler (per tenant) → plan → crawl queue → crawl workers ─┐ discovered targets
 *                                 → render queue → render workers ┘ back onto the queues
 *                                                      │ one page at a time (Invoke)
 *                                                      ▼
 *                                               browser function: Chromium, and a role with no
 *                                               table, queue, bucket or key (signing and evidence
 *                                               writes stay with the render worker)
 *   table stream (alerts with pending deliveries) + 5-min sweep → notifier (concurrency 1)
 */
export class StatelessStack extends Stack {
  readonly functions: Record<"plan" | "crawl" | "render" | "browser" | "notify" | "api", lambda.IFunction>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, table, evidenceKey, sessionKey } = props;
    const evidenceObjects = `arn:${this.partition}:s3:::${settings.evidenceBucketName}/*`;

    const alarmTopic = new sns.Topic(this, "Alarms", {
      enforceSSL: true,
      displayName: `Pricewarden ${settings.envName} alarms`,
    });
    Validations.of(alarmTopic).acknowledge({
      id: "AwsSolutions-SNS2",
      reason:
        "Alarm notifications carry alarm names and metric values only, no tenant data; CloudWatch cannot publish to a topic under the AWS-managed SNS key.",
    });
    if (settings.alarmEmail)
      alarmTopic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));

    const crawlQueue = new MonitoredQueue(this, "Crawl", {
      visibilityTimeout: Duration.seconds(CRAWL_TIMEOUT.toSeconds() * 6),
      alarmTopic,
      maxMessageAge: Duration.hours(2),
    });
    const renderQueue = new MonitoredQueue(this, "Render", {
      visibilityTimeout: Duration.seconds(RENDER_TIMEOUT.toSeconds() * 6),
      alarmTopic,
      maxMessageAge: Duration.hours(2),
    });
    const planFailures = standaloneDeadLetterQueue(
      this,
      "PlanFailures",
      alarmTopic,
      "plan invocations that failed after retries",
    );
    const notifyFailures = standaloneDeadLetterQueue(
      this,
      "NotifyFailures",
      alarmTopic,
      "notifier sweeps that failed after retries",
    );
    const streamFailures = standaloneDeadLetterQueue(
      this,
      "StreamFailures",
      alarmTopic,
      "table stream batches the notifier gave up on",
    );
    const scheduleFailures = standaloneDeadLetterQueue(
      this,
      "ScheduleFailures",
      alarmTopic,
      "schedules that could not invoke their function",
    );
    for (const dlq of [planFailures, notifyFailures, streamFailures, scheduleFailures]) {
      Validations.of(dlq).acknowledge({
        id: "AwsSolutions-SQS3",
        reason:
          "This queue is itself a dead-letter destination (async invoke, stream or schedule failures), alarmed on depth.",
      });
    }

    const queueEnv = {
      TABLE_NAME: table.tableName,
      CRAWL_QUEUE_URL: crawlQueue.queue.queueUrl,
      RENDER_QUEUE_URL: renderQueue.queue.queueUrl,
    };
    const evidenceEnv = {
      EVIDENCE_BUCKET: settings.evidenceBucketName,
      EVIDENCE_KEY_ID: evidenceKey.keyArn,
    };
    const common = {
      projectRoot: props.projectRoot,
      logRetention: settings.isProd ? logs.RetentionDays.SIX_MONTHS : logs.RetentionDays.ONE_MONTH,
      removalPolicy: settings.isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      tracing: settings.tracing,
      metricsNamespace: `Pricewarden/${settings.envName}`,
    } satisfies Partial<PricewardenFunctionProps>;
    const handler = (name: string) => join(props.projectRoot, "functions", "handlers", `${name}.ts`);

    const plan = new PricewardenFunction(this, "Plan", {
      ...common,
      entry: handler("plan"),
      service: "plan",
      description: "Plans a tenant's run: latest config → crawl targets on the queues",
      environment: queueEnv,
      memorySize: 512,
      timeout: Duration.minutes(10),
      deadLetterQueue: planFailures,
      retryAttempts: 2,
    });
    const crawl = new PricewardenFunction(this, "CrawlWorker", {
      ...common,
      entry: handler("crawl"),
      service: "crawl",
      description: "Crawl worker: one SQS batch of targets through processTarget (HTTP fast path)",
      environment: { ...queueEnv, ...evidenceEnv, NODE_OPTIONS: CRAWLER_V8_FLAGS.join(" ") },
      memorySize: 1024,
      timeout: CRAWL_TIMEOUT,
    });
    // Hostile pages render here. Lambda has no user namespaces, so Chromium's sandbox cannot run:
    // the role is what confines an exploit, and it can write its log group only.
    const browser = new PricewardenFunction(this, "Browser", {
      ...common,
      entry: handler("browser"),
      service: "browser",
      description: "Chromium (@sparticuz/chromium) for the render workers: one page per call, no data access",
      environment: { CHROMIUM_BIN_DIR, PRICEWARDEN_CJK_FONT: CJK_FONT_FILE },
      // The npm build of @sparticuz/chromium ships an x86-64 binary only.
      architecture: lambda.Architecture.X86_64,
      memorySize: 2048,
      ephemeralStorageSize: 2048,
      timeout: BROWSER_TIMEOUT,
      extraBundling: {
        // Playwright loads files relative to its package; ship it as a package, not bundled.
        externalModules: ["playwright-core"],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `mkdir -p "${outputDir}/node_modules" "${outputDir}/chromium-bin" "${outputDir}/fonts"`,
            `cp -R "${inputDir}/node_modules/playwright-core" "${outputDir}/node_modules/playwright-core"`,
            `cp "${inputDir}"/node_modules/@sparticuz/chromium/bin/*.br "${outputDir}/chromium-bin/"`,
            `cp "${inputDir}/node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf" "${outputDir}/fonts/NotoSansSC-Regular.ttf"`,
          ],
        },
      },
    });
    const render = new PricewardenFunction(this, "RenderWorker", {
      ...common,
      entry: handler("render"),
      service: "render",
      description: "Crawl worker for render: true channels; pages render in the browser function",
      environment: {
        ...queueEnv,
        ...evidenceEnv,
        BROWSER_FUNCTION_NAME: browser.function.functionName,
        // Opens customers' browser sessions (stored sealed in the table).
        SESSION_KEY_ID: sessionKey.keyArn,
        NODE_OPTIONS: CRAWLER_V8_FLAGS.join(" "),
      },
      memorySize: 1024,
      timeout: RENDER_TIMEOUT,
    });
    // The function itself, not its versions or aliases (`grantInvoke` would add `:*`).
    render.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: [browser.function.functionArn],
      }),
    );
    const notify = new PricewardenFunction(this, "Notifier", {
      ...common,
      entry: handler("notify"),
      service: "notify",
      description: "Delivers pending alert notifications (stream + 5-minute sweep)",
      environment: { TABLE_NAME: table.tableName },
      memorySize: 512,
      timeout: Duration.minutes(5),
      // One drain at a time: two notifiers must never send the same delivery concurrently.
      reservedConcurrentExecutions: 1,
      deadLetterQueue: notifyFailures,
      retryAttempts: 2,
    });

    const api = new PricewardenFunction(this, "Api", {
      ...common,
      entry: handler("api"),
      service: "api",
      description: "HTTP API and dashboard (the same Hono app as the local server)",
      environment: { TABLE_NAME: table.tableName },
      memorySize: 512,
      timeout: Duration.seconds(29),
    });
    const httpApi = new PricewardenHttpApi(this, "Dashboard", {
      handler: api.function,
      envName: settings.envName,
      isProd: settings.isProd,
      logRetention: common.logRetention,
    });
    // Browser sign-in (hosted UI → /auth/callback → session cookie), done by the function.
    for (const [name, value] of Object.entries(httpApi.authEnvironment))
      api.function.addEnvironment(name, value);
    // Notifications link each alert's dashboard page (a tenant's `dashboardUrl` overrides it).
    notify.function.addEnvironment("DASHBOARD_URL", httpApi.api.apiEndpoint);

    // Least privilege: each function gets exactly the data-plane calls it makes.
    grantTableAccess(api.function, table, ["GetItem", "PutItem", "Query"], ["gsi1", "gsi2"]);
    // The plan function also closes the tenant's previous run: it reads what the workers
    // accumulated (Query), counts open alerts (gsi1), saves the summary and the coverage alerts.
    grantTableAccess(plan.function, table, ["GetItem", "PutItem", "Query"], ["gsi1"]);
    for (const worker of [crawl, render]) {
      grantTableAccess(worker.function, table, ["GetItem", "PutItem", "Query"], ALL_INDEXES);
      // Each target's share of its run's coverage is ADDed to the run's channel items.
      grantTableAccess(worker.function, table, ["UpdateItem"]);
      crawlQueue.queue.grantSendMessages(worker.function);
      renderQueue.queue.grantSendMessages(worker.function);
      // PutObject only: the bucket's default Object Lock retention applies; workers cannot change it.
      worker.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [evidenceObjects] }),
      );
      // Sign evidence manifests with pure Ed25519 only, and read the public key (fingerprint).
      // Written as principal-policy statements, not key.grant*: the key policy (stateful stack)
      // stays unchanged, so no reference runs back from it to these roles.
      worker.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ["kms:Sign"],
          resources: [evidenceKey.keyArn],
          conditions: { StringEquals: { "kms:SigningAlgorithm": EVIDENCE_SIGNING_ALGORITHM } },
        }),
      );
      worker.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["kms:GetPublicKey"], resources: [evidenceKey.keyArn] }),
      );
      Validations.of(worker.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${settings.evidenceBucketName}/*]`,
        reason:
          "Evidence object keys are per tenant and per alert, known only at run time; the action is PutObject alone.",
      });
    }
    // Browser sessions (render path only): UpdateItem (granted above) for their health and last
    // use, and for the per-session pacing item every render worker shares; the sealed state opens
    // with kms:Decrypt only, only under a session's encryption context. Importing
    // (GenerateDataKey) is an operator's.
    render.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["kms:Decrypt"],
        resources: [sessionKey.keyArn],
        conditions: SESSION_ENCRYPTION_CONTEXT_CONDITION,
      }),
    );
    crawlQueue.queue.grantSendMessages(plan.function);
    renderQueue.queue.grantSendMessages(plan.function);
    grantTableAccess(notify.function, table, ["GetItem", "PutItem", "Query"], ["gsi3"]);

    crawl.function.addEventSource(
      new sources.SqsEventSource(crawlQueue.queue, {
        // A crawl invocation mostly waits on the sites: 20 targets fetched concurrently cost
        // about the billed time of 5, so GB-s per check drop ~3× (docs/aws.md "Levers").
        batchSize: 20,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        // Caps the account-wide burst on sites and DynamoDB; per-tenant fairness comes from
        // SQS fair queues (messages carry MessageGroupId = tenant).
        maxConcurrency: settings.crawlMaxConcurrency,
      }),
    );
    render.function.addEventSource(
      new sources.SqsEventSource(renderQueue.queue, {
        // One target per invocation: the container's browser serves one config at a time.
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: settings.renderMaxConcurrency,
      }),
    );
    notify.function.addEventSource(
      new sources.DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new sources.SqsDlq(streamFailures),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or("INSERT", "MODIFY"),
            dynamodb: { NewImage: { gsi3pk: { S: lambda.FilterRule.exists() } } },
          }),
        ],
      }),
    );

    // Tenants' schedules are not stack resources: the admin API (and `tenant apply --table`)
    // creates them in this group at run time (functions/aws/scheduler-tenant-schedules.ts).
    const scheduleGroupName = `pricewarden-${settings.envName}`;
    const group = new scheduler.ScheduleGroup(this, "Schedules", { scheduleGroupName });
    const schedulerRole = (fn: PricewardenFunction) => {
      const role = new iam.Role(fn, "SchedulerRole", {
        assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
          conditions: {
            StringEquals: { "aws:SourceAccount": this.account, "aws:SourceArn": group.scheduleGroupArn },
          },
        }),
        description: `EventBridge Scheduler invokes ${fn.node.id}`,
      });
      // The function itself (schedules target its unqualified ARN), and the schedule DLQ.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [fn.function.functionArn] }),
      );
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [scheduleFailures.queueArn] }),
      );
      return role;
    };
    const planInvoker = schedulerRole(plan);
    const notifyInvoker = schedulerRole(notify);
    const schedulerEnvironment: SchedulerEnvironment = {
      TENANT_SCHEDULE_GROUP: scheduleGroupName,
      TENANT_RUN_TARGET_ARN: plan.function.functionArn,
      TENANT_RUN_ROLE_ARN: planInvoker.roleArn,
      TENANT_NOTIFY_TARGET_ARN: notify.function.functionArn,
      TENANT_NOTIFY_ROLE_ARN: notifyInvoker.roleArn,
      TENANT_SCHEDULE_DLQ_ARN: scheduleFailures.queueArn,
    };
    for (const [name, value] of Object.entries(schedulerEnvironment))
      api.function.addEnvironment(name, value);
    // The API function writes tenants' schedules in this group only, and hands Scheduler exactly
    // the two invoker roles; no Delete (tenants are paused, not removed) and no other group.
    const tenantSchedules = `arn:${this.partition}:scheduler:${this.region}:${this.account}:schedule/${scheduleGroupName}/*`;
    api.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule"],
        resources: [tenantSchedules],
      }),
    );
    api.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["iam:PassRole"],
        resources: [planInvoker.roleArn, notifyInvoker.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      }),
    );
    // Tenants' users: created (never changed or deleted) by the admin API in this pool only.
    api.function.addEnvironment("TENANT_USER_POOL_ID", httpApi.userPool.userPoolId);
    api.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["cognito-idp:AdminCreateUser"],
        resources: [httpApi.userPool.userPoolArn],
      }),
    );
    Validations.of(api.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${this.region}:${this.account}:schedule/${scheduleGroupName}/*]`,
      reason:
        "Schedule names are per tenant (run-{tenant}, notify-{tenant}), created at run time; the grant is Create/Update in the platform's own schedule group only.",
    });

    Validations.of(notify.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "dynamodb:ListStreams (added by the stream event source) has no resource-level permissions.",
    });

    for (const fn of [plan, crawl, render, browser, notify, api]) {
      const alarm = fn.function.metricErrors({ period: Duration.minutes(5) }).createAlarm(fn, "Errors", {
        alarmDescription: `${fn.node.id}: invocation errors`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(alarmTopic));
    }
    // Published by the plan function when it closes a tenant's run (functions/aws/run-coverage.ts):
    // a channel that could not see (its tenant also gets a coverage_drop alert), and a run whose
    // summary and coverage alerts could not be written.
    const runMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: common.metricsNamespace,
        metricName,
        dimensionsMap: { service: "plan" },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(5),
      });
    for (const [id, metricName, description] of [
      [
        "BlindChannels",
        "blindChannels",
        "a run closed with a blind channel (coverage below the tenant's threshold)",
      ],
      [
        "RunSummaryFailures",
        "runSummaryFailures",
        "a run's summary and coverage alerts could not be written",
      ],
    ] as const) {
      const alarm = runMetric(metricName).createAlarm(plan, id, {
        alarmDescription: `Plan: ${description}`,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(alarmTopic));
    }

    this.functions = {
      plan: plan.function,
      crawl: crawl.function,
      render: render.function,
      browser: browser.function,
      notify: notify.function,
      api: api.function,
    };
    new CfnOutput(this, "CrawlQueueUrl", { value: crawlQueue.queue.queueUrl });
    // One line for `export $(…)` before `pricewarden tenant … --table` (the CLI's Scheduler settings).
    new CfnOutput(this, "TenantSchedulerEnvironment", {
      description: "Environment for pricewarden tenant apply|pause|resume --table on this deployment",
      value: Fn.join(
        " ",
        Object.entries(schedulerEnvironment).map(([name, value]) => `${name}=${value}`),
      ),
    });
    new CfnOutput(this, "AlarmTopicArn", { value: alarmTopic.topicArn });
  }
}
