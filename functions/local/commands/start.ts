import { resolve } from "node:path";
import type { Command } from "commander";
import type { TenantConfig } from "../../core/config.js";
import type { CliText } from "../../text/cli-text.js";
import type { SupervisorEvent } from "../tenant-supervisor.js";
import type { WalledMarket } from "../walled-market/walled-market.js";
import { commandText, dataDirOption, err, out } from "./command-io.js";
import { type LoadedConfig, loadConfig, printConfigWarnings } from "./load-config.js";
import { UsageError } from "./usage-error.js";

const DEMO_HOST = "127.0.0.1:8790";
/** How often `start` reads the tenant registry: a `tenant apply` elsewhere runs within this. */
const TENANT_POLL_MS = 2000;

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
      const [
        { ConfigRepository },
        { TenantRepository },
        { applyTenant },
        { LocalTenantSchedules },
        { startTenantSupervisor },
        { registeredConfigs },
      ] = await Promise.all([
        import("../../store/config-repository.js"),
        import("../../store/tenant-repository.js"),
        import("../../stages/tenant-admin.js"),
        import("../local-tenant-schedules.js"),
        import("../tenant-supervisor.js"),
        import("../registered-configs.js"),
      ]);
      rememberTenant(opts.dataDir, config.tenant);
      const store = await openLocalStore(opts.dataDir, { publish: true, ownThread: true });
      const configs = new ConfigRepository(store.doc, store.tableName);
      const tenants = new TenantRepository(store.doc, store.tableName);
      // The config given (or the demo) is registered like `tenant apply`; then every registered
      // tenant of this data directory runs, and tenants applied later join without a restart.
      const applied = await applyTenant(
        {
          configs,
          tenants,
          schedules: new LocalTenantSchedules(),
          now: () => new Date(),
          by: userInfo().username,
        },
        config,
      );
      if (applied.record.state === "paused")
        err(`[pricewarden] ${t.tenant.supervisor.startPaused(config.tenant)}`);
      if (walled) {
        const signedIn = await walledDemo.signInDemoSession(config, walled, store.sessions);
        if (signedIn) out(t.start.demoSession(signedIn.id, signedIn.channel));
      }
      const tenantConfigs = registeredConfigs(tenants, configs);
      const api = await startApiServer({
        app: createApiApp({
          alerts: store.alerts,
          listings: store.listings,
          runs: store.runs,
          configs: tenantConfigs,
          evidence: new EvidenceRepository(store.doc, store.tableName),
          // The alert page's "Download evidence": the same signed bundle as `evidence export`.
          evidenceExport: (await import("../local-evidence-export.js")).localEvidenceExporter(
            store,
            opts.dataDir,
          ),
          // Every registered tenant can be viewed: the dashboard offers the choice, the default is `config`'s.
          authenticate: localAuthenticator(config, {
            name: userInfo().username,
            registered: { tenants, configs: tenantConfigs },
          }),
          localTenants: tenants,
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
      // The tenants already registered start as a single-tenant start always did, without a line
      // of their own; what changes afterwards is said.
      let announce = false;
      const supervisor = startTenantSupervisor({
        registry: tenants,
        configs,
        startLoop: (tenantConfig) => {
          rememberTenant(opts.dataDir, tenantConfig.tenant);
          return startSchedulerLoop(
            tenantConfig,
            store,
            opts.dataDir,
            { out, err },
            commandText(command, tenantConfig),
          );
        },
        pollMs: TENANT_POLL_MS,
        onEvent: (event) => {
          if (event.kind !== "started" || announce) err(`[pricewarden] ${supervisorEventText(event, t)}`);
        },
      });
      await supervisor.ready;
      announce = true;
      await untilSignal();
      err(t.start.stopping);
      await supervisor.stop();
      await api.close();
      await store.close();
      await closeDemo();
    });
}

function supervisorEventText(event: SupervisorEvent, t: CliText): string {
  const s = t.tenant.supervisor;
  switch (event.kind) {
    case "started":
      return s.started(event.tenant, event.spec.configVersion, event.spec.schedule);
    case "stopped":
      if (event.why === "changed") return s.stoppedChanged(event.tenant, event.spec.configVersion);
      return event.why === "paused" ? s.stoppedPaused(event.tenant) : s.stoppedUnregistered(event.tenant);
    case "config_missing":
      return s.configMissing(event.tenant, event.configVersion);
    case "config_unreadable":
      return s.configUnreadable(event.tenant, event.message);
    case "registry_unreadable":
      return s.registryUnreadable(event.message);
  }
}
