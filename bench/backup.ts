/**
 * Automatic backup benchmark (embedded engine): the worst delay of a public request made while an
 * automatic backup runs, beside the 200 ms target, and how long the backup takes. The embedded
 * engine has one connection and one thread, so a backup that holds either stalls every request.
 *
 * Requests are made one after another in process (no HTTP, no front cache), each reading the
 * database (a public person with its claims), so every stall shows up in some request's latency. Backups run three
 * times: right after the collection is loaded, on an idle database, and right after a burst of
 * writes (an import of `--burst` list rows), since the backup's start checkpoint writes out every
 * page changed since the last one. The event loop's own worst stall is printed too.
 *
 *   npm run bench:backup [-- --persons N] [--burst N] [--victims N] [--data DIR] [--baseline S] [--backups loaded,idle,burst]
 *
 * `--backups` picks which of the three backups run (all by default).
 * `--baseline S` (default 20) is how long requests are timed without a backup first: on a busy
 * machine the worst of those is what the machine alone costs a request.
 * `--data DIR` keeps the collection in DIR and reuses it when DIR already holds one (building it
 * takes minutes); each run's burst stays in it too.
 * `--persons N` (default 100,000, the size the target is set for; 0 for the demo alone) adds the
 * spine benchmark's collection (N generated list rows) to the demo. `--victims N` sizes the demo.
 */
import { reportRow } from "./summary.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { openBlobStore } from "../src/archive/index.ts";
import { rollingBackup, type BackupStep } from "../src/backup/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { openDatabase } from "../src/db/index.ts";
import { CANONICAL_HEADERS, generateDemo, generateListRecords } from "../src/demo/index.ts";
import { loadDemo, loadDemoIfEmpty } from "../src/demo-loader/index.ts";
import { runPersonImport } from "../src/imports/index.ts";
import { createApp, routeModules } from "../src/server/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import { systemViewer } from "../src/shared/viewer.ts";

const TARGET_MS = 200;
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const victims = arg("victims");
const persons = Number(arg("persons") ?? 100_000);
const burst = Number(arg("burst") ?? 5000);
const baselineSeconds = Number(arg("baseline") ?? 20);
const which = new Set((arg("backups") ?? "loaded,idle,burst").split(","));

/** A CSV of `rows` fictional list rows (the demo generator's lists, pooled), as the spine benchmark makes. */
function listCsv(rows: number, seed: number): string {
  const { lists } = generateListRecords({ seed, victims: Math.ceil(rows / 1.5) });
  const out: string[] = [CANONICAL_HEADERS.join(",")];
  const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  for (const r of lists.flatMap((l) => l.records)) {
    if (out.length > rows) break;
    out.push(CANONICAL_HEADERS.map((h) => esc(r[h])).join(","));
  }
  return out.join("\n");
}

/** When a request arrived and when it was answered (performance.now()). */
interface Timed {
  start: number;
  end: number;
}

/**
 * Sequential requests from now until `done` settles. Each arrives the moment the one before it is
 * answered: its delay counts from there, so that a stall of the thread between two requests (PGlite
 * runs a statement on this thread, synchronously) counts too, as it would for a request arriving
 * over the network meanwhile.
 */
async function requestsDuring(request: () => Promise<void>, done: Promise<unknown>): Promise<Timed[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const out: Timed[] = [];
  let arrived = performance.now();
  while (!finished) {
    // Requests arrive through the event loop (sockets); PGlite answers through promises alone, so
    // without this yield a loop of requests would starve timers, I/O and the backup's worker replies.
    await new Promise((r) => setImmediate(r));
    await request();
    const end = performance.now();
    out.push({ start: arrived, end });
    arrived = end;
  }
  return out;
}

/** Per step of the backup: how long it took and the worst request that overlapped it. */
function stepReport(steps: readonly { step: BackupStep; at: number }[], end: number, during: readonly Timed[]): string {
  return steps
    .map(({ step, at }, i) => {
      const until = steps[i + 1]?.at ?? end;
      const worst = Math.max(0, ...during.filter((r) => r.end >= at && r.start <= until).map((r) => r.end - r.start));
      return `${step} ${(until - at).toFixed(0)} ms (worst request ${worst.toFixed(0)} ms)`;
    })
    .join("; ");
}

/** p50, p99, the worst, and how many waited longer than the target. */
const spread = (xs: readonly number[]) =>
  `p50 ${percentile(xs, 0.5).toFixed(1)} ms, p99 ${percentile(xs, 0.99).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms, ` +
  `${xs.filter((x) => x > TARGET_MS).length} of ${xs.length} requests over ${TARGET_MS} ms`;
const percentile = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

