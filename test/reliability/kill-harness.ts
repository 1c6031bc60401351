/**
 * Kill -9 loops against the local store (issue 14, item 6): the product's store-owning processes
 * (test/reliability/kill-worker.ts) are SIGKILLed at random points chosen by events — the n-th
 * write to LevelDB's log, the n-th webhook call, a line on stdout — never by a timer. After every
 * kill the store is opened again in this process and checked: every item against every index
 * (LevelDB level, before the start-up rebuild), every alert list against the alert items (SDK
 * level), no alert lost, no committed status change lost, no delivery marked delivered that the
 * receiver never accepted, no pending delivery outside the delivery index. Shared by
 * test/reliability/kill-loops.test.ts (a few dozen kills) and bench/kill-loops.ts (hundreds).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { type FSWatcher, mkdirSync, mkdtempSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Level } from "level";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { DEMO_TRUTH } from "../../functions/local/demo-site/truth.js";
import { startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { inconsistencyCount } from "../../functions/local/index-consistency.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { demoConfigText } from "../support/demo-stack.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";

export const PHASES = ["cycle", "status", "dashboard", "delivery", "startup"] as const;
export type Phase = (typeof PHASES)[number];

export interface KillLoopCounts {
  kills: Record<Phase, number>;
  /** Rounds whose process finished before its kill point came. */
  completed: number;
  lostAlerts: number;
  /** LevelDB-level mismatches found by the start-up check, plus alert lists that disagree with the items. */
  indexInconsistencies: number;
  /** The start-up phase's own deliberate index damage, found again after a kill mid-rebuild. */
  deliberateDamageFoundAgain: number;
  lostStatusChanges: number;
  lostDeliveries: number;
  deliveryIds: number;
  deliveryIdsNeverSent: number;
  epochs: number;
}

const TENANT_ALERTS = DEMO_TRUTH.reduce((n, t) => n + t.expected.length, 0);
const SECRET = "kill-loop-secret";
const STATUS_CHANGES_PER_RUN = 12;
const DASHBOARD_CHANGES_PER_RUN = 16;

interface Victim {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stdout has printed a line starting with `prefix`. */
  line(prefix: string): Promise<string>;
}

