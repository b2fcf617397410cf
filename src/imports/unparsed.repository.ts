/**
 * The cells of victim lists that Sabt could not read and kept as raw text (`claim.unparsed`,
 * migration 0018), for the workspace queue where editors resolve them.
 */
import { sql } from "kysely";
import type { Db } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";

/** One unread cell as stored: its claim (value still sealed when confidential), person and list. */
export interface UnparsedCellRow {
  id: string;
  entity_id: string;
  property: string;
  value: unknown;
  value_text: string;
  visibility: string;
  version: number;
  origin: string;
  sources: unknown;
  unparsed: string;
  status: string;
  created_at: Date;
  person_label: string;
  person_visibility: string;
  list_id: string;
  list_label: string;
  list_visibility: string;
}

// The list is named in the origin (`list:<list id>:<record id>:<column>`); list ids hold no colon.
const LIST_OF_ORIGIN = sql<string>`split_part(c.origin, ':', 2)`;

// A cell with its person and its list: every query of the queue reads the same rows.
const CELL_FROM = sql`
    FROM claim c
    JOIN entity p ON p.id = c.entity_id
    JOIN entity l ON l.id = ${LIST_OF_ORIGIN} AND l.type = 'list'`;

const CELL_COLUMNS = sql`c.id, c.entity_id, c.property, c.value, c.value_text, c.visibility, c.version, c.origin, c.sources,
           c.unparsed, c.status, c.created_at, p.label AS person_label, p.visibility AS person_visibility,
           l.id AS list_id, l.label AS list_label, l.visibility AS list_visibility`;

/**
 * Restricts to the cells a reader of these visibilities may see: a readable claim of a readable
 * person on a readable list (a cell is as closed as its person and its list).
 */
function readable(visibilities: readonly Visibility[]) {
  const vis = visibilities as Visibility[];
  return sql<boolean>`(c.visibility = ANY(${vis}::text[]) AND p.visibility = ANY(${vis}::text[]) AND l.visibility = ANY(${vis}::text[]))`;
}

/** The cells still to resolve (not retracted) that a reader may see, optionally of one list. */
function openCellsWhere(visibilities: readonly Visibility[], listId: string | undefined) {
  return sql`WHERE c.unparsed IS NOT NULL AND c.status <> 'retracted' AND starts_with(c.origin, 'list:')
      AND ${readable(visibilities)}
      ${listId !== undefined ? sql`AND ${LIST_OF_ORIGIN} = ${listId}` : sql``}`;
}

/**
 * The unread cells still to resolve (not retracted) that a reader of these visibilities may see,
 * newest first, optionally of one list; served by the partial index of migration 0018.
 */
export async function findOpenUnparsedCells(
  db: Db,
  visibilities: readonly Visibility[],
  opts: { listId?: string | undefined; limit: number; offset: number },
): Promise<UnparsedCellRow[]> {
  const r = await sql<UnparsedCellRow>`
    SELECT ${CELL_COLUMNS}
    ${CELL_FROM}
    ${openCellsWhere(visibilities, opts.listId)}
    ORDER BY c.created_at DESC, c.id
    LIMIT ${opts.limit} OFFSET ${opts.offset}`.execute(db);
  return r.rows;
}

/** How many unread cells are still to resolve for a reader of these visibilities, optionally of one list. */
export async function countOpenUnparsedCells(db: Db, visibilities: readonly Visibility[], listId?: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n ${CELL_FROM} ${openCellsWhere(visibilities, listId)}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** One unread cell by its claim id (retracted or not), whoever reads it: callers check access. */
export async function findUnparsedCell(db: Db, claimId: string): Promise<UnparsedCellRow | undefined> {
  const r = await sql<UnparsedCellRow>`SELECT ${CELL_COLUMNS} ${CELL_FROM} WHERE c.id = ${claimId} AND c.unparsed IS NOT NULL`.execute(db);
  return r.rows[0];
}
