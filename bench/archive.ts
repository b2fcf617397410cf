// Archive benchmark: ingest throughput (MB/s) and full-store verification throughput (GB/min)
// on the embedded database and the filesystem blob store, in a temporary data directory.
// Usage: npx tsx bench/archive.ts [--files N] [--size MiB] [--small N]
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createFsBlobStore, ingestFile, verifyArchive } from "../src/archive/index.ts";
import { openDatabase } from "../src/db/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "24" },
    size: { type: "string", default: "8" },
    small: { type: "string", default: "200" },
  },
});
const files = Number(values.files);
const sizeMiB = Number(values.size);
const small = Number(values.small);

setLogLevel("warn");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-archive-"));
const handle = await openDatabase({ dataDir, databaseUrl: undefined });
const store = createFsBlobStore(path.join(dataDir, "blobs"));
const src = path.join(dataDir, "src");
fs.mkdirSync(src);

try {
  // Random content, so every file is a new blob (no deduplication shortcut).
  const big = Array.from({ length: files }, (_, i) => {
    const p = path.join(src, `big-${i}.bin`);
    fs.writeFileSync(p, randomBytes(sizeMiB * 1024 * 1024));
    return p;
  });
  const smallFiles = Array.from({ length: small }, (_, i) => {
    const p = path.join(src, `small-${i}.txt`);
    fs.writeFileSync(p, randomBytes(32 * 1024).toString("base64"));
    return p;
  });

  let t = performance.now();
  let bytes = 0;
  for (const p of big) {
    bytes += (await ingestFile(handle.db, store, { path: p }, { filename: path.basename(p) }, "bench")).size;
  }
  const bigSec = (performance.now() - t) / 1000;

  t = performance.now();
  let smallBytes = 0;
  for (const p of smallFiles) {
    smallBytes += (await ingestFile(handle.db, store, { path: p }, { filename: path.basename(p) }, "bench"))
      .size;
  }
  const smallSec = (performance.now() - t) / 1000;

  t = performance.now();
  const result = await verifyArchive(handle.db, store);
  const verifySec = (performance.now() - t) / 1000;
  if (!result.ok) throw new Error(`verification failed: ${result.problems.length} problems`);

  const mb = (b: number) => b / 1e6;
  console.log(
    `archive ingest (large): ${files} × ${sizeMiB} MiB in ${bigSec.toFixed(2)} s = ${(mb(bytes) / bigSec).toFixed(1)} MB/s`,
  );
  console.log(
    `archive ingest (small): ${small} × ~43 KB in ${smallSec.toFixed(2)} s = ${(small / smallSec).toFixed(1)} items/s (${(mb(smallBytes) / smallSec).toFixed(2)} MB/s)`,
  );
  console.log(
    `archive verify: ${result.checked} items, ${(result.bytes / 1e9).toFixed(3)} GB re-hashed + custody chains in ${verifySec.toFixed(2)} s = ${(result.bytes / 1e9 / (verifySec / 60)).toFixed(2)} GB/min`,
  );
} finally {
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
