import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";
import { stringify } from "csv-stringify/sync";
import { generateVictimLists, parseCsvRecords } from "../../linkage/index.ts";
import { LINKAGE_RECORD_COLUMNS } from "../../shared/victim-list.ts";

// The contract of ../shared/linkage/README.md: records.csv in, clusters.csv (one row per record)
// and optionally pairs.csv out, on the public dev set of the Persian/Latin victim-list schema.
const DEV = path.resolve(import.meta.dirname, "../../../../shared/linkage/bench/persian_synth_v0_dev");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-link-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { SABT_DATA_DIR: path.join(dir, "data") };

/** Pairwise F1 of predicted clusters against the truth (pairs of records in one cluster). */
function pairwiseF1(pred: Map<string, string>, truth: Map<string, string>): number {
  const pairs = (m: Map<string, string>) => {
    const groups = new Map<string, string[]>();
    for (const [r, c] of m) (groups.get(c) ?? groups.set(c, []).get(c)!).push(r);
    const out = new Set<string>();
    for (const g of groups.values()) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) out.add([g[i], g[j]].sort().join("|"));
    return out;
  };
  const p = pairs(pred);
  const t = pairs(truth);
  const tp = [...p].filter((x) => t.has(x)).length;
  return (2 * tp) / (p.size + t.size);
}

describe("sabt link", () => {
  it.skipIf(!fs.existsSync(DEV))("links the Persian/Latin dev set with the default settings: one cluster row per record, scored pairs, high F1", async () => {
    const out = path.join(dir, "clusters.csv");
    const pairs = path.join(dir, "pairs.csv");
    const r = await runSabt(["link", "--in", path.join(DEV, "records.csv"), "--out", out, "--pairs", pairs, "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { records: number; clusters: number };
    const records = parseCsvRecords(fs.readFileSync(path.join(DEV, "records.csv"), "utf8"));
    const clusters = parseCsvRecords(fs.readFileSync(out, "utf8"));
    expect(clusters.length).toBe(records.length);
    expect(summary.records).toBe(records.length);
    expect(Object.keys(clusters[0]!)).toEqual(["record_id", "cluster_id"]);
    const scored = parseCsvRecords(fs.readFileSync(pairs, "utf8"));
    expect(Object.keys(scored[0]!)).toEqual(["id_l", "id_r", "score"]);
    expect(scored.every((p) => Number(p.score) >= 0 && Number(p.score) <= 1)).toBe(true);
    const truth = new Map(parseCsvRecords(fs.readFileSync(path.join(DEV, "truth.csv"), "utf8")).map((t) => [t.record_id!, t.entity_id!]));
    const pred = new Map(clusters.map((c) => [c.record_id!, c.cluster_id!]));
    expect(pairwiseF1(pred, truth)).toBeGreaterThanOrEqual(0.95);
  }, 300_000);

  it("reports each stage on stderr while it links a large file, and writes one cluster row per record", async () => {
    const lists = generateVictimLists({ records: 50_000, seed: 5 });
    const input = path.join(dir, "large.csv");
    fs.writeFileSync(input, stringify(lists.records, { header: true, columns: [...LINKAGE_RECORD_COLUMNS] }));
    const out = path.join(dir, "large-clusters.csv");
    const r = await runSabt(["link", "--in", input, "--out", out, "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^link: read [\d,]+ records/);
    for (const stage of ["prepare", "block", "compare", "train", "cluster"]) expect(r.stderr).toMatch(new RegExp(`^link: ${stage} done \\(`, "m"));
    expect(r.stderr).toMatch(/^link: wrote .*large-clusters\.csv$/m);
    const summary = JSON.parse(r.stdout) as { records: number; skippedBlocks: number; skippedRecordSlots: number };
    expect(summary.records).toBe(lists.records.length);
    // At this size common names overflow some blocks: they are skipped, and said to be.
    expect(summary.skippedBlocks).toBeGreaterThan(0);
    expect(r.stderr).toMatch(new RegExp(`^link: ${summary.skippedBlocks} blocks over their rule's size limit skipped \\(${summary.skippedRecordSlots} record slots\\)`, "m"));
    expect(fs.readFileSync(out, "utf8").trimEnd().split("\n")).toHaveLength(lists.records.length + 1);
  }, 300_000);

  it("refuses a malformed CSV, a missing file and a bad settings file with a clear message and exit code", async () => {
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, 'record_id,full_name\nr1,"unclosed\n');
    const r1 = await runSabt(["link", "--in", bad, "--out", path.join(dir, "x.csv")], env);
    expect(r1.code).not.toBe(0);
    expect(r1.stderr).toMatch(/bad\.csv: not a valid CSV/);
    expect(r1.stderr).not.toMatch(/at .*\.ts:\d+/);
    const r2 = await runSabt(["link", "--in", path.join(dir, "missing.csv"), "--out", path.join(dir, "x.csv")], env);
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toMatch(/cannot read/);
    const settings = path.join(dir, "settings.json");
    fs.writeFileSync(settings, JSON.stringify({ fields: "not a list" }));
    fs.writeFileSync(path.join(dir, "ok.csv"), "record_id,full_name\nr1,Ali\n");
    const r3 = await runSabt(["link", "--in", path.join(dir, "ok.csv"), "--out", path.join(dir, "x.csv"), "--settings", settings], env);
    expect(r3.code).not.toBe(0);
    expect(r3.stderr).toMatch(/settings\.json: /);
  }, 120_000);
});
