/**
 * The floor under issue 2's import target (≥ 10,000 list rows/s on 2 cores): how fast the database
 * alone can take the rows an import must store, with no CSV parsing, validation, slugs, audit or
 * other application work — once for today's model (a person, one claim per value, a list record) and
 * once for the smallest conceivable model (a person and one searchable row holding all of a list
 * row's values). If the second misses the target too, no storage design reaches it on this machine.
 *
 * `npm run bench:import-floor [-- --rows N] [--engine pglite|postgres|both] [--pg-port N]`
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { insertClaimRows } from "../src/claims/index.ts";
import { newClaimRow } from "../src/claims/index.ts";
import { resolveValue } from "../src/claims/index.ts";
import { openDatabase, type DatabaseHandle } from "../src/db/index.ts";
import { insertEntitiesBulk } from "../src/entities/index.ts";
import { insertListRecords } from "../src/imports/import.repository.ts";
import { timeOrderedId } from "../src/imports/claim-rows.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import { startTempPostgres } from "./pg-server.ts";

setLogLevel("error");
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const ROWS = Number(arg("rows", "50000"));
const ENGINE = arg("engine", "both");
const BATCH = 5000;
const TARGET = 10_000;

// Fictional given and family names; six values per row, as in the generated bench list (6.3).
const GIVEN = ["Parviz", "Shirin", "Kamran", "Nasrin", "Bahman", "Roya", "Farhad", "Azita", "Siavash", "Mahin"];
const FAMILY = ["Arjmand", "Tavakoli", "Sepanta", "Golzari", "Moshiri", "Rahnama", "Kianpour", "Nikzad"];
const valuesOf = (k: number) => {
  const name = `${GIVEN[k % GIVEN.length]} ${FAMILY[(k * 7) % FAMILY.length]}`;
  return [
    { property: "name", value: { type: "name" as const, text: name, kind: "full" as const } },
    { property: "name", value: { type: "name" as const, text: GIVEN[(k * 3) % GIVEN.length]!, kind: "father" as const } },
    { property: "gender", value: { type: "text" as const, text: k % 5 === 0 ? "female" : "male" } },
    { property: "birth", value: { type: "date" as const, text: `${1330 + (k % 20)}`, calendar: "jalali" as const } },
    { property: "death", value: { type: "date" as const, text: `1367/05/${1 + (k % 28)}`, calendar: "jalali" as const } },
    { property: "prison", value: { type: "text" as const, text: k % 2 ? "Evin" : "Gohardasht" } },
  ];
};

/** Today's model: each list row is a person, six claims citing the list, and a list record. */
async function todaysModel(h: DatabaseHandle): Promise<number> {
  const listId = timeOrderedId();
  const at = new Date();
  await h.db.transaction().execute((trx) =>
    insertEntitiesBulk(trx, [{ id: listId, type: "list", slug: `floor-list-${listId.slice(-8)}`, label: "Floor list (fictional)", visibility: "public", is_fictional: true, version: 1, created_by: "system:bench", created_at: at, updated_at: at }]),
  );
  // The values are resolved once per distinct value, as the importer does, and outside the clock.
  const resolved = new Map<string, ReturnType<typeof newClaimRow>>();
  const template = (v: ReturnType<typeof valuesOf>[number]) => {
    const key = JSON.stringify(v);
    let r = resolved.get(key);
    if (!r) {
      r = newClaimRow(
        { entityId: "", property: v.property, sources: [{ sourceId: listId }], editorial: false, confidence: "medium", visibility: "team", status: "asserted" },
        resolveValue(v.value),
        "system:bench",
      );
      resolved.set(key, r);
    }
    return r;
  };
  let ms = 0;
  for (let i = 0; i < ROWS; i += BATCH) {
    const n = Math.min(BATCH, ROWS - i);
    const people = Array.from({ length: n }, (_, j) => ({
      id: timeOrderedId(),
      type: "person",
      slug: `floor-${i + j}-${listId.slice(-8)}`,
      label: `${GIVEN[(i + j) % GIVEN.length]} ${FAMILY[((i + j) * 7) % FAMILY.length]}`,
      visibility: "team" as const,
      is_fictional: true,
      version: 1,
      created_by: "system:bench",
      created_at: at,
      updated_at: at,
    }));
    const claims = people.flatMap((p, j) =>
      valuesOf(i + j).map((v, c) => ({ ...template(v), id: timeOrderedId(), entity_id: p.id, origin: `list:${listId}:r${i + j}:${c}` })),
    );
    const records = people.map((p, j) => ({ list_id: listId, record_id: `r${i + j}`, person_id: p.id, row_hash: "0".repeat(64), import_id: "floor" }));
    const t0 = performance.now();
    await h.db.transaction().execute(async (trx) => {
      await insertEntitiesBulk(trx, people);
      await insertClaimRows(trx, claims);
      await insertListRecords(trx, records);
    });
    ms += performance.now() - t0;
  }
  return ROWS / (ms / 1000);
}

