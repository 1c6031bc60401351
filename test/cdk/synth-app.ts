import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp, type PricewardenApp } from "../../lib/app.js";

export interface SynthesizedApp extends PricewardenApp {
  stateful: PricewardenApp["stateful"];
  statefulTemplate: Template;
  statelessTemplate: Template;
}

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};

/**
 * The app as `cdk synth` builds it (cdk.json context included), minus esbuild: an empty
 * bundling-stacks list makes NodejsFunction skip bundling, keeping these tests fast.
 */
export function synthApp(context: Record<string, unknown> = {}): SynthesizedApp {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), "pricewarden-cdk-")),
    context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [], ...context },
  });
  const built = buildApp(app);
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
  };
}
