/**
 * `npm run bench`: every benchmark in turn, each in its own process so that one's memory does
 * not colour the next's figures. Each prints its figures with the target beside them; the headline
 * rows (issue 14's table) are collected and printed as one table at the end.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { summaryTable, type SummaryRow } from "./summary.ts";

const all = ["bench/spine.ts", "bench/import-floor.ts", "bench/archive.ts", "bench/site.ts", "bench/export-scale.ts", "bench/find.ts", "bench/backup.ts", "bench/linkage.ts", "bench/mse.ts"];
const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-")), "rows.jsonl");
fs.writeFileSync(summary, "");
let failed = 0;
for (const file of all) {
  if (!fs.existsSync(file)) continue;
  console.log(`\n=== ${file}`);
  // The table's rows are for a million linked records and a 100,000-row import; other sizes when asked for.
  const args = process.argv.slice(2);
  if (file === "bench/linkage.ts" && !args.some((a) => a === "--records" || a === "--scale" || a === "--no-scale")) args.push("--records", "1000000");
  if (file === "bench/import-floor.ts" && !args.includes("--rows")) args.push("--rows", "100000");
  const r = spawnSync(process.execPath, ["--import", "tsx", file, ...args], { stdio: "inherit", env: { ...process.env, SABT_BENCH_SUMMARY: summary } });
  if (r.status !== 0) {
    failed++;
    console.log(`(${file} exited with ${r.status})`);
  }
}
const rows = fs
  .readFileSync(summary, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as SummaryRow);
console.log(`\n=== summary (${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(2)} at the end)\n${summaryTable(rows)}`);
fs.rmSync(path.dirname(summary), { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
