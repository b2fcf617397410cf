import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { ClaimValueInputSchema, type ClaimValueInput } from "../claims/index.ts";
import { parseClaimDate } from "../claims/index.ts";
import { foldText } from "../dates/index.ts";
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
  /** Set for a cell kept as raw text (`keepUnparsed`): why it could not be read, as stored. */
  unparsed?: string;
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


interface Header {
  index: number;
  raw: string;
  column: string;
  visibility: Visibility;
}

// The words a gender cell may hold. A Map, as is every table here that file content is looked up
// in: a plain object would read a cell or header "constructor" as a property of Object.prototype.
const GENDERS: ReadonlyMap<string, string> = new Map([
  ["m", "male"],
  ["male", "male"],
  ["man", "male"],
  ["مرد", "male"],
  ["مذکر", "male"],
  ["f", "female"],
  ["female", "female"],
  ["woman", "female"],
  ["زن", "female"],
  ["مونث", "female"],
  ["مؤنث", "female"],
  ["u", "unknown"],
  ["unknown", "unknown"],
  ["نامعلوم", "unknown"],
]);

const MAX_TEXT = 5000;

// Invisible characters that spreadsheets and right-to-left editors leave at the ends of cells:
// zero-width space and joiners, direction marks and isolates, the byte-order mark. Inside a
// name a ZWNJ is meaningful (کریمی‌پور) and is kept; at either end it is noise, and in a
// record_id it would make the same row a different one on the next import.
const EDGE_INVISIBLES = /^[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff]+|[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff]+$/g;

/**
 * The first character of a cell that is never data, if any: control characters (tab, newline and
 * carriage return excepted; NUL cannot even be stored by PostgreSQL, the others come from binary
 * files or broken exports) and U+FFFD, which marks bytes a converter already lost.
 */
function forbiddenChar(cell: string): number | undefined {
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) return c;
  }
  return undefined;
}

/** A cell without surrounding whitespace and invisible characters. */
function cleanCell(cell: string | undefined): string {
  return cell === undefined || cell === "" ? "" : cell.replace(EDGE_INVISIBLES, "");
}

/**
 * Headers named after the property a canonical column is stored as ("birth_date" for `birth`):
 * read as that column. Kept as an extra text claim instead, such a column would put unchecked text
 * (an impossible date, an age of "abc") into a property that everywhere else holds a typed value.
 */
const PROPERTY_ALIASES: ReadonlyMap<string, string> = new Map([
  ["name", "full_name"],
  ["birth_date", "birth"],
  ["age_at_death", "age"],
  ["note", "notes"],
]);

function parseHeaders(raw: string[], row: number, problems: ImportProblem[]): Header[] {
  const seen = new Set<string>();
  const headers: Header[] = [];
  raw.forEach((h, index) => {
    const text = cleanCell(h);
    // A column without a header is what spreadsheets export after the last real column; its
    // cells must be empty (checked row by row).
    if (text === "") return;
    const m = /^([^@]*)(?:@(.*))?$/.exec(text);
    // "Full Name", "full-name" and "FULL_NAME" all mean full_name.
    const written = (m?.[1] ?? "").trim().toLowerCase().replace(/[\s\-.]+/g, "_");
    const column = PROPERTY_ALIASES.get(written) ?? written;
    const vis = (m?.[2] ?? "team").trim().toLowerCase();
    if (vis !== "public" && vis !== "team" && vis !== "confidential") {
      problems.push({ row, column: text, message: `unknown visibility "@${vis}": use @public, @team or @confidential` });
      return;
    }
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(column)) {
      problems.push({
        row,
        column: text,
        message: "a column name must be Latin letters, digits and _ (at most 63), starting with a letter",
      });
      return;
    }
    if (seen.has(column)) {
      problems.push({ row, column: text, message: `column "${column}" appears twice` });
      return;
    }
    seen.add(column);
    headers.push({ index, raw: text, column, visibility: vis });
  });
  if (!seen.has("record_id") && problems.length === 0) {
    problems.push({ row, column: "record_id", message: "the file has no record_id column" });
  }
  return headers;
}

/**
 * The field delimiter, read from the header line: a comma, unless the header has none and uses
 * semicolons or tabs instead (spreadsheets in many locales save "CSV" with semicolons).
 */
function detectDelimiter(text: string): string {
  const end = text.indexOf("\n");
  const header = end < 0 ? text : text.slice(0, end);
  if (header.includes(",")) return ",";
  const semicolons = header.split(";").length - 1;
  const tabs = header.split("\t").length - 1;
  if (tabs > semicolons) return "\t";
  return semicolons > 0 ? ";" : ",";
}

function dateValue(text: string): ClaimValueInput {
  parseClaimDate(text); // throws a validation error with a clear message (and caches the result)
  return { type: "date", text };
}

/** The property each canonical column is stored as; any other column is stored under its own name. */
const COLUMN_PROPERTIES: ReadonlyMap<string, string> = new Map([
  ["full_name", "name"],
  ["first_name", "name"],
  ["last_name", "name"],
  ["father_name", "father_name"],
  ["gender", "gender"],
  ["birth", "birth_date"],
  ["death_date", "death_date"],
  ["age", "age_at_death"],
  ["notes", "note"],
]);

