import { type Duration, type RemovalPolicy, Size } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { HANDLER_BUNDLING } from "./bundling-defaults.js";

export interface PricewardenFunctionProps {
  /** Path of the handler module, e.g. functions/handlers/crawl.ts. */
  entry: string;
  /** Repository root: esbuild's working directory and the lock file's home. */
  projectRoot: string;
  /** Powertools service name, also the log group's suffix. */
  service: string;
  description: string;
  environment?: Record<string, string>;
  memorySize?: number;
  timeout: Duration;
  /** Defaults to ARM_64 (cheaper per GB-s); the renderer overrides it for its x86-64 Chromium. */
  architecture?: lambda.Architecture;
  ephemeralStorageSize?: number;
  reservedConcurrentExecutions?: number;
  /** For asynchronously invoked functions (Scheduler): failed events land here. */
  deadLetterQueue?: sqs.IQueue;
  retryAttempts?: number;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
  tracing: boolean;
  metricsNamespace: string;
  extraBundling?: Pick<nodejs.BundlingOptions, "commandHooks" | "externalModules">;
}

/**
 * Lambda defaults set once: Node.js 24 on ARM64, ESM bundle built by the local esbuild, source
 * maps, an explicit log group with retention, Powertools settings, and a role that can write
 * only its own log group (no AWSLambdaBasicExecutionRole managed policy).
 */
export class PricewardenFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PricewardenFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Pricewarden ${props.service} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, "Function", {
      entry: props.entry,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      handler: "handler",
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      ...(props.ephemeralStorageSize
        ? { ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageSize) }
        : {}),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.service,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: "INFO",
        ...props.environment,
      },
      bundling: {
        ...HANDLER_BUNDLING,
        mainFields: [...HANDLER_BUNDLING.mainFields],
        format: nodejs.OutputFormat.ESM,
        externalModules: [
          ...HANDLER_BUNDLING.externalModules,
          ...(props.extraBundling?.externalModules ?? []),
        ],
        forceDockerBundling: false,
        ...(props.extraBundling?.commandHooks ? { commandHooks: props.extraBundling.commandHooks } : {}),
      },
    });
  }
}
