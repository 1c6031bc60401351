import { NotifyEnvironmentSchema, readEnvironment } from "../aws/handler-environment.js";
import { createNotifyWorker } from "../aws/notify-worker.js";
import { createAwsStore } from "../aws/store-clients.js";
import { createTelemetry } from "../aws/telemetry.js";
import { sendNotification } from "../notify/notify-senders.js";

const env = readEnvironment(NotifyEnvironmentSchema);
const { logger, metrics } = createTelemetry("notify");
const store = createAwsStore(env);

export const handler = createNotifyWorker({
  configs: store.configs,
  alerts: store.alerts,
  send: sendNotification,
  // `env:NAME` refs resolve against this function's environment (set at deploy, never in the config).
  resolveSecret: (ref) => (ref.startsWith("env:") ? process.env[ref.slice(4)] : undefined),
  ...(env.DASHBOARD_URL ? { dashboardUrl: env.DASHBOARD_URL } : {}),
  logger,
  metrics,
});
