import { toAlertView } from "../core/alert-view.js";
import type { TenantConfig } from "../core/config.js";
import { nextRunAfter } from "../core/schedule.js";
import { deliverPending } from "../notify/deliver-pending.js";
import { sendNotification } from "../notify/notify-senders.js";
import { type CliText, cliText } from "../text/cli-text.js";
import { formatAlertTable } from "./alert-table.js";
import { blindLines, formatCoverageTable } from "./coverage-table.js";
import { resolveEnvSecret, runLocalCycle } from "./local-cycle.js";
import type { LocalStore } from "./local-store.js";

export interface SchedulerLoop {
  /** Resolves after the work in progress (if any) finished. */
  stop(): Promise<void>;
}

const DELIVERY_POLL_MS = 15_000;

/**
 * The local scheduler: a cycle now, then on the config's schedule, and webhook retries between
 * cycles. All work runs one piece at a time on one chain, so two drains never send the same
 * delivery concurrently; a failed cycle is logged and the next one still runs.
 */
export function startSchedulerLoop(
  config: TenantConfig,
  store: LocalStore,
  dataDir: string,
  io: { out: (text: string) => void; err: (text: string) => void },
  t: CliText = cliText("en"),
): SchedulerLoop {
  const clock = { timeZone: config.timezone };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let cycleQueued = false;
  const serial = (work: () => Promise<void>) => {
    chain = chain.then(work, work);
    return chain;
  };

  const cycle = async () => {
    cycleQueued = false;
    if (stopped) return;
    const started = Date.now();
    io.err(`[pricewarden] ${t.loop.started(config.tenant)}`);
    try {
      const { summary, deliveries } = await runLocalCycle(
        config,
        store,
        (m) => io.err(`[pricewarden] ${m}`),
        dataDir,
      );
      const open = await store.alerts.list(config.tenant, { statuses: ["open", "acknowledged"] });
      io.out(`\n[pricewarden] ${t.loop.done(summary, deliveries)}`);
      io.out(
        formatAlertTable(
          open.map((a) => toAlertView(a, t.locale)),
          t,
        ),
      );
      // What each channel could see this cycle (the session channel's pages among them).
      if (summary.channels) io.out(`\n${formatCoverageTable(summary.channels, t)}`);
      // Ran, but could not see: said on every cycle, since no alert table shows it as plainly.
      for (const line of blindLines(summary, t)) io.err(`[pricewarden] ${line}`);
    } catch (error) {
      io.err(`[pricewarden] ${t.loop.failed(Date.now() - started, (error as Error).message)}`);
    }
  };

  const drain = async () => {
    if (stopped) return;
    try {
      const d = await deliverPending({
        config,
        alerts: store.alerts,
        send: sendNotification,
        now: () => new Date(),
        resolveSecret: resolveEnvSecret,
      });
      if (d.delivered + d.failed > 0) io.err(`[pricewarden] ${t.run.deliveries(d)}`);
    } catch (error) {
      io.err(`[pricewarden] ${t.loop.deliveryFailed((error as Error).message)}`);
    }
  };

  const schedule = () => {
    if (stopped) return;
    const next = nextRunAfter(config.schedule, config.timezone, new Date());
    io.err(`[pricewarden] ${t.loop.next(next, config.schedule, clock)}`);
    timer = setTimeout(
      () => {
        cycleQueued = true;
        void serial(cycle).then(schedule);
      },
      Math.max(1000, next.getTime() - Date.now()),
    );
  };

  const poller = setInterval(() => {
    if (!cycleQueued) void serial(drain);
  }, DELIVERY_POLL_MS);

  cycleQueued = true;
  void serial(cycle).then(schedule);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(poller);
      await chain;
    },
  };
}
