/**
 * The process the kill loops SIGKILL: one store-owning piece of the product per run, importing only
 * what that piece needs (a full CLI start costs ~4x the CPU, too much for hundreds of kills on a
 * loaded machine). Every mode prints a line per step, so the parent can tell what committed.
 *
 *   kill-worker.ts cycle <data-dir> <config>      one monitoring cycle (crawl, record, deliver)
 *   kill-worker.ts status <data-dir> <config> <n>  n status changes, as `pricewarden alerts ack|…` does
 *   kill-worker.ts dashboard <data-dir> <config>  the API/dashboard, until killed
 *   kill-worker.ts startup <data-dir>             open the store (check and rebuild) and close it
 */
import { readFileSync } from "node:fs";
import { createApiApp } from "../../functions/api/api-app.js";
import { localAuthenticator } from "../../functions/api/local-auth.js";
import { startApiServer } from "../../functions/api/local-server.js";
import { verbForStatus } from "../../functions/core/alert-lifecycle.js";
import type { TenantConfig } from "../../functions/core/config.js";
import { parseConfigText } from "../../functions/core/config-text.js";
import { runLocalCycle } from "../../functions/local/local-cycle.js";
import { openLocalStore } from "../../functions/local/local-store.js";

const [mode, dataDir, configFile, count] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);

function loadConfig(file: string): TenantConfig {
  const parsed = parseConfigText(readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(`bad config ${file}`);
  return parsed.config;
}

const STATUSES = ["acknowledged", "resolved", "dismissed"] as const;

if (!dataDir) throw new Error("usage: kill-worker.ts <mode> <data-dir> …");
const store = await openLocalStore(dataDir);
say("open");
if (mode === "cycle") {
  const result = await runLocalCycle(loadConfig(configFile!), store, () => {}, dataDir);
  say(`cycle ${result.summary.runId} delivered ${result.deliveries.delivered}`);
} else if (mode === "status") {
  const config = loadConfig(configFile!);
  const alerts = await store.alerts.list(config.tenant);
  for (let i = 0; i < Number(count) && alerts.length > 0; i++) {
    const alert = alerts[Math.floor(Math.random() * alerts.length)]!;
    const status = STATUSES[Math.floor(Math.random() * STATUSES.length)]!;
    say(`changing ${alert.id} ${status}`);
    // Through the lifecycle, as the CLI and dashboard act: a change its state does not allow is refused.
    const result = await store.alerts.act(config.tenant, alert.id, {
      verb: verbForStatus(status)!,
      by: "kill-loop",
      now: new Date().toISOString(),
    });
    if (result.kind === "changed" || result.kind === "unchanged") say(`committed ${alert.id} ${status}`);
  }
} else if (mode === "dashboard") {
  const config = loadConfig(configFile!);
  const api = await startApiServer({
    app: createApiApp({
      alerts: store.alerts,
      listings: store.listings,
      runs: store.runs,
      configs: (tenant) => (tenant === config.tenant ? config : null),
      authenticate: localAuthenticator(config, { name: "kill-loop" }),
    }),
    port: 0,
    host: "127.0.0.1",
  });
  say(`dashboard ${api.url}`);
  await new Promise(() => {});
} else if (mode !== "startup") {
  throw new Error(`unknown mode ${mode}`);
}
await store.close();
say("closed");
