import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { LinkSettings, ReviewDecision } from "../../linkage/index.ts";
import { formatCsv, linkRecords, LinkSettingsSchema, parseCsvRecords, victimListSettings } from "../../linkage/index.ts";
import { SabtError, validationError } from "../../shared/errors.ts";
import { print, printJson } from "../output.ts";

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new SabtError("not_found", `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readCsv(file: string): Record<string, string>[] {
  try {
    // The linkage core's reader: a general CSV library costs seconds at 100,000 records.
    return parseCsvRecords(readText(file));
  } catch (e) {
    if (e instanceof SabtError && e.id !== "validation_failed") throw e;
    throw validationError(`${file}: not a valid CSV (${(e as Error).message})`);
  }
}

/** Loads and validates a settings file; the first problem is reported as "field: message". */
function loadSettings(file: string | undefined): LinkSettings {
  if (file === undefined) return victimListSettings();
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch (e) {
    if (e instanceof SabtError) throw e;
    throw validationError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const result = LinkSettingsSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw validationError(`${file}: ${issue.path.join(".") || "settings"}: ${issue.message}`);
  }
  return result.data;
}

function readDecisions(file: string): ReviewDecision[] {
  return readCsv(file).map((r, k) => {
    const decision = (r.decision ?? "").trim();
    if (decision !== "match" && decision !== "non-match") {
      throw validationError(`${file}: row ${k + 1}: decision must be "match" or "non-match"`);
    }
    return { left: (r.id_l ?? "").trim(), right: (r.id_r ?? "").trim(), decision };
  });
}

/** Registers `sabt link`: finds the records of one person across victim lists. */
export function register(program: Command): void {
  program
    .command("link")
    .description("Record linkage: cluster the records of one person across lists (Persian and Latin script, both calendars)")
    .requiredOption("--in <file>", "records CSV (record_id, optional source, then the fields)")
    .requiredOption("--out <file>", "clusters CSV to write (record_id,cluster_id)")
    .option("--pairs <file>", "also write every scored candidate pair (id_l,id_r,score)")
    .option("--settings <file>", "settings JSON (default: Sabt's victim-list schema)")
    .option("--decisions <file>", "reviewed pairs CSV (id_l,id_r,decision = match|non-match); they override the model")
    .option("--json", "print a summary as JSON")
    .action((opts: { in: string; out: string; pairs?: string; settings?: string; decisions?: string; json?: boolean }) => {
      const settings = loadSettings(opts.settings);
      const records = readCsv(opts.in);
      const decisions = opts.decisions === undefined ? [] : readDecisions(opts.decisions);
      const started = performance.now();
      const result = linkRecords(records, settings, { decisions });
      const rows = result.ids.map((id, k) => [id, result.clusters[k]!]);
      writeFileSync(opts.out, formatCsv([["record_id", "cluster_id"], ...rows]));
      if (opts.pairs !== undefined) {
        const { left, right, probability } = result.pairs;
        const lines: string[][] = [["id_l", "id_r", "score"]];
        for (let p = 0; p < left.length; p++) lines.push([result.ids[left[p]!]!, result.ids[right[p]!]!, probability[p]!.toFixed(6)]);
        writeFileSync(opts.pairs, formatCsv(lines));
      }
      const summary = {
        records: records.length,
        clusters: new Set(result.clusters).size,
        candidatePairs: result.candidates.count,
        prior: result.model.prior,
        seconds: (performance.now() - started) / 1000,
      };
      if (opts.json) printJson(summary);
      else print(`linked ${summary.records} records into ${summary.clusters} clusters (${summary.candidatePairs} candidate pairs) → ${opts.out}`);
    });
}
