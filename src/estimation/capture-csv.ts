/**
 * Parses CSV text (one 0/1 column per list, then `count`, optionally a stratum column) into
 * capture tables. Takes text, not a path: reading the file is the caller's job.
 */
import { parse } from "csv-parse/sync";
import { SabtError } from "../shared/errors.ts";
import { buildCaptureTable, type CaptureTable } from "./capture-table.ts";

/** Options for reading a capture-history CSV. */
export interface CaptureCsvOptions {
  /** Column holding the count (default "count"). */
  readonly countColumn?: string;
  /** Column naming each row's stratum; when given, one table per stratum is returned. */
  readonly stratumColumn?: string;
}

/** Capture tables read from CSV: the pooled table and, when a stratum column was named, one per stratum. */
export interface ParsedCaptureCsv {
  readonly table: CaptureTable;
  readonly strata?: ReadonlyMap<string, CaptureTable>;
}

const invalid = (message: string) => new SabtError("validation_failed", message);

/**
 * Parses a pattern/count CSV; errors name the 1-based data row and the column.
 * @throws SabtError validation_failed on empty input, ragged rows, bad flags or bad counts.
 * @example parseCaptureCsv("A,B,count\n1,0,30\n0,1,20\n1,1,5\n").table.observed // 55
 */
export function parseCaptureCsv(text: string, options: CaptureCsvOptions = {}): ParsedCaptureCsv {
  const countColumn = options.countColumn ?? "count";
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (e) {
    throw invalid(`CSV: ${(e as Error).message}`);
  }
  const header = records[0];
  if (header === undefined) throw invalid("CSV: the file is empty");
  if (records.length < 2) throw invalid("CSV: there are no data rows under the header");
  const countAt = header.indexOf(countColumn);
  if (countAt < 0) throw invalid(`CSV: no "${countColumn}" column in the header (${header.join(", ")})`);
  const stratumAt = options.stratumColumn === undefined ? -1 : header.indexOf(options.stratumColumn);
  if (options.stratumColumn !== undefined && stratumAt < 0) {
    throw invalid(`CSV: no stratum column "${options.stratumColumn}" in the header`);
  }
  const listAt = header.map((_, i) => i).filter((i) => i !== countAt && i !== stratumAt);
  const lists = listAt.map((i) => header[i] as string);
  if (lists.length < 2) {
    throw invalid(`CSV: need at least 2 list columns besides "${countColumn}", got ${lists.length}`);
  }

  const byStratum = new Map<string, { flags: number[]; count: number }[]>();
  const all: { flags: number[]; count: number }[] = [];
  records.slice(1).forEach((rec, r) => {
    const where = `row ${r + 1}`;
    if (rec.length !== header.length) {
      throw invalid(`${where}: has ${rec.length} columns, the header has ${header.length}`);
    }
    const flags = listAt.map((i) => {
      const v = rec[i] as string;
      if (v !== "0" && v !== "1") {
        throw invalid(`${where}, column "${header[i]}": flag must be 0 or 1, got "${v}"`);
      }
      return Number(v);
    });
    const raw = rec[countAt] as string;
    const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(count)) {
      throw invalid(`${where}, column "${countColumn}": count must be a non-negative integer, got "${raw}"`);
    }
    if (flags.every((f) => f === 0)) {
      throw invalid(
        `${where}: the all-zero pattern (people on no list) must be absent; estimating it is the point`,
      );
    }
    const row = { flags, count };
    all.push(row);
    if (stratumAt >= 0) {
      const key = rec[stratumAt] as string;
      if (key === "") throw invalid(`${where}, column "${options.stratumColumn}": stratum is empty`);
      const rows = byStratum.get(key) ?? [];
      rows.push(row);
      byStratum.set(key, rows);
    }
  });
  const table = buildCaptureTable(lists, all);
  if (stratumAt < 0) return { table };
  const strata = new Map<string, CaptureTable>();
  for (const [key, rows] of byStratum) {
    try {
      strata.set(key, buildCaptureTable(lists, rows));
    } catch (e) {
      if (e instanceof SabtError) throw invalid(`stratum "${key}": ${e.message}`);
      throw e;
    }
  }
  return { table, strata };
}
