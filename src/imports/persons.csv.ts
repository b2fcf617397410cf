import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import type { ClaimValueInput } from "../claims/claim.schema.ts";
import { parseClaimDate } from "../claims/claim.values.ts";
import { isSabtError } from "../shared/errors.ts";
import { canonicalJson } from "../shared/canonical-json.ts";
import type { Visibility } from "../shared/viewer.ts";

/** One problem with one value of the file; `row` is the spreadsheet row (the header is row 1). */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

/** One value of a row, ready to become a claim. */
export interface RowValue {
  column: string;
  property: string;
  value: ClaimValueInput;
  visibility: Visibility;
}

/** One valid row of a victim list. */
export interface PersonRow {
  line: number;
  recordId: string;
  label: string;
  labelVisibility: Visibility;
  values: RowValue[];
  hash: string;
}

/** The canonical columns of a victim list, and how each becomes a claim. */
export const CANONICAL_COLUMNS = [
  "record_id",
  "full_name",
  "first_name",
  "last_name",
  "father_name",
  "gender",
  "birth",
  "age",
  "death_date",
  "death_place",
  "city",
  "prison",
  "notes",
] as const;

interface Header {
  index: number;
  raw: string;
  column: string;
  visibility: Visibility;
}

const GENDERS: Record<string, string> = {
  m: "male",
  male: "male",
  man: "male",
  مرد: "male",
  مذکر: "male",
  f: "female",
  female: "female",
  woman: "female",
  زن: "female",
  مونث: "female",
  مؤنث: "female",
  u: "unknown",
  unknown: "unknown",
  نامعلوم: "unknown",
};

const MAX_TEXT = 5000;

function parseHeaders(raw: string[], problems: ImportProblem[]): Header[] {
  const seen = new Set<string>();
  const headers: Header[] = [];
  raw.forEach((h, index) => {
    const text = h.trim();
    const m = /^([^@]*)(?:@(.*))?$/.exec(text);
    const column = (m?.[1] ?? "").trim().toLowerCase();
    const vis = (m?.[2] ?? "team").trim().toLowerCase();
    if (vis !== "public" && vis !== "team" && vis !== "confidential") {
      problems.push({ row: 1, column: text, message: `unknown visibility "@${vis}": use @public, @team or @confidential` });
      return;
    }
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(column)) {
      problems.push({ row: 1, column: text, message: "a column name must be letters, digits and _ starting with a letter" });
      return;
    }
    if (seen.has(column)) {
      problems.push({ row: 1, column: text, message: `column "${column}" appears twice` });
      return;
    }
    seen.add(column);
    headers.push({ index, raw: text, column, visibility: vis });
  });
  if (!seen.has("record_id") && problems.length === 0) {
    problems.push({ row: 1, column: "record_id", message: "the file has no record_id column" });
  }
  return headers;
}

function dateValue(text: string): ClaimValueInput {
  parseClaimDate(text); // throws a validation error with a clear message (and caches the result)
  return { type: "date", text };
}

/** Turns one cell into a claim value, or throws a SabtError whose message is shown for that cell. */
function cellValue(column: string, text: string): { property: string; value: ClaimValueInput } {
  switch (column) {
    case "full_name":
      return { property: "name", value: { type: "name", text, kind: "full" } };
    case "first_name":
      return { property: "name", value: { type: "name", text, kind: "given" } };
    case "last_name":
      return { property: "name", value: { type: "name", text, kind: "family" } };
    case "father_name":
      return { property: "father_name", value: { type: "name", text, kind: "father" } };
    case "gender": {
      const g = GENDERS[text.toLowerCase()];
      if (!g) throw new Error(`"${text}" is not a gender Sabt knows (male, female, unknown, m, f, مرد, زن)`);
      return { property: "gender", value: { type: "text", text: g } };
    }
    case "birth":
      return { property: "birth_date", value: dateValue(text) };
    case "death_date":
      return { property: "death_date", value: dateValue(text) };
    case "age": {
      const ascii = text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
      if (!/^\d{1,3}$/.test(ascii) || Number(ascii) > 120) throw new Error(`"${text}" is not an age in years (0 to 120)`);
      return { property: "age_at_death", value: { type: "number", amount: Number(ascii), unit: "years" } };
    }
    case "notes":
      return { property: "note", value: { type: "text", text } };
    default:
      return { property: column, value: { type: "text", text } };
  }
}

