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
  const rows = parseRows(text);
  const isEmpty = (r: string[]) => r.length === 1 && r[0] === "";
  let k = 0;
  while (k < rows.length && isEmpty(rows[k]!)) k++;
  const header = rows[k++];
  if (header === undefined) return [];
  // Assigned one column after another, every record gets the same shape (fast to read) and no
  // array of entries is made per record, which costs seconds at a million. A "__proto__" column
  // must be defined, not assigned (assigning sets the prototype instead), and a header is whatever
  // the file says: then every record takes the slower path.
  const assignable = !header.includes("__proto__");
  const out: Record<string, string>[] = [];
  let n = 0;
  for (; k < rows.length; k++) {
    const r = rows[k]!;
    if (isEmpty(r)) continue;
    n++;
    if (r.length !== header.length) {
      throw validationError(`CSV: row ${n + 1} has ${r.length} fields, the header has ${header.length}`);
    }
    if (!assignable) {
      out.push(Object.fromEntries(header.map((h, c) => [h, r[c]!])));
      continue;
    }
    const rec: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) rec[header[c]!] = r[c]!;
    out.push(rec);
  }
  return out;
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

/** Size of the chunks `pairsCsvChunks` yields. */
const PAIR_CHUNK_BYTES = 1 << 20;

/**
 * The scored pairs as CSV (`id_l,id_r,score`, the score with `digits` decimals, header first), in
 * chunks of about a megabyte for the caller to write as they come. Byte for byte the text of
 * `formatCsv`, without a string per line: a million records have tens of millions of pairs.
 * @example for (const chunk of pairsCsvChunks(ids, result.pairs, 6)) writeSync(fd, chunk);
 */
export function* pairsCsvChunks(
  ids: readonly string[],
  pairs: { readonly left: Int32Array; readonly right: Int32Array; readonly probability: Float64Array },
  digits: number,
): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  // Every id encoded once (quoted as needed), side by side in one array.
  const start = new Int32Array(ids.length + 1);
  let bytes = new Uint8Array(Math.max(16, ids.length * 12));
  for (let k = 0; k < ids.length; k++) {
    const b = encoder.encode(csvField(ids[k]!));
    if (start[k]! + b.length > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, start[k]! + b.length));
      grown.set(bytes);
      bytes = grown;
    }
    bytes.set(b, start[k]!);
    start[k + 1] = start[k]! + b.length;
  }
  let longest = 0;
  for (let k = 0; k < ids.length; k++) longest = Math.max(longest, start[k + 1]! - start[k]!);
  const header = encoder.encode("id_l,id_r,score\n");
  let chunk = new Uint8Array(Math.max(PAIR_CHUNK_BYTES, 2 * longest + digits + 64));
  chunk.set(header);
  let at = header.length;
  const { left, right, probability } = pairs;
  for (let p = 0; p < left.length; p++) {
    if (at + 2 * longest + digits + 32 > chunk.length) {
      yield chunk.subarray(0, at);
      chunk = new Uint8Array(chunk.length);
      at = 0;
    }
    const a = left[p]!;
    chunk.set(bytes.subarray(start[a]!, start[a + 1]!), at);
    at += start[a + 1]! - start[a]!;
    chunk[at++] = COMMA;
    const b = right[p]!;
    chunk.set(bytes.subarray(start[b]!, start[b + 1]!), at);
    at += start[b + 1]! - start[b]!;
    chunk[at++] = COMMA;
    // toFixed's digits are ASCII (a score is never written in exponent form for [0, 1]).
    const score = probability[p]!.toFixed(digits);
    for (let c = 0; c < score.length; c++) chunk[at++] = score.charCodeAt(c);
    chunk[at++] = LF;
  }
  if (at > 0) yield chunk.subarray(0, at);
}