/**
 * What is stored as the reason a cell could not be read, whatever the cell's visibility: the
 * reason is stored unsealed (a confidential value is sealed; a later change of visibility reseals
 * the value, never the reason), so it never holds the cell's text. The message usually quotes the
 * cell: the quote becomes "the value", a word or number of the cell quoted otherwise (a year) an
 * ellipsis, and the message is replaced when the cell's text still shows in it.
 */
function storedReason(message: string, cell: string): string {
  const words = new Set(cell.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []);
  const stripped = message
    .split(`"${cell}"`)
    .map((part) => part.replace(/[\p{L}\p{M}\p{N}]+/gu, (w) => (words.has(w) ? "…" : w)))
    .join("the value");
  const text = cell.trim();
  return text !== "" && stripped.includes(text) ? "the value could not be read" : stripped;
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
      // Folded so that Arabic letter forms (مذكر), digits and a trailing dot (M.) still match.
      const g = GENDERS.get(foldText(text).replace(/\.$/, "").trim());
      if (!g) throw new Error(`"${text}" is not a gender Sabt knows (male, female, unknown, m, f, مرد, زن)`);
      return { property: "gender", value: { type: "text", text: g } };
    }
    case "birth":
      return { property: "birth_date", value: dateValue(text) };
    case "death_date":
      return { property: "death_date", value: dateValue(text) };
    case "age": {
      const ascii = text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
      // A bare number of years, optionally followed by its unit ("27 years", "۲۷ سال").
      const m = /^(\d{1,3})\s*(?:years?|yrs?|y|سال|ساله)?$/i.exec(ascii);
      if (!m || Number(m[1]) > 120) throw new Error(`"${text}" is not an age in years (0 to 120)`);
      return { property: "age_at_death", value: { type: "number", amount: Number(m[1]), unit: "years" } };
    }
    case "notes":
      return { property: "note", value: { type: "text", text } };
    default:
      return { property: column, value: { type: "text", text } };
  }
}

/**
 * Reads one cell of a list's column as the importer does (an editor resolving an unread cell types
 * it again), with the claim schema's check.
 * @throws Error whose message says why the text is not a value of that column
 * @example readCellValue("age", "27") // { property: "age_at_death", value: { type: "number", amount: 27, unit: "years" } }
 */
export function readCellValue(column: string, text: string): { property: string; value: ClaimValueInput } {
  const bad = cellProblem(column, text);
  if (bad) throw new Error(bad);
  const read = cellValue(column, text);
  const checked = ClaimValueInputSchema.safeParse(read.value);
  if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? "not a valid value");
  return read;
}

/** The columns whose values are the person's own names; the label is made from them. */
export const NAME_COLUMNS: readonly string[] = ["full_name", "first_name", "last_name"];
const RANK: Record<Visibility, number> = { public: 0, team: 1, confidential: 2 };

/** The more restricted of two visibilities. */
export function stricterVisibility(a: Visibility, b: Visibility): Visibility {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The longest value each kind of claim may hold (the claim schema's limits, or tighter). */
const MAX_LENGTH: Record<"name" | "date" | "text", number> = { name: 300, date: 200, text: MAX_TEXT };

/** Checks one cell's characters and length before it is read; a message when it is refused. */
function cellProblem(column: string, cell: string): string | undefined {
  const bad = forbiddenChar(cell);
  if (bad !== undefined) {
    const code = bad.toString(16).toUpperCase().padStart(4, "0");
    return code === "FFFD"
      ? "the value contains U+FFFD (a character lost when the file was converted from another encoding)"
      : `the value contains the control character U+${code}`;
  }
  const kind =
    NAME_COLUMNS.includes(column) || column === "father_name"
      ? "name"
      : column === "birth" || column === "death_date"
        ? "date"
        : "text";
  if (cell.length > MAX_LENGTH[kind]) return `the value is longer than ${MAX_LENGTH[kind]} characters`;
  return undefined;
}

function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => cleanCell(c) === "");
}

/**
 * Parses and validates a whole victim-list CSV. Returns every problem (one per bad value) and,
 * only when there are none, the rows. `row` numbers are spreadsheet rows: every record counts,
 * blank ones too, and a quoted value spanning lines is still one row. Blank rows (no value in any
 * cell) are skipped and not counted in `total`. Pure: the caller decides whether anything is written.
 * A cell that is there but cannot be read as its column's kind of value (an age of -5, a year whose
 * calendar cannot be told) is listed in `unparsed`; it is also a problem unless `keepUnparsed`,
 * which keeps it as raw text marked unparsed (never public). Names and unstorable cells (control
 * characters, too long) are always problems.
 */