function spawnWorker(args: string[]): Victim {
  const child = spawn(process.execPath, ["--import", "tsx", "test/reliability/kill-worker.ts", ...args], {
    env: {
      ...process.env,
      PRICEWARDEN_HOOK_SECRET: SECRET,
      PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (line: string) => void }> = [];
  let buffered = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.on("data", (d: Buffer) => {
    buffered += d.toString();
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (line.startsWith(w.prefix)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => {
      if (code !== 0 && signal !== "SIGKILL")
        process.stderr.write(`[kill-loops] worker ${args[0]} failed: ${stderr}\n`);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exited,
    line: (prefix) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => l.startsWith(prefix));
        if (seen) return resolve(seen);
        waiters.push({ prefix, resolve });
        void exited.then(() => reject(new Error(`worker exited before "${prefix}"`)));
      }),
  };
}

/** Calls `onWrite(n)` for the n-th change event on LevelDB's write-ahead log in `databaseDir`. */
function watchWrites(databaseDir: string, onWrite: (n: number) => void): FSWatcher {
  let n = 0;
  return watch(databaseDir, (_event, file) => {
    if (file && /^\d+\.log$/.test(file.toString())) onWrite(++n);
  });
}

export async function runKillLoops(options: {
  kills: Record<Phase, number>;
  random?: () => number;
  log?: (line: string) => void;
}): Promise<KillLoopCounts> {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const pick = (max: number) => 1 + Math.floor(random() * Math.max(1, max));
  const counts: KillLoopCounts = {
    kills: { cycle: 0, status: 0, dashboard: 0, delivery: 0, startup: 0 },
    completed: 0,
    lostAlerts: 0,
    indexInconsistencies: 0,
    deliberateDamageFoundAgain: 0,
    lostStatusChanges: 0,
    lostDeliveries: 0,
    deliveryIds: 0,
    deliveryIdsNeverSent: 0,
    epochs: 0,
  };
  const site = await startDemoSite({ port: 0 });
  let victim: Victim | null = null;
  let killAtCall = 0;
  let callsSeen = 0;
  const receiver = await startWebhookReceiver({
    secret: SECRET,
    beforeAnswer: (call) => {
      callsSeen = call;
      if (call !== killAtCall || !victim) return "answer";
      victim.child.kill("SIGKILL");
      return "hang";
    },
  });
  const root = mkdtempSync(join(tmpdir(), "pricewarden-kill-"));
  const configFile = join(root, "config.yaml");
  const config = parseYaml(demoConfigText(site.url)) as Record<string, unknown>;
  config.notify = [
    {
      type: "webhook",
      id: "ops-hook",
      url: receiver.url,
      secret: "env:PRICEWARDEN_HOOK_SECRET",
      minSeverity: "low",
    },
  ];
  writeFileSync(configFile, stringifyYaml(config));
  const tenant = String(config.tenant);

  let dataDir = "";
  /**
   * Kill points for cycles, in LevelDB log events: a first demo cycle makes about 88, a re-run
   * fewer, so points up to 45 land inside most cycles.
   */
  const writesPerCycle = 45;
  /** Alerts seen by any check so far in this epoch: none may disappear. */
  const known = new Set<string>();
  /** The status each alert must have (or one of them, when a change was in flight at the kill). */
  const statusMust = new Map<string, Set<string>>();
  let damaged = false;

  const newEpoch = () => {
    counts.epochs++;
    dataDir = join(root, `data-${counts.epochs}`);
    mkdirSync(join(dataDir, "dynamodb"), { recursive: true, mode: 0o700 });
    known.clear();
    statusMust.clear();
  };

  /** Runs one worker; `arm` decides when to kill it. True when it was killed. */
  const round = async (
    phase: Phase,
    args: string[],
    arm: (v: Victim) => FSWatcher | null,
  ): Promise<boolean> => {
    // A cycle may reopen or auto-resolve alerts: only people's changes are pinned.
    if (args[0] === "cycle") statusMust.clear();
    const v = spawnWorker(args);
    victim = v;
    const watcher = arm(v);
    const { signal } = await v.exited;
    watcher?.close();
    victim = null;
    killAtCall = 0;
    const killed = signal === "SIGKILL";
    if (killed) counts.kills[phase]++;
    else counts.completed++;
    return killed;
  };

  const killAfterWrites = (n: number) => (v: Victim) =>
    watchWrites(join(dataDir, "dynamodb"), (seen) => {
      if (seen === n) v.child.kill("SIGKILL");
    });

  /** Opens the store here (start-up check first), then compares everything the loop knows. */
  const verify = async (phase: Phase) => {
    const logged: string[] = [];
    const db = await startEmbeddedDynamo({ dataDir, log: (line) => logged.push(line) });
    const doc = createDocumentClient({ endpoint: db.endpoint });
    try {
      const found = inconsistencyCount(db.consistency);
      if (damaged) {
        // The start-up round deleted one gsi1 entry on purpose; a kill before the rebuild's batch
        // leaves exactly that for this check, and nothing else may be off.
        const onlyDeliberate =
          db.consistency.problems.length === 1 &&
          db.consistency.problems[0]?.index === "gsi1" &&
          db.consistency.problems[0]?.missing === 1 &&
          found === 1;
        if (onlyDeliberate) counts.deliberateDamageFoundAgain++;
        else counts.indexInconsistencies += found;
        damaged = false;
      } else counts.indexInconsistencies += found;
      if (found > 0) log(`[${phase}] start-up check: ${JSON.stringify(db.consistency.problems)}`);

      const items = await scanAlerts(doc, db.tableName);
      const listed = await new AlertRepository(doc, db.tableName).list(tenant);
      const listedStatus = new Map(listed.map((a) => [a.id, a.status]));
      // Every alert item in exactly the list of its status, and no list entry without its item.
      let mismatched = listed.length !== new Set(listed.map((a) => a.id)).size ? 1 : 0;
      for (const item of items) if (listedStatus.get(item.id) !== item.status) mismatched++;
      if (listed.length !== items.length) mismatched++;
      counts.indexInconsistencies += mismatched;
      if (mismatched) log(`[${phase}] alert lists disagree with alert items (${mismatched})`);

      const present = new Set(items.map((a) => a.id));
      for (const id of known) if (!present.has(id)) counts.lostAlerts++;
      for (const id of present) known.add(id);
      for (const item of items) {
        const must = statusMust.get(item.id);
        if (must && !must.has(item.status)) {
          counts.lostStatusChanges++;
          log(`[${phase}] ${item.id} is ${item.status}, committed ${[...must].join("|")}`);
        }
        // Pin every alert to what it is now: a later change in flight may leave either status.
        statusMust.set(item.id, new Set([item.status]));
      }
      const accepted = new Set(receiver.accepted());
      const due = new Set(
        (await new AlertRepository(doc, db.tableName).listDue(tenant, "9999-12-31T23:59:59.999Z")).map(
          (a) => a.id,
        ),
      );
      for (const item of items)
        for (const delivery of Object.values(item.deliveries)) {
          const lost =
            (delivery.state === "delivered" && !accepted.has(delivery.deliveryId)) ||
            (delivery.state === "pending" && !due.has(item.id));
          if (lost) counts.lostDeliveries++;
        }
    } finally {
      doc.destroy();
      await db.close();
    }
  };

  /**
   * Runs cycles to completion (no kill) until nothing is left to deliver, then checks that every
   * delivery id the store holds reached the receiver at least once.
   */
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await round("cycle", ["cycle", dataDir, configFile], () => null);
      const db = await startEmbeddedDynamo({ dataDir });
      const doc = createDocumentClient({ endpoint: db.endpoint });
      const items = await scanAlerts(doc, db.tableName);
      doc.destroy();
      await db.close();
      if (items.every((a) => Object.values(a.deliveries).every((d) => d.state === "delivered"))) break;
    }
    await verify("cycle");
    // Lost alerts also count the ones a completed cycle should have made and did not.
    if (known.size < TENANT_ALERTS) counts.lostAlerts += TENANT_ALERTS - known.size;
    const db = await startEmbeddedDynamo({ dataDir });
    const doc = createDocumentClient({ endpoint: db.endpoint });
    const accepted = new Set(receiver.accepted());
    for (const item of await scanAlerts(doc, db.tableName))
      for (const delivery of Object.values(item.deliveries)) {
        counts.deliveryIds++;
        if (!accepted.has(delivery.deliveryId)) counts.deliveryIdsNeverSent++;
      }
    doc.destroy();
    await db.close();
  };

  const remaining = { ...options.kills };
  // A fresh directory per epoch is what gives deliveries to kill (about four kills each); the other
  // phases spread their kills over as many epochs, and a kill point that does not come is retried
  // a few times (a round that completes is not a kill).
  const epochsWanted = Math.max(1, Math.ceil(remaining.delivery / 4));
  const perEpoch = Object.fromEntries(
    PHASES.map((p) => [p, Math.ceil(remaining[p] / epochsWanted) + 2]),
  ) as Record<Phase, number>;
  const pendingKills = () => PHASES.reduce((n, p) => n + remaining[p], 0);
  try {
    // Each epoch kills in every phase that has kills left; the cap only guards against a phase whose
    // kill point never comes.
    const maxEpochs = epochsWanted + 3;
    while (pendingKills() > 0 && counts.epochs < maxEpochs) {
      newEpoch();
      // Deliveries: a fresh directory has every alert to deliver; kill on the n-th webhook call.
      for (let tries = 0; remaining.delivery > 0 && tries < 4; tries++) {
        killAtCall = callsSeen + pick(TENANT_ALERTS / 2);
        const killed = await round("delivery", ["cycle", dataDir, configFile], () => null);
        if (!killed) break;
        remaining.delivery--;
        await verify("delivery");
      }
      await settle();
      for (let i = 0; remaining.cycle > 0 && i < perEpoch.cycle; i++) {
        const killed = await round(
          "cycle",
          ["cycle", dataDir, configFile],
          killAfterWrites(pick(writesPerCycle)),
        );
        if (killed) remaining.cycle--;
        await verify("cycle");
      }
      for (let i = 0; remaining.status > 0 && i < perEpoch.status; i++) {
        if (await statusRound()) remaining.status--;
        await verify("status");
      }
      for (let i = 0; remaining.dashboard > 0 && i < perEpoch.dashboard; i++) {
        if (await dashboardRound()) remaining.dashboard--;
        await verify("dashboard");
      }
      for (let i = 0; remaining.startup > 0 && i < perEpoch.startup; i++) {
        damaged = await damageOneIndexEntry(dataDir);
        // During LevelDB's recovery or the rebuild's batch; at the latest once the store is open.
        const killed = await round("startup", ["startup", dataDir], (v) => {
          void v
            .line("open")
            .then(() => v.child.kill("SIGKILL"))
            .catch(() => {});
          return killAfterWrites(pick(3))(v);
        });
        if (killed) remaining.startup--;
        else damaged = false;
        await verify("startup");
      }
      log(`[epoch ${counts.epochs}] ${JSON.stringify(counts)}`);
    }
  } finally {
    (victim as Victim | null)?.child.kill("SIGKILL");
    await receiver.close();
    await site.close();
    rmSync(root, { recursive: true, force: true });
  }
  return counts;

  /** Status changes as the CLI makes them; the change in flight at the kill may or may not commit. */
  async function statusRound(): Promise<boolean> {
    const killAt = pick(STATUS_CHANGES_PER_RUN);
    let victimLines: string[] = [];
    const killed = await round(
      "status",
      ["status", dataDir, configFile, String(STATUS_CHANGES_PER_RUN)],
      (v) => {
        victimLines = v.lines;
        return killAfterWrites(killAt)(v);
      },
    );
    applyStatusLines(victimLines);
    return killed;
  }

  function applyStatusLines(lines: string[]) {
    for (const line of lines) {
      const [verb, id, status] = line.split(" ");
      if (!id || !status) continue;
      if (verb === "changing") statusMust.set(id, new Set([...(statusMust.get(id) ?? []), status]));
      if (verb === "committed") statusMust.set(id, new Set([status]));
    }
  }

  /** Status changes through the dashboard's API; killed on the n-th log write while requests are in flight. */
  async function dashboardRound(): Promise<boolean> {
    const killAt = pick(DASHBOARD_CHANGES_PER_RUN);
    const sent: string[] = [];
    const killed = await round("dashboard", ["dashboard", dataDir, configFile], (v) => {
      const watcher = killAfterWrites(killAt)(v);
      void (async () => {
        const url = (await v.line("dashboard ")).split(" ")[1]!;
        const alerts = (await (await fetch(`${url}/api/alerts?status=all&limit=50`)).json()) as {
          alerts?: Array<{ id: string }>;
        };
        const ids = (alerts.alerts ?? []).map((a) => a.id);
        const statuses = ["acknowledged", "resolved", "dismissed"];
        const changes = Array.from({ length: DASHBOARD_CHANGES_PER_RUN }, (_, i) => ({
          // Two at a time on different alerts, so the order they commit in is the order they answer.
          id: ids[(Math.floor(random() * ids.length) & ~1) + (i % 2)] ?? ids[i % 2],
          status: statuses[Math.floor(random() * statuses.length)]!,
        })).filter((c): c is { id: string; status: string } => c.id !== undefined);
        // Two at a time: a kill lands with requests in flight.
        for (let i = 0; i < changes.length; i += 2) {
          await Promise.all(
            changes.slice(i, i + 2).map(async ({ id, status }) => {
              sent.push(`changing ${id} ${status}`);
              const res = await fetch(`${url}/api/alerts/${id}/status`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ status }),
              });
              if (res.ok) sent.push(`committed ${id} ${status}`);
            }),
          );
        }
      })()
        .catch(() => {})
        // Every request answered (or the worker already gone): end the round.
        .finally(() => v.child.kill("SIGKILL"));
      return watcher;
    });
    applyStatusLines(sent);
    // The worker never exits by itself: a kill after all requests answered is a round that completed.
    return killed;
  }
}

interface ScannedAlert {
  id: string;
  status: string;
  deliveries: Record<string, { state: string; deliveryId: string }>;
}

async function scanAlerts(
  doc: ReturnType<typeof createDocumentClient>,
  tableName: string,
): Promise<ScannedAlert[]> {
  const out: ScannedAlert[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "sk = :a",
        ExpressionAttributeValues: { ":a": "ALERT" },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) out.push(item as unknown as ScannedAlert);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Deletes one gsi1 entry straight in LevelDB, so the next start-up has something to rebuild. */
async function damageOneIndexEntry(dataDir: string): Promise<boolean> {
  const level = new Level<string, unknown>(join(dataDir, "dynamodb"), { valueEncoding: "json" });
  try {
    // dynalite's key for gsi1's entries: index-<type>~<table>~<index>~<entry key>.
    const prefix = "index-global~pricewarden~gsi1~";
    for await (const key of level.keys({ gt: prefix, lt: `${prefix}\xff`, limit: 1 })) {
      await level.del(key);
      return true;
    }
    return false;
  } finally {
    await level.close();
  }
}