const NAME_COLUMNS = ["full_name", "first_name", "last_name"] as const;
const RANK: Record<Visibility, number> = { public: 0, team: 1, confidential: 2 };

/**
 * Parses and validates a whole victim-list CSV. Returns every problem (one per bad value) and,
 * only when there are none, the rows. Pure: the caller decides whether anything is written.
 */
export function parsePersonsCsv(text: string): { rows: PersonRow[]; problems: ImportProblem[]; total: number } {
  const problems: ImportProblem[] = [];
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    return { rows: [], problems: [{ row: line, column: "", message: `not a valid CSV file: ${(e as Error).message}` }], total: 0 };
  }
  if (records.length === 0) return { rows: [], problems: [{ row: 1, column: "", message: "the file is empty" }], total: 0 };
  const headers = parseHeaders(records[0]!, problems);
  if (problems.length > 0) return { rows: [], problems, total: records.length - 1 };

  const rows: PersonRow[] = [];
  const ids = new Map<string, number>();
  for (let r = 1; r < records.length; r++) {
    const cells = records[r]!;
    const line = r + 1;
    if (cells.length !== records[0]!.length) {
      problems.push({ row: line, column: "", message: `the row has ${cells.length} fields, the header has ${records[0]!.length}` });
      continue;
    }
    const values: RowValue[] = [];
    let recordId = "";
    const names: { column: string; text: string; visibility: Visibility }[] = [];
    for (const h of headers) {
      const cell = (cells[h.index] ?? "").trim();
      if (h.column === "record_id") {
        recordId = cell;
        continue;
      }
      if (cell === "") continue;
      if (cell.length > MAX_TEXT) {
        problems.push({ row: line, column: h.raw, message: `the value is longer than ${MAX_TEXT} characters` });
        continue;
      }
      try {
        const { property, value } = cellValue(h.column, cell);
        values.push({ column: h.column, property, value, visibility: h.visibility });
        if ((NAME_COLUMNS as readonly string[]).includes(h.column)) names.push({ column: h.column, text: cell, visibility: h.visibility });
      } catch (e) {
        problems.push({ row: line, column: h.raw, message: isSabtError(e) || e instanceof Error ? e.message : String(e) });
      }
    }
    if (recordId === "") {
      problems.push({ row: line, column: "record_id", message: "record_id is empty" });
      continue;
    }
    if (recordId.length > 200) problems.push({ row: line, column: "record_id", message: "record_id is longer than 200 characters" });
    const first = ids.get(recordId);
    if (first !== undefined) {
      problems.push({ row: line, column: "record_id", message: `record_id "${recordId}" already appears on row ${first}` });
      continue;
    }
    ids.set(recordId, line);
    if (names.length === 0) {
      problems.push({ row: line, column: "full_name", message: "a person needs a name: full_name, first_name or last_name" });
      continue;
    }
    // The label is what lists and URLs show; it takes the most open name so that a confidential
    // name never becomes the label of a less protected entity.
    const label = pickLabel(names);
    rows.push({
      line,
      recordId,
      label: label.text,
      labelVisibility: label.visibility,
      values,
      hash: createHash("sha256").update(canonicalJson(values)).digest("hex"),
    });
  }
  return { rows: problems.length ? [] : rows, problems, total: records.length - 1 };
}

function pickLabel(names: { column: string; text: string; visibility: Visibility }[]) {
  const best = Math.min(...names.map((n) => RANK[n.visibility]));
  const open = names.filter((n) => RANK[n.visibility] === best);
  const full = open.find((n) => n.column === "full_name");
  if (full) return full;
  const given = open.find((n) => n.column === "first_name")?.text ?? "";
  const family = open.find((n) => n.column === "last_name")?.text ?? "";
  return { column: "composed", text: `${given} ${family}`.trim(), visibility: open[0]!.visibility };
}
