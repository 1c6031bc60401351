import { resolve } from "node:path";
import type { Command } from "commander";
import type { TenantConfig } from "../../core/config.js";
import type { CliText } from "../../text/cli-text.js";
import type { WalledMarket } from "../walled-market/walled-market.js";
import { dataDirOption, err, out } from "./command-io.js";
import { type LoadedConfig, loadConfig, printConfigWarnings } from "./load-config.js";
import { UsageError } from "./usage-error.js";

const DEMO_HOST = "127.0.0.1:8790";

export function registerStart(program: Command, t: CliText): void {
  program
    .command("start")
    .description(t.help.start)
    .option("--config <file>", t.help.startConfig)
    .option("--port <port>", t.help.dashboardPort, "8787")
    .addOption(dataDirOption(t))
    .action(async (opts: { config?: string; port: string; dataDir: string }, command: Command) => {
      const [{ portNumber, untilSignal }, { startDemoSite }, walledDemo, { demoConfigPath }] =
        await Promise.all([
          import("./until-signal.js"),
          import("../demo-site/demo-site.js"),
          import("../walled-demo.js"),
          import("../package-root.js"),
        ]);
      let loaded: LoadedConfig;
      let closeDemo = async () => {};
      let walled: WalledMarket | null = null;
      if (opts.config) {
        loaded = await loadConfig(opts.config, command);
      } else {
        // The demo marketplaces run on 127.0.0.1: starting the demo is the operator's opt-in to local targets.
        process.env["PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES"] ??= "1";
        const site = await startDemoSite({ port: 8790 }).catch(() => startDemoSite({ port: 0 }));
        walled = await walledDemo.startWalledDemo();
        const market = walled;
        closeDemo = async () => {
          await site.close();
          await market.close();
        };
        const host = new URL(site.url).host;
        const walledHost = new URL(walled.url).host;
        loaded = await loadConfig(demoConfigPath(), command, (text) =>
          text.replaceAll(DEMO_HOST, host).replaceAll(walledDemo.WALLED_DEMO_HOST, walledHost),
        );
        out(loaded.t.start.demoSite(site.url, demoConfigPath()));
        out(loaded.t.start.walledSite(walled.url));
      }
      printConfigWarnings(loaded);
      const config: TenantConfig = loaded.config;
      const t = loaded.t;
      const port = portNumber(opts.port, t);
      const [
        { rememberTenant },
        { openLocalStore },
        { startApiServer },
        { createApiApp },
        { localAuthenticator },
      ] = await Promise.all([
        import("../tenant-registry.js"),
        import("../local-store.js"),
        import("../../api/local-server.js"),
        import("../../api/api-app.js"),
        import("../../api/local-auth.js"),
      ]);
      const [{ EvidenceRepository }, { importEvidenceRecorder }, { startSchedulerLoop }, { userInfo }] =
        await Promise.all([
          import("../../store/evidence-repository.js"),
          import("../local-cycle.js"),
          import("../start-local.js"),
          import("node:os"),
        ]);
      rememberTenant(opts.dataDir, config.tenant);
      const store = await openLocalStore(opts.dataDir, { publish: true });
      if (walled) {
        const signedIn = await walledDemo.signInDemoSession(config, walled, store.sessions);
        if (signedIn) out(t.start.demoSession(signedIn.id, signedIn.channel));
      }
      const api = await startApiServer({
        app: createApiApp({
          alerts: store.alerts,
          listings: store.listings,
          runs: store.runs,
          configs: (tenant) => (tenant === config.tenant ? config : null),
          evidence: new EvidenceRepository(store.doc, store.tableName),
          // The alert page's "Download evidence": the same signed bundle as `evidence export`.
          evidenceExport: (await import("../local-evidence-export.js")).localEvidenceExporter(
            store,
            opts.dataDir,
          ),
          authenticate: localAuthenticator(config, { name: userInfo().username }),
          // Uploaded HARs get signed evidence; their notifications go out with the scheduler's drain.
          imports: { evidence: importEvidenceRecorder(store, opts.dataDir) },
        }),
        port,
        host: "127.0.0.1",
      }).catch(async (error: NodeJS.ErrnoException) => {
        // Nothing may keep the process alive after a failed start: close what was opened.
        await store.close();
        await closeDemo();
        if (error.code === "EADDRINUSE") throw new UsageError(t.start.portInUse(opts.port));
        if (error.code === "EACCES") throw new UsageError(t.start.portPrivileged(opts.port));
        throw error;
      });
      out(t.start.dashboard(api.url));
      out(t.start.dataIn(resolve(opts.dataDir), opts.dataDir));
      const loop = startSchedulerLoop(config, store, opts.dataDir, { out, err }, t);
      await untilSignal();
      err(t.start.stopping);
      await loop.stop();
      await api.close();
      await store.close();
      await closeDemo();
    });
}
