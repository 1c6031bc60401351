/**
 * Publishes tenant configs into a deployed table as a new version (a no-op when unchanged):
 *   npx tsx lib/publish-config.ts --table <TableName output> [--region r] tenants/acme.yaml …
 * The next scheduled run plans with it; runs already queued keep the version they started with.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseConfigText } from "../functions/core/config-text.js";
import { ConfigRepository } from "../functions/store/config-repository.js";
import { createDocumentClient } from "../functions/store/dynamo-client.js";

const { values, positionals } = parseArgs({
  options: { table: { type: "string" }, region: { type: "string" }, endpoint: { type: "string" } },
  allowPositionals: true,
});
if (!values.table || positionals.length === 0) {
  process.stderr.write("usage: publish-config --table NAME [--region R] CONFIG_FILE...\n");
  process.exit(2);
}
const doc = createDocumentClient({
  ...(values.region ? { region: values.region } : {}),
  ...(values.endpoint ? { endpoint: values.endpoint } : {}),
});
const repo = new ConfigRepository(doc, values.table);
let failed = false;
for (const file of positionals) {
  const result = parseConfigText(readFileSync(file, "utf8"));
  if (!result.ok) {
    failed = true;
    for (const issue of result.issues) process.stderr.write(`${file}: ${issue.path}: ${issue.message}\n`);
    continue;
  }
  const published = await repo.publish(result.config, new Date());
  process.stdout.write(`${result.config.tenant}: ${published.kind} version ${published.version}\n`);
}
doc.destroy();
process.exit(failed ? 2 : 0);
