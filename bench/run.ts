/**
 * `npm run bench`: every benchmark in turn, each in its own process so that one's memory does
 * not colour the next's figures. Each prints its figures with the target beside them.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const all = ["bench/spine.ts", "bench/import-floor.ts", "bench/archive.ts", "bench/site.ts", "bench/find.ts", "bench/backup.ts", "bench/linkage.ts", "bench/mse.ts"];
let failed = 0;
for (const file of all) {
  if (!fs.existsSync(file)) continue;
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", file, ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.log(`(${file} exited with ${r.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