/** The smallest model: a person and one row with all its values and their search terms. */
async function smallestModel(h: DatabaseHandle): Promise<number> {
  await sql`CREATE SCHEMA IF NOT EXISTS floor_probe`.execute(h.db);
  await sql`CREATE TABLE floor_probe.person (id text PRIMARY KEY, slug text NOT NULL UNIQUE, label text NOT NULL, created_at timestamptz NOT NULL)`.execute(h.db);
  await sql`CREATE TABLE floor_probe.list_row (
      list_id text NOT NULL, record_id text NOT NULL, person_id text NOT NULL REFERENCES floor_probe.person (id),
      vals jsonb NOT NULL, search_key text NOT NULL, PRIMARY KEY (list_id, record_id))`.execute(h.db);
  await sql`CREATE INDEX ON floor_probe.list_row (person_id)`.execute(h.db);
  await sql`CREATE INDEX ON floor_probe.list_row USING gin (sabt_search_terms(search_key))`.execute(h.db);
  const at = new Date().toISOString();
  let ms = 0;
  for (let i = 0; i < ROWS; i += BATCH) {
    const n = Math.min(BATCH, ROWS - i);
    const people = Array.from({ length: n }, (_, j) => ({ id: timeOrderedId(), slug: `p-${i + j}`, label: `${GIVEN[(i + j) % GIVEN.length]}`, created_at: at }));
    const rows = people.map((p, j) => {
      const vals = valuesOf(i + j);
      return { list_id: "floor", record_id: `r${i + j}`, person_id: p.id, vals, search_key: vals.map((v) => ("text" in v.value ? v.value.text : "")).join(" ").toLowerCase() };
    });
    const t0 = performance.now();
    await h.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO floor_probe.person SELECT * FROM jsonb_populate_recordset(NULL::floor_probe.person, ${JSON.stringify(people)}::jsonb)`.execute(trx);
      await sql`INSERT INTO floor_probe.list_row SELECT * FROM jsonb_populate_recordset(NULL::floor_probe.list_row, ${JSON.stringify(rows)}::jsonb)`.execute(trx);
    });
    ms += performance.now() - t0;
  }
  await sql`DROP SCHEMA floor_probe CASCADE`.execute(h.db);
  return ROWS / (ms / 1000);
}

async function measure(engine: string, databaseUrl: string | undefined) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-floor-"));
  const h = await openDatabase({ dataDir: dir, databaseUrl });
  try {
    return { engine, today: await todaysModel(h), smallest: await smallestModel(h) };
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
if (ENGINE !== "postgres") results.push(await measure("pglite", undefined));
if (ENGINE !== "pglite") {
  const pg = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop() {} } : startTempPostgres(Number(arg("pg-port", "55498")));
  if (pg) {
    try {
      results.push(await measure("postgres", pg.url));
    } finally {
      pg.stop();
    }
  } else console.log("(no PostgreSQL server binaries found: the postgres row is skipped)");
}
console.log(`\nImport floor — ${ROWS.toLocaleString()} list rows of 6 values, database writes only, ${os.cpus().length} cores`);
console.log(`engine    today's model rows/s   smallest model rows/s   target rows/s`);
for (const r of results) {
  console.log(`${r.engine.padEnd(9)} ${Math.round(r.today).toLocaleString().padStart(14)}          ${Math.round(r.smallest).toLocaleString().padStart(14)}          ≥ ${TARGET.toLocaleString()}`);
}
