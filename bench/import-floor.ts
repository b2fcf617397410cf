/**
 * Sabt's importer against the database's own bulk load (issue 14): on each engine, in the same run,
 * (b) Sabt imports the generated fictional N-row list (the spine bench's) into an empty database,
 * then (a) the database itself `COPY`s exactly the rows that import stored — entities, claims,
 * list records, version commitments, revisions, audit entries, the import run — into another empty
 * database with today's indexes, foreign keys and triggers (the derived search terms and person
 * facets are filled by those triggers, as during the import). Prints rows/s of both and the ratio
 * (target ≥ 50 %).
 *
 * `npm run bench:import-floor [-- --rows N] [--batch N] [--engine pglite|postgres|both] [--pg-port N]`
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { reportRow } from "./summary.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CompiledQuery, sql } from "kysely";
import pg from "pg";
import { copyField, CopyIn, openDatabase, type Db } from "../src/db/index.ts";
import { runPersonImport } from "../src/imports/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import { systemViewer } from "../src/shared/viewer.ts";
import { makeListCsv } from "./list-csv.ts";
import { startTempPostgres } from "./pg-server.ts";

setLogLevel("error");
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const ROWS = Number(arg("rows", "20000"));
// The importer's batch: what `sabt import persons` uses unless told otherwise.
const BATCH = Number(arg("batch", "1000"));
const ENGINE = arg("engine", "both");
const TARGET = 0.5;
const PAGE = 20_000;

// Every table an import writes, parents before children (the foreign keys are checked as the rows
// arrive). The derived tables (`sabt_derived`) are left out: their triggers fill them.
const TABLES = ["entity", "claim", "claim_sealed_term", "list_record", "import_run", "review_request", "revision", "version_commitment", "audit_log"];

/** One table's stored rows in COPY's text format, in pages. */
interface TableDump {
  table: string;
  columns: string[];
  rows: number;
  pages: Uint8Array<ArrayBuffer>[];
}

/** Reads every stored (not generated) column of the tables as text, exactly as COPY reads it back. */
async function dumpTables(db: Db): Promise<TableDump[]> {
  const out: TableDump[] = [];
  for (const table of TABLES) {
    const cols = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER' ORDER BY ordinal_position`.execute(db);
    const columns = cols.rows.map((c) => c.column_name);
    const list = sql.join(columns.map((c) => sql`${sql.ref(c)}::text AS ${sql.ref(c)}`));
    const dump: TableDump = { table, columns, rows: 0, pages: [] };
    let after = "(0,0)";
    for (;;) {
      // Paged by physical position (a TID range scan): every table, whatever its key.
      const r = await sql<Record<string, string | null> & { ctid_: string }>`
        SELECT ctid::text AS ctid_, ${list} FROM ${sql.table(table)} WHERE ctid > ${after}::tid ORDER BY ctid LIMIT ${PAGE}`.execute(db);
      if (r.rows.length === 0) break;
      let text = "";
      for (const row of r.rows) text += columns.map((c) => copyField(row[c])).join("\t") + "\n";
      dump.pages.push(new TextEncoder().encode(text));
      dump.rows += r.rows.length;
      after = r.rows[r.rows.length - 1]!.ctid_;
    }
    if (dump.rows > 0) out.push(dump);
  }
  return out;
}

/** Loads the dumped rows with COPY in one transaction, as the database's own bulk load; seconds. */
async function copyTables(db: Db, dumps: readonly TableDump[]): Promise<number> {
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const d of dumps) {
      for (const page of d.pages) {
        const copy = new CopyIn(d.table, d.columns, page);
        await trx.executeQuery(CompiledQuery.raw(copy.statement("STDIN"), [copy]));
      }
    }
  });
  return (performance.now() - t0) / 1000;
}

/** Where one engine's two databases live, and how to drop them. */
interface Place {
  config: { dataDir: string; databaseUrl: string | undefined };
  drop(): Promise<void>;
}

