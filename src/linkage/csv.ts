/**
 * RFC 4180 CSV text ↔ records, for linkage input and output. A general CSV library builds each
 * record through per-field callbacks, which costs seconds on 100,000-record lists; this one scans
 * the text once. Text in, text out: reading and writing files stays with the caller.
 */
import { validationError } from "../shared/errors.ts";

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Splits CSV text into rows of fields (quotes, doubled quotes, CRLF and quoted newlines understood). */
function parseRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      let out = "";
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw validationError(`CSV: unclosed quote in row ${rows.length + 1}`);
        out += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          out += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = out;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      if (i === n) row.push("");
      continue;
    }
    if (c === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    else if (i < n && c !== CR) throw validationError(`CSV: unexpected character after a quoted field in row ${rows.length + 1}`);
    rows.push(row);
    row = [];
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/**
 * Parses CSV text with a header row into records keyed by column name; empty lines are skipped and
 * a leading byte-order mark is dropped.
 * @throws SabtError("validation_failed") on an unclosed quote or a row with the wrong number of fields.
 * @example parseCsvRecords("record_id,name\nr1,Ali\n") // [{ record_id: "r1", name: "Ali" }]
 */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows = parseRows(text).filter((r) => !(r.length === 1 && r[0] === ""));
  const header = rows[0];
  if (header === undefined) return [];
  return rows.slice(1).map((r, k) => {
    if (r.length !== header.length) {
      throw validationError(`CSV: row ${k + 2} has ${r.length} fields, the header has ${header.length}`);
    }
    // Defined, not assigned: assigning to a plain object drops a "__proto__" column (it sets the
    // prototype instead), and a header is whatever the file says.
    return Object.fromEntries(header.map((h, c) => [h, r[c]!]));
  });
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, quoted only when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Formats rows (the first is the header) as CSV text with LF line ends.
 * @example formatCsv([["record_id", "cluster_id"], ["r1", "c0"]]) // "record_id,cluster_id\nr1,c0\n"
 */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  const lines = new Array<string>(rows.length);
  for (let k = 0; k < rows.length; k++) lines[k] = rows[k]!.map(csvField).join(",");
  return lines.join("\n") + "\n";
}
