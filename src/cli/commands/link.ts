import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { LinkSettings, ReviewDecision } from "../../linkage/index.ts";
import { csvField, linkRecords, LinkSettingsSchema, pairsCsvChunks, parseCsvRecords, victimListSettings } from "../../linkage/index.ts";
import { SabtError, validationError } from "../../shared/errors.ts";
import { writeChunks, writeLines } from "../../shared/line-file.ts";
import { print, printError, printJson } from "../output.ts";

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

/** From this many records a run reports each finished stage on stderr: it takes seconds to minutes. */
const PROGRESS_MIN_RECORDS = 50_000;

interface LinkOpts {
  in: string;
  out: string;
  pairs?: string;
  settings?: string;
  decisions?: string;
  json?: boolean;
}

/** Links the records of `--in` and writes the clusters (and scored pairs), line by line. */
function linkCommand(opts: LinkOpts): void {
  const settings = loadSettings(opts.settings);
  const started = performance.now();
  let records: Record<string, string>[] | undefined = readCsv(opts.in);
  const count = records.length;
  const decisions = opts.decisions === undefined ? [] : readDecisions(opts.decisions);
  const long = count >= PROGRESS_MIN_RECORDS;
  const say = (line: string) => {
    if (long) printError(`link: ${line}`);
  };
  say(`read ${count.toLocaleString("en")} records (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const linkStarted = performance.now();
  const result = linkRecords(records, settings, { decisions, onStage: (stage, s) => say(`${stage} done (${s.toFixed(1)} s)`) });
  records = undefined; // the clusters and pairs are written from the result alone
  const ids = result.ids;
  // Written line by line: a million records have millions of scored pairs, too many for one string.
  writeLines(opts.out, ids.length + 1, (k) => (k === 0 ? "record_id,cluster_id" : `${csvField(ids[k - 1]!)},${csvField(result.clusters[k - 1]!)}`));
  if (opts.pairs !== undefined) writeChunks(opts.pairs, pairsCsvChunks(ids, result.pairs, 6));
  say(`wrote ${opts.out}${opts.pairs === undefined ? "" : ` and ${opts.pairs}`}`);
  // Blocking stays linear by skipping blocks over a rule's size limit; say so, as their pairs were
  // found only if another rule made them candidates.
  const skipped = result.candidates.skippedBlocks;
  const skippedSlots = skipped.reduce((a, [, size]) => a + size, 0);
  if (skipped.length > 0) {
    printError(`link: ${skipped.length} blocks over their rule's size limit skipped (${skippedSlots} record slots); their pairs are candidates only through other rules`);
  }
  const summary = {
    records: count,
    clusters: new Set(result.clusters).size,
    candidatePairs: result.candidates.count,
    skippedBlocks: skipped.length,
    skippedRecordSlots: skippedSlots,
    prior: result.model.prior,
    seconds: (performance.now() - linkStarted) / 1000,
  };
  if (opts.json) printJson(summary);
  else print(`linked ${summary.records} records into ${summary.clusters} clusters (${summary.candidatePairs} candidate pairs) → ${opts.out}`);
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
    .action(linkCommand);
}