async function main() {
  setLogLevel("silent");
  const keep = arg("data");
  const reuse = keep !== undefined && fs.existsSync(path.join(keep, "built"));
  const dataDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-backup-"));
  fs.mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ SABT_DATA_DIR: dataDir, SABT_LOG_LEVEL: "silent" });
  const handle = await openDatabase(config);
  try {
    if (handle.engine !== "pglite") throw new Error("automatic backups run on the embedded engine only: unset DATABASE_URL");
    let t = Date.now();
    const viewer = systemViewer("bench");
    if (reuse) console.log(`collection reused from ${dataDir}; cores: ${os.availableParallelism()}`);
    else if (victims) await loadDemo(handle.db, viewer, generateDemo({ victims: Number(victims) }));
    else await loadDemoIfEmpty(handle.db, viewer, openBlobStore(config.blobStore));
    if (!reuse) console.log(`demo collection loaded (${victims ? `${victims} victims` : "the first-start demo, with linkage and estimates"}) in ${((Date.now() - t) / 1000).toFixed(1)} s; cores: ${os.availableParallelism()}`);
    if (persons > 0 && !reuse) {
      t = Date.now();
      const report = await runPersonImport(handle.db, viewer, listCsv(persons, 7), { listName: "Fictional bench list", batchSize: 5000 });
      if (report.errors.length) throw new Error(`bench CSV invalid: ${JSON.stringify(report.errors[0])}`);
      console.log(`bench collection: ${report.rows} list rows imported in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    if (keep && !reuse) fs.writeFileSync(path.join(dataDir, "built"), "");
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);

    const app = createApp({ db: handle.db, config }, routeModules());
    // An anonymous reader's request for a public person with its claims: never cached, and a
    // different person each time, so that every request reads the database.
    // Public records folded into another person (one person seen through several lists) answer
    // 404 by their own id: only the ids the public API serves are asked for.
    const candidates = (await handle.db.selectFrom("entity").select("id").where("type", "=", "person").where("visibility", "=", "public").limit(1000).execute()).map((e) => e.id);
    const ids: string[] = [];
    for (const id of candidates) if ((await app.request(`/api/entities/${id}`)).status === 200) ids.push(id);
    if (ids.length === 0) throw new Error("no public person to ask for");
    let i = 0;
    const request = async () => {
      const r = await app.request(`/api/entities/${ids[i++ % ids.length]}`);
      if (r.status !== 200) throw new Error(`GET /api/entities/{id} answered ${r.status}`);
      await r.arrayBuffer();
    };
    // As long as a backup, on a busy machine: its worst request is what the machine alone costs.
    const quiet = (await requestsDuring(request, new Promise((r) => setTimeout(r, baselineSeconds * 1000)))).map((r) => r.end - r.start);
    console.log(`public person requests without a backup for ${baselineSeconds} s: ${spread(quiet)}`);

    const dir = path.join(dataDir, "backups");
    const runs: [string, string, () => Promise<void>][] = [
      ["loaded", "right after the collection was loaded", async () => {}],
      ["idle", "on an idle database", async () => {}],
      [
        "burst",
        `right after a write burst (${burst} list rows imported)`,
        async () => {
          const report = await runPersonImport(handle.db, viewer, listCsv(burst, 11), { listName: "Fictional bench burst", batchSize: 5000 });
          if (report.errors.length) throw new Error(`burst CSV invalid: ${JSON.stringify(report.errors[0])}`);
        },
      ],
    ];
    for (const [key, when, before] of runs) {
      if (!which.has(key)) continue;
      await before();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      // The copy and its worker's PGlite cost memory while the backup runs: sample the process's.
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
      t = performance.now();
      const steps: { step: BackupStep; at: number }[] = [];
      const backup = rollingBackup(handle.db, dir, 3, { onStep: (step) => steps.push({ step, at: performance.now() }) });
      const timed = await requestsDuring(request, backup);
      const file = await backup;
      const took = performance.now() - t;
      const during = timed.map((r) => r.end - r.start);
      clearInterval(sampler);
      loop.disable();
      const worst = Math.max(...during);
      console.log(
        `automatic backup ${when}: ${(took / 1000).toFixed(1)} s, ${(fs.statSync(file).size / 1024 ** 2).toFixed(1)} MiB; ` +
          `public requests meanwhile: ${spread(during)};   target ≤ ${TARGET_MS} ms ${worst <= TARGET_MS ? "(met)" : "(MISSED)"}; ` +
          `event loop worst stall ${(loop.max / 1e6).toFixed(0)} ms; memory +${((rssPeak - rssBefore) / 1024 ** 2).toFixed(0)} MiB at most; ` +
          `load average ${os.loadavg()[0]!.toFixed(2)}\n  steps: ${stepReport(steps, t + took, timed)}`,
      );
      reportRow({
        work: `Public requests during a backup ${when}`,
        sabt: `worst ${worst.toFixed(0)} ms`,
        reference: `worst ${Math.max(...quiet).toFixed(0)} ms without a backup`,
        target: `≤ ${TARGET_MS} ms`,
        holds: worst <= TARGET_MS,
      });
    }
  } finally {
    await handle.close();
    if (keep) fs.rmSync(path.join(dataDir, "backups"), { recursive: true, force: true });
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
