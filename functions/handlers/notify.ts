import { NotifyEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { createNotifyWorker } from "../aws/notify-worker.js";
import { createAwsStore } from "../aws/store-clients.js";
import { createTelemetry } from "../aws/telemetry.js";
import { resolveEnvSecret } from "../notify/env-secrets.js";
import { sendNotification } from "../notify/notify-senders.js";

const env = readEnvironment(NotifyEnvironmentSchema);
const { logger, metrics } = createTelemetry("notify");
const store = createAwsStore(env);

export const handler = createNotifyWorker({
  configs: store.configs,
  alerts: store.alerts,
  send: sendNotification,
  // `env:NAME` refs resolve against this function's environment (set at deploy, never in the
  // config), and only for names on the operator's allow-list: never AWS_SECRET_ACCESS_KEY.
  resolveSecret: (ref) => resolveEnvSecret(ref),
  ...(env.DASHBOARD_URL ? { dashboardUrl: env.DASHBOARD_URL } : {}),
  logger,
  metrics,
});
