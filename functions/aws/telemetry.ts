import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

/** Service name and namespace come from POWERTOOLS_* variables set by the CDK construct. */
export function createTelemetry(serviceName: string): Telemetry {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({
      serviceName,
      namespace: process.env["POWERTOOLS_METRICS_NAMESPACE"] ?? "Pricewarden",
    }),
  };
}
