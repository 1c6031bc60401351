import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readDeploymentSettings } from "./environment.js";
import { StatefulStack } from "./stateful-stack.js";
import { StatelessStack } from "./stateless-stack.js";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface PricewardenApp {
  app: App;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * Builds the app for one environment (context `env`, default dev). Tests pass context
 * `aws:cdk:bundling-stacks: []` to skip esbuild; the templates are otherwise identical.
 */
export function buildApp(app: App = new App()): PricewardenApp {
  const settings = readDeploymentSettings(app.node);
  const env = { account: settings.account, region: settings.region };
  const prefix = `Pricewarden-${settings.envName}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    settings,
    description:
      "Pricewarden data: single DynamoDB table, Object Lock evidence bucket, evidence signing key, browser-session key",
    terminationProtection: settings.isProd,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    env,
    settings,
    projectRoot: PROJECT_ROOT,
    table: stateful.table,
    evidenceKey: stateful.evidenceKey,
    sessionKey: stateful.sessionKey,
    description: "Pricewarden pipeline: schedules, plan/crawl/render/notify functions, queues, alarms",
  });
  stateless.addStackDependency(stateful);
  Tags.of(app).add("app", "pricewarden");
  Tags.of(app).add("env", settings.envName);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
