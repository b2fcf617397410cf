/**
 * The static export at scale (issue 14): imports the generated fictional N-row list (one public
 * person per row, unlinked) into an empty embedded database, then runs `sabt export-site` on it as
 * users do (the `sabt` program in a child process) and reports its time, pages per second and peak
 * memory. Target: the export of 100,000 people completes within 1 GB.
 *
 * `npm run bench:export [-- --people N] [--images] [--data DIR]` (share images: about 30 ms of CPU
 * each, two per person; without `--images` the pages, feeds, sitemaps and search index only).
 * `--data DIR` keeps the imported collection in DIR and reuses it when DIR already holds one.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, refreshPlannerStatistics } from "../src/db/index.ts";
import { runPersonImport } from "../src/imports/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import { systemViewer } from "../src/shared/viewer.ts";
import { makeListCsv } from "./list-csv.ts";
import { reportRow } from "./summary.ts";

setLogLevel("error");
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const PEOPLE = Number(arg("people", "100000"));
const IMAGES = process.argv.includes("--images");
const KEEP = process.argv.includes("--data") ? path.resolve(arg("data", "")) : undefined;
const LIMIT_MIB = 1024;

/** Runs the `sabt` program with the data directory, echoing its progress; resolves with its output. */
function sabt(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  const bin = path.join(import.meta.dirname, "..", "bin", "sabt.js");
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, SABT_DATA_DIR: dataDir, SABT_LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let lastProgress = 0;
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    // Progress every ~10 s, not every 200 files.
    if (Date.now() - lastProgress > 10_000) {
      lastProgress = Date.now();
      process.stdout.write(`  ${d.toString().trim().split("\n").pop()}\n`);
    }
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout })));
}

async function main(): Promise<void> {
  if (KEEP) fs.mkdirSync(KEEP, { recursive: true });
  const dataDir = KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), "sabt-export-scale-"));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sabt-export-scale-out-")), "mirror");
  try {
    if (KEEP && fs.existsSync(path.join(KEEP, "built"))) {
      console.log(`collection kept in ${KEEP}`);
    } else {
      await importCollection(dataDir);
      if (KEEP) fs.writeFileSync(path.join(KEEP, "built"), `${PEOPLE}\n`);
    }
    await exportOnce(dataDir, out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    if (!KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Imports the generated list, every column public, and refreshes the planner's statistics. */
async function importCollection(dataDir: string): Promise<void> {
  // Every column public (the list's default is team-only), so that each row is a public person.
  const csv = makeListCsv(PEOPLE).csv.replace(/^[^\n]*/, (header) =>
    header
      .split(",")
      .map((c) => (c === "record_id" ? c : `${c}@public`))
      .join(","),
  );
  const h = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    const t0 = performance.now();
    const report = await runPersonImport(h.db, systemViewer("bench"), csv, {
      listName: "Fictional export-scale list",
      isFictional: true,
    });
    if (report.errors.length > 0) throw new Error(`bench CSV invalid: ${JSON.stringify(report.errors[0])}`);
    await refreshPlannerStatistics(h.db);
    console.log(
      `imported ${report.rows.toLocaleString("en")} rows in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  } finally {
    await h.close();
  }
}

/** Runs `sabt export-site` on the collection and reports its row. */
async function exportOnce(dataDir: string, out: string): Promise<void> {
  const t1 = performance.now();
  const r = await sabt(dataDir, ["export-site", out, ...(IMAGES ? [] : ["--no-share-images"])]);
  const seconds = (performance.now() - t1) / 1000;
  process.stdout.write(r.stdout);
  // "exported N files (K KiB) to DIR in S s, peak memory M MiB": the program's own account.
  const m = /exported (\d+) files .* in ([\d.]+) s, peak memory (\d+) MiB/.exec(r.stdout);
  if (r.code !== 0 || !m) throw new Error(`sabt export-site exited ${r.code}`);
  const files = Number(m[1]);
  const peak = Number(m[3]);
  reportRow({
    work: `sabt export-site of ${PEOPLE.toLocaleString("en")} imported people${IMAGES ? "" : " (no share images)"}`,
    sabt: `${files.toLocaleString("en")} files in ${seconds.toFixed(0)} s = ${Math.round(files / seconds)} files/s, peak ${peak} MiB`,
    reference: "–",
    target: `peak ≤ ${LIMIT_MIB} MiB`,
    holds: peak <= LIMIT_MIB,
  });
}

await main();
