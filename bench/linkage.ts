/**
 * `npm run bench:linkage`: runs Sabt's linker on every task in ../shared/linkage/bench, scores it
 * with the reference scorer and prints one table; then a scale run on a generated 100,000-record
 * victim list set. Each run happens in a child process so that its peak memory (maxRSS) is its own;
 * the child reads and writes CSV with linkage's own CSV codec, as `sabt link` could.
 *
 *   tsx bench/linkage.ts [--only a,b] [--scale N | --no-scale] [--keep DIR]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "csv-stringify/sync";
import type { LinkSettings } from "../src/linkage/index.ts";
import { parse } from "csv-parse/sync";
import { blockingRecall, csvField, formatCsv, linkRecords, LinkSettingsSchema, parseCsvRecords, victimListSettings } from "../src/linkage/index.ts";
import { generateVictimLists } from "../src/linkage/index.ts";
import { LINKAGE_RECORD_COLUMNS } from "../src/shared/victim-list.ts";

const BENCH = resolve("../shared/linkage/bench");
const SCORER = resolve("../shared/linkage/score.py");
const SELF = fileURLToPath(import.meta.url);

/** Targets from issue 4, printed beside the figures. */
const TARGETS: Record<string, { pairwise?: number; bcubed?: number }> = {
  persian_synth_v0_dev: { pairwise: 0.95, bcubed: 0.97 },
  febrl3: { pairwise: 0.99 },
  febrl4_link: { pairwise: 0.99 },
};

interface ChildResult {
  records: number;
  seconds: number;
  maxRssMb: number;
  candidatePairs: number;
  /** Blocks skipped for exceeding their rule's size limit, and the records in them. */
  skippedBlocks: number;
  skippedRecords: number;
  /** Share of true pairs that blocking made candidates (recall is bounded by it). */
  blockingRecall: number;
}

