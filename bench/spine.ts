/**
 * Spine benchmarks (issue 2): import rows/s for a 100,000-row generated list, search p95 over
 * 1,000,000 claims, and start-up time of an existing data directory — on PGlite and on a
 * PostgreSQL server. Run with `npm run bench` (all) or `tsx bench/spine.ts [--rows N] [--claims N]
 * [--searches N] [--batch N] [--engine pglite|postgres|both] [--no-startup] [--pg-port N]` (smaller
 * figures while iterating; another port when a second benchmark shares the machine).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "../src/db/index.ts";
import { runPersonImport } from "../src/imports/index.ts";
import { insertClaimRows } from "../src/claims/index.ts";
import { newClaimRow } from "../src/claims/index.ts";
import { resolveValue } from "../src/claims/index.ts";
import { search } from "../src/search/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import { systemViewer } from "../src/shared/viewer.ts";
import { startTempPostgres } from "./pg-server.ts";
import { makeListCsv } from "./list-csv.ts";

setLogLevel("error");
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg("rows", 100_000);
const CLAIMS = arg("claims", 1_000_000);
const SEARCHES = arg("searches", 200);
const BATCH = arg("batch", 5000);
const ENGINE = (() => {
  const i = process.argv.indexOf("--engine");
  return i > 0 ? process.argv[i + 1]! : "both";
})();
const SKIP_STARTUP = process.argv.includes("--no-startup");
const actor = systemViewer("bench");

async function fillClaims(h: DatabaseHandle, target: number, names: string[]): Promise<number> {
  const r = await h.db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  let have = Number(r.n);
  const people = (await h.db.selectFrom("entity").select("id").where("type", "=", "person").limit(100_000).execute()).map((e) => e.id);
  const list = await h.db.selectFrom("entity").select("id").where("type", "=", "list").limit(1).executeTakeFirstOrThrow();
  let i = 0;
  while (have < target) {
    const n = Math.min(20_000, target - have);
    const rows = Array.from({ length: n }, () => {
      const text = `${names[i++ % names.length]} ${i}`;
      return newClaimRow(
        { entityId: people[i % people.length]!, property: "name", sources: [{ sourceId: list.id }], editorial: false, confidence: "medium", visibility: "team", status: "asserted" },
        resolveValue({ type: "name", text, kind: "full" }),
        "system:bench",
      );
    });
    await h.db.transaction().execute((trx) => insertClaimRows(trx, rows));
    have += n;
  }
  await sql`ANALYZE claim`.execute(h.db);
  return have;
}

function timeStartup(env: Record<string, string>): Promise<number> {
  // Time what users run: the bundle that `npm install` builds, fresh for the current sources.
  spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["bin/sabt.js", "serve", "--port", "43999"], {
      env: { ...process.env, SABT_LOG_LEVEL: "error", SABT_BACKUP_INTERVAL_MIN: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let seen = "";
    child.stdout.on("data", (d: Buffer) => {
      seen += d.toString();
      if (seen.includes("Sabt is running")) {
        const ms = performance.now() - t0;
        child.on("close", () => resolve(ms));
        child.kill("SIGTERM");
      }
    });
    child.on("error", reject);
  });
}

async function benchEngine(name: string, dataDir: string, databaseUrl: string | undefined) {
  const { csv, names } = makeListCsv(ROWS);
  let h = await openDatabase({ dataDir, databaseUrl });
  const t0 = performance.now();
  const report = await runPersonImport(h.db, actor, csv, { listName: "Fictional bench list", batchSize: BATCH });
  const importS = (performance.now() - t0) / 1000;
  console.log(`${name}: imported ${report.rows} rows in ${importS.toFixed(1)} s`);
  if (report.errors.length) throw new Error(`bench CSV invalid: ${JSON.stringify(report.errors[0])}`);
  const claims = await fillClaims(h, CLAIMS, names);
  const times: number[] = [];
  for (let k = 0; k < SEARCHES; k++) {
    const q = names[(k * 7919) % names.length]!.split(" ")[0]!;
    const s = performance.now();
    await search(h.db, actor, q, { limit: 20 });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  await h.close();
  const startupMs = SKIP_STARTUP ? NaN : await timeStartup(databaseUrl ? { SABT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl } : { SABT_DATA_DIR: dataDir });
  h = undefined as unknown as DatabaseHandle;
  return {
    engine: name,
    importRowsPerS: Math.round(report.rows / importS),
    claims,
    searchP50: times[Math.floor(times.length * 0.5)]!,
    searchP95: times[Math.floor(times.length * 0.95)]!,
    startupMs,
  };
}

const results = [];
if (ENGINE !== "postgres") {
  const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-"));
  results.push(await benchEngine("pglite", pgliteDir, undefined));
  fs.rmSync(pgliteDir, { recursive: true, force: true });
}
const pg = ENGINE === "pglite" ? undefined : process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop() {} } : startTempPostgres(arg("pg-port", 55499));
if (ENGINE === "pglite") {
  // PGlite only, as asked.
} else if (pg) {
  try {
    results.push(await benchEngine("postgres", fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-")), pg.url));
  } finally {
    pg.stop();
  }
} else {
  console.log("(no PostgreSQL server binaries found: the postgres column is skipped)");
}
console.log(`\nSpine benchmarks — ${ROWS.toLocaleString()} import rows, ${CLAIMS.toLocaleString()} claims, ${SEARCHES} searches, ${os.cpus().length} cores`);
console.log("engine    import rows/s (≥10,000)   search p50 ms   search p95 ms (<50)   start-up ms (<3,000)");
for (const r of results) {
  console.log(
    `${r.engine.padEnd(9)} ${String(r.importRowsPerS).padStart(12)}              ${r.searchP50.toFixed(1).padStart(8)}        ${r.searchP95.toFixed(1).padStart(8)}              ${Math.round(r.startupMs).toString().padStart(6)}`,
  );
}
