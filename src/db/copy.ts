// Bulk loading with COPY on both engines (issue 14). A COPY is a Kysely query like any other, so it
// runs on the connection of the caller's transaction (all or nothing, as before): its data travels as
// the statement's one parameter, a `CopyIn`, and each engine's connection sends that its own way —
// PGlite as the `blob` of `COPY … FROM '/dev/blob'` (pglite-dialect.ts), a PostgreSQL server as the
// CopyData messages of `COPY … FROM STDIN` (pg-copy.ts).
import { CompiledQuery } from "kysely";
import { validationError } from "../shared/errors.ts";
import type { Db } from "./database.ts";

/** The data of one `COPY table (columns) FROM …` in PostgreSQL's text format. */
export class CopyIn {
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
    readonly data: Uint8Array<ArrayBuffer>,
  ) {}

  /** The statement that reads this data from `source` (`STDIN`, or PGlite's `'/dev/blob'`). */
  statement(source: "STDIN" | "'/dev/blob'"): string {
    const table = this.table.split(".").map(quoteIdent).join(".");
    return `COPY ${table} (${this.columns.map(quoteIdent).join(", ")}) FROM ${source}`;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const SPECIAL = /[\\\n\r\t\0]/;
const ESCAPES = new Map([
  ["\\", "\\\\"],
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
]);

/** A string as one field of COPY's text format: backslash, newline, carriage return and tab escaped. */
function escapeText(s: string): string {
  // A lone surrogate cannot be written as UTF-8 (it would become U+FFFD): refused, as the server
  // refuses it in JSON, instead of storing another text than the one given.
  if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) throw validationError("a value holds an unpaired surrogate, which is not text");
  if (!SPECIAL.test(s)) return s;
  // PostgreSQL's text cannot hold NUL at all; refused here with a stable error rather than by the server.
  if (s.includes("\0")) throw validationError("a value holds a NUL character, which the database cannot store");
  return s.replace(/[\\\n\r\t]/g, (c) => ESCAPES.get(c)!);
}

/**
 * A JSON value already serialized (a claim's `value` and `sources` are kept as JSON text): copied as
 * it is, where a plain string would be copied as a string and an object serialized.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * One value as a field of COPY's text format, written as `jsonb_populate_recordset` would read it
 * from the row's JSON: null and undefined as NULL, booleans as t/f, times as ISO strings, arrays and
 * objects as JSON.
 */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "string") return escapeText(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof JsonText) return escapeText(v.text);
  return escapeText(JSON.stringify(v));
}

/** Rows as COPY's text format: fields separated by tabs, one row a line. */
export function encodeCopyText(rows: readonly (readonly unknown[])[]): string {
  let out = "";
  for (const row of rows) out += row.map(copyField).join("\t") + "\n";
  return out;
}

// Rows per COPY statement: bounds the memory of one statement's data (a few MB) on long inputs.
const COPY_CHUNK = 20_000;

/**
 * Stores rows with COPY in the caller's transaction (or as one statement on a plain `Db`); each row
 * holds one value per column, in the order of `columns`. Columns left out take their defaults, and
 * every trigger fires as for an INSERT.
 */
export async function copyRows(db: Db, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  for (let i = 0; i < rows.length; i += COPY_CHUNK) await copyEncoded(db, table, columns, encodeCopyChunks(rows.slice(i, i + COPY_CHUNK)));
}

/**
 * Rows encoded in COPY's text format ahead of their statement (`copyEncoded`), a chunk of bytes per
 * statement: a bulk import encodes its next batch while the database stores the current one.
 */
export function encodeCopyChunks(rows: readonly (readonly unknown[])[]): Uint8Array<ArrayBuffer>[] {
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < rows.length; i += COPY_CHUNK) out.push(new TextEncoder().encode(encodeCopyText(rows.slice(i, i + COPY_CHUNK))));
  return out;
}

/** Stores rows encoded by `encodeCopyChunks` with COPY, one statement per chunk (see `copyRows`). */
export async function copyEncoded(db: Db, table: string, columns: readonly string[], chunks: readonly Uint8Array<ArrayBuffer>[]): Promise<void> {
  for (const data of chunks) {
    const copy = new CopyIn(table, columns, data);
    await db.executeQuery(CompiledQuery.raw(copy.statement("STDIN"), [copy]));
  }
}