function settingsFor(task: string): LinkSettings {
  const file = resolve("linkage-settings", `${task}.json`);
  if (!existsSync(file)) return victimListSettings();
  return LinkSettingsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** Child mode: link one records file end to end (read CSV, link, write CSVs) and report. */
function runChild(recordsFile: string, task: string, outDir: string, truthFile: string): void {
  const started = performance.now();
  const records = parseCsvRecords(readFileSync(recordsFile, "utf8"));
  const result = linkRecords(records, settingsFor(task));
  writeFileSync(join(outDir, "clusters.csv"), formatCsv([["record_id", "cluster_id"], ...result.ids.map((id, k) => [id, result.clusters[k]!])]));
  const { left, right, probability } = result.pairs;
  const ids = result.ids.map(csvField);
  const lines = new Array<string>(left.length + 1);
  lines[0] = "id_l,id_r,score";
  for (let p = 0; p < left.length; p++) lines[p + 1] = `${ids[left[p]!]},${ids[right[p]!]},${probability[p]!.toFixed(5)}`;
  writeFileSync(join(outDir, "pairs.csv"), lines.join("\n") + "\n");
  const out: ChildResult = {
    records: records.length,
    seconds: (performance.now() - started) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    candidatePairs: result.candidates.count,
    skippedBlocks: result.candidates.skippedBlocks.length,
    skippedRecords: result.candidates.skippedBlocks.reduce((a, [, size]) => a + size, 0),
    blockingRecall: 0,
  };
  // Measured after the clock stopped: reading the truth is not part of linking.
  const truth = new Map((parse(readFileSync(truthFile, "utf8"), { columns: true }) as { record_id: string; entity_id: string }[]).map((t) => [t.record_id, t.entity_id]));
  const entityOf = result.ids.map((id, k) => truth.get(id) ?? `unknown:${k}`);
  out.blockingRecall = blockingRecall(result.candidates, entityOf, result.prepared.sources, false).recall;
  process.stdout.write(JSON.stringify({ ...out, timings: result.timings }) + "\n");
}

/** Child mode: generate a synthetic victim-list set (not timed as part of linkage). */
function runGenerate(n: number, seed: number, outDir: string): void {
  const g = generateVictimLists({ records: n, seed });
  writeFileSync(join(outDir, "records.csv"), stringify(g.records, { header: true, columns: [...LINKAGE_RECORD_COLUMNS] }));
  writeFileSync(join(outDir, "truth.csv"), stringify(g.truth, { header: true, columns: ["record_id", "entity_id", "source"] }));
}

function child(args: string[]): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", SELF, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`child ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

interface Score {
  pairwise: { f1: number };
  bcubed: { f1: number };
  capture_histories?: { abs_diff_over_2: number; rel_to_true_entities: number };
}

function score(truth: string, dir: string, hasSource: boolean): Score {
  const args = [SCORER, truth, join(dir, "clusters.csv"), "--truth-id", "record_id", "--truth-cluster", "entity_id", "--json"];
  if (hasSource) args.push("--source-col", "source");
  const r = spawnSync("python3", args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`scorer failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Score;
}

const fmt = (x: number, d = 4) => x.toFixed(d);
const withTarget = (x: number, t?: number) => (t === undefined ? fmt(x) : `${fmt(x)} (≥${t}${x >= t ? " ✓" : " ✗"})`);

function row(task: string, recordsFile: string, truthFile: string, work: string, notes: string[]): string {
  const dir = join(work, task);
  mkdirSync(dir, { recursive: true });
  const res = JSON.parse(child(["--child", recordsFile, task, dir, truthFile])) as ChildResult;
  const header = readFileSync(recordsFile, "utf8").split("\n", 1)[0] ?? "";
  const s = score(truthFile, dir, header.split(",").includes("source"));
  const t = TARGETS[task] ?? {};
  notes.push(
    `${task}: ${res.candidatePairs.toLocaleString("en")} candidate pairs, blocking recall ${fmt(res.blockingRecall)}; ${res.skippedBlocks} blocks over their rule's size limit skipped (${res.skippedRecords.toLocaleString("en")} record slots)`,
  );
  const mis = s.capture_histories ? `${s.capture_histories.abs_diff_over_2} (${fmt(s.capture_histories.rel_to_true_entities, 3)})` : "-";
  return [
    task.padEnd(24),
    String(res.records).padStart(7),
    withTarget(s.pairwise.f1, t.pairwise).padEnd(16),
    withTarget(s.bcubed.f1, t.bcubed).padEnd(16),
    mis.padEnd(14),
    String(Math.round(res.records / res.seconds)).padStart(8),
    `${Math.round(res.maxRssMb)} MB`.padStart(8),
  ].join(" | ");
}

function main(argv: string[]): void {
  if (argv[0] === "--child") return runChild(argv[1]!, argv[2]!, argv[3]!, argv[4]!);
  if (argv[0] === "--generate") return runGenerate(Number(argv[1]), Number(argv[2]), argv[3]!);
  const flag = (name: string) => {
    const k = argv.indexOf(name);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const only = flag("--only")?.split(",");
  const scale = argv.includes("--no-scale") ? 0 : Number(flag("--scale") ?? 100_000);
  const work = flag("--keep") ?? mkdtempSync(join(tmpdir(), "sabt-linkage-bench-"));
  console.log(`task                     | records | pairwise F1      | B³ F1            | CH misalloc.   | rec/s    | peak RSS`);
  console.log("-".repeat(112));
  const notes: string[] = [];
  const tasks = readdirSync(BENCH).filter((t) => existsSync(join(BENCH, t, "records.csv"))).sort();
  for (const task of tasks) {
    if (only && !only.includes(task)) continue;
    try {
      console.log(row(task, join(BENCH, task, "records.csv"), join(BENCH, task, "truth.csv"), work, notes));
    } catch (e) {
      console.log(`${task.padEnd(24)} | failed: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  if (scale > 0) {
    const dir = join(work, `synth_${scale}`);
    mkdirSync(dir, { recursive: true });
    child(["--generate", String(scale), "20250", dir]);
    console.log(row(`synth_${scale}`, join(dir, "records.csv"), join(dir, "truth.csv"), work, notes));
    console.log(`targets at ${scale.toLocaleString("en")} records: ≥ 10,000 records/s end to end (CSV in → CSVs out), peak RSS < 2048 MB`);
  }
  for (const note of notes) console.log(note);
  console.log(`outputs in ${work}`);
}

main(process.argv.slice(2));