async function place(engine: string, serverUrl: string | undefined, name: string): Promise<Place> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-floor-"));
  if (engine === "pglite") return { config: { dataDir, databaseUrl: undefined }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return {
    config: { dataDir, databaseUrl: url.toString() },
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name}`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function measure(engine: string, serverUrl: string | undefined) {
  const { csv } = makeListCsv(ROWS);
  const load = [os.loadavg()[0]!];
  // (b) Sabt's importer, as `sabt import persons` runs it.
  const a = await place(engine, serverUrl, "sabt_floor_import");
  let dumps: TableDump[];
  let sabtS: number;
  try {
    const h = await openDatabase(a.config);
    try {
      const t0 = performance.now();
      const report = await runPersonImport(h.db, systemViewer("bench"), csv, { listName: "Fictional floor list", batchSize: BATCH, isFictional: true });
      sabtS = (performance.now() - t0) / 1000;
      if (report.errors.length > 0) throw new Error(`bench CSV invalid: ${JSON.stringify(report.errors[0])}`);
      console.log(`${engine}: Sabt imported ${report.rows.toLocaleString()} rows in ${sabtS.toFixed(1)} s`);
      dumps = await dumpTables(h.db);
    } finally {
      await h.close();
    }
  } finally {
    await a.drop();
  }
  // (a) The database's own COPY of the same rows into an empty database.
  const b = await place(engine, serverUrl, "sabt_floor_copy");
  let copyS: number;
  try {
    const h = await openDatabase(b.config);
    try {
      copyS = await copyTables(h.db, dumps);
    } finally {
      await h.close();
    }
  } finally {
    await b.drop();
  }
  load.push(os.loadavg()[0]!);
  const stored = dumps.map((d) => `${d.table} ${d.rows.toLocaleString()}`).join(", ");
  console.log(`${engine}: COPY of the same rows (${stored}) in ${copyS.toFixed(1)} s`);
  return { engine, sabt: ROWS / sabtS, copy: ROWS / copyS, load };
}

/** Measures each engine asked for in this process and prints the table and summary rows. */
async function measureHere() {
  const results = [];
  if (ENGINE !== "postgres") results.push(await measure("pglite", undefined));
  if (ENGINE !== "pglite") {
    const server = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop() {} } : startTempPostgres(Number(arg("pg-port", "55498")));
    if (server) {
      try {
        results.push(await measure("postgres", server.url));
      } finally {
        server.stop();
      }
    } else console.log("(no PostgreSQL server binaries found: the postgres row is skipped)");
  }
  console.log(`\nImport against the database's own COPY — ${ROWS.toLocaleString()}-row generated list, batches of ${BATCH}, ${os.cpus().length} cores`);
  console.log(`engine    COPY list rows/s   Sabt list rows/s   ratio   target   load average (before, after)`);
  for (const r of results) {
    const ratio = r.sabt / r.copy;
    console.log(
      `${r.engine.padEnd(9)} ${Math.round(r.copy).toLocaleString().padStart(14)}   ${Math.round(r.sabt).toLocaleString().padStart(14)}   ${(ratio * 100).toFixed(0).padStart(4)} %   ≥ ${TARGET * 100} %   ${r.load.map((l) => l.toFixed(2)).join(", ")}${ratio >= TARGET ? "" : "   (below target)"}`,
    );
  }
  for (const r of results) {
    reportRow({
      work: `Import, ${ROWS.toLocaleString("en")}-row list (${r.engine})`,
      sabt: `${Math.round(r.sabt).toLocaleString("en")} list rows/s`,
      reference: `the database's COPY of the same rows: ${Math.round(r.copy).toLocaleString("en")} rows/s`,
      ratio: r.sabt / r.copy,
      target: `≥ ${TARGET * 100} % of COPY`,
      holds: r.sabt / r.copy >= TARGET,
    });
  }
}

if (ENGINE === "both") {
  // Each engine in a process of its own: the embedded database's run leaves this process's memory
  // large, and the server's run after it in the same process was measured a fifth slower.
  const i = process.argv.indexOf("--engine");
  const args = process.argv.slice(2).filter((_, k) => i < 0 || (k + 2 !== i && k + 2 !== i + 1));
  for (const engine of ["pglite", "postgres"]) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args, "--engine", engine], { stdio: "inherit" });
    if (r.status !== 0) process.exitCode = 1;
  }
} else await measureHere();