export function parsePersonsCsv(
  text: string,
  opts: { keepUnparsed?: boolean } = {},
): { rows: PersonRow[]; problems: ImportProblem[]; unparsed: ImportProblem[]; total: number } {
  const problems: ImportProblem[] = [];
  const unparsed: ImportProblem[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      // Any line end, even mixed in one file (rows pasted from another export): by default the
      // parser takes the first line's end for all, and a "\n" row would swallow the next one.
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      // A quote inside an unquoted value (a nickname: Ali "Kuchik" Rezaei) is kept as written, as
      // spreadsheets do; an unclosed quoted value is still an error.
      relax_quotes: true,
      trim: true,
    }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    return { rows: [], problems: [{ row: line, column: "", message: `not a valid CSV file: ${(e as Error).message}` }], unparsed, total: 0 };
  }
  const headerIndex = records.findIndex((r) => !isBlankRecord(r));
  if (headerIndex < 0) return { rows: [], problems: [{ row: 1, column: "", message: "the file is empty" }], unparsed, total: 0 };
  const headerCells = records[headerIndex]!;
  const headers = parseHeaders(headerCells, headerIndex + 1, problems);
  const dataRecords = records.slice(headerIndex + 1);
  const total = dataRecords.filter((r) => !isBlankRecord(r)).length;
  if (problems.length > 0) return { rows: [], problems, unparsed, total };
  // Cells a row must have: up to the last named column. Cells past it (a spreadsheet's empty
  // trailing columns) may be present but must be empty, like those under a header without a name.
  const needed = Math.max(...headers.map((h) => h.index)) + 1;
  const named = new Set(headers.map((h) => h.index));

  const rows: PersonRow[] = [];
  const ids = new Map<string, number>();
  for (let r = 0; r < dataRecords.length; r++) {
    const cells = dataRecords[r]!;
    const line = headerIndex + r + 2;
    if (isBlankRecord(cells)) continue;
    if (cells.length < needed) {
      problems.push({ row: line, column: "", message: `the row has ${cells.length} fields, the header has ${headerCells.length}` });
      continue;
    }
    const strays = cells.flatMap((c, i) => (named.has(i) || cleanCell(c) === "" ? [] : [i]));
    if (strays.length > 0) {
      problems.push({
        row: line,
        column: "",
        message:
          cells.length > headerCells.length
            ? `the row has ${cells.length} fields, the header has ${headerCells.length}`
            : `a value in column ${strays[0]! + 1}, which has no header`,
      });
      continue;
    }
    const values: RowValue[] = [];
    let recordId = "";
    let recordIdRefused = false;
    // Set when a name cell was refused: that error already says what is wrong with the row.
    let nameRefused = false;
    const names: { column: string; text: string; visibility: Visibility }[] = [];
    for (const h of headers) {
      const cell = cleanCell(cells[h.index]);
      if (cell === "") continue;
      const bad = cellProblem(h.column, cell);
      if (bad) {
        problems.push({ row: line, column: h.raw, message: bad });
        recordIdRefused ||= h.column === "record_id";
        nameRefused ||= NAME_COLUMNS.includes(h.column);
        continue;
      }
      if (h.column === "record_id") {
        recordId = cell;
        continue;
      }
      try {
        const { property, value } = cellValue(h.column, cell);
        // The claim schema is the boundary every value passes through the API; imported values
        // must satisfy it too, or they could not be edited later.
        const checked = ClaimValueInputSchema.safeParse(value);
        if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? "not a valid value");
        values.push({ column: h.column, property, value, visibility: h.visibility });
        if (NAME_COLUMNS.includes(h.column)) names.push({ column: h.column, text: cell, visibility: h.visibility });
      } catch (e) {
        const message = isSabtError(e) || e instanceof Error ? e.message : String(e);
        // A name is what the person is known by (their label): it is never kept unread.
        if (NAME_COLUMNS.includes(h.column)) {
          problems.push({ row: line, column: h.raw, message });
          nameRefused = true;
          continue;
        }
        unparsed.push({ row: line, column: h.raw, message });
        if (!opts.keepUnparsed) {
          problems.push({ row: line, column: h.raw, message });
          continue;
        }
        // Kept as the raw text, under the column's property, never public (the team resolves it).
        const visibility = stricterVisibility(h.visibility, "team");
        values.push({
          column: h.column,
          property: COLUMN_PROPERTIES.get(h.column) ?? h.column,
          value: { type: "text", text: cell },
          visibility,
          unparsed: storedReason(message, cell),
        });
      }
    }
    if (recordIdRefused) continue;
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
    if (nameRefused) continue;
    if (names.length === 0 && !nameRefused) {
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
  return { rows: problems.length ? [] : rows, problems, unparsed, total };
}

/**
 * The label of a person from the names of a row: the most open names win, the full name before
 * given + family name. Entity labels are at most 300 characters.
 */
export function pickLabel(names: readonly { column: string; text: string; visibility: Visibility }[]): {
  column: string;
  text: string;
  visibility: Visibility;
} {
  const best = Math.min(...names.map((n) => RANK[n.visibility]));
  const open = names.filter((n) => RANK[n.visibility] === best);
  const full = open.find((n) => n.column === "full_name");
  if (full) return full;
  const given = open.find((n) => n.column === "first_name")?.text ?? "";
  const family = open.find((n) => n.column === "last_name")?.text ?? "";
  return { column: "composed", text: `${given} ${family}`.trim().slice(0, 300), visibility: open[0]!.visibility };
}
