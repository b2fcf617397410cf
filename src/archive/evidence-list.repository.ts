import { sql, type ExpressionBuilder, type Expression, type SqlBool } from "kysely";
import type { ArchiveItemRow, Database, Db } from "../db/index.ts";

/** The media type families the evidence list filters by. */
export const EVIDENCE_TYPES = ["pdf", "image", "text", "web", "av", "other"] as const;
/** One media type family. */
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** What the repository needs to list items: every filter already validated by the service. */
export interface EvidenceListQuery {
  /** The item visibilities the viewer may read. */
  visibilities: readonly string[];
  /** The claim visibilities the viewer may read (a claim the viewer cannot see does not count as a citation). */
  claimVisibilities: readonly string[];
  q?: string | undefined;
  type?: EvidenceType | undefined;
  /** Added at or after. */
  from?: Date | undefined;
  /** Added before (exclusive). */
  before?: Date | undefined;
  /** The `created_by` actor. */
  addedBy?: string | undefined;
  cited?: boolean | undefined;
  limit: number;
  offset: number;
}

/** A listed item with the display name of whoever added it and whether a readable claim cites it. */
export type EvidenceListRow = ArchiveItemRow & { adder_name: string | null; cited: boolean };

type Eb = ExpressionBuilder<Database, "archive_item">;

/** `%…%` for ILIKE with the pattern characters of the user's text taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function typeFilter(eb: Eb, type: EvidenceType): Expression<SqlBool> {
  const mt = eb.ref("archive_item.media_type");
  switch (type) {
    case "pdf":
      return eb(mt, "=", "application/pdf");
    case "image":
      return eb(mt, "like", "image/%");
    case "text":
      return eb.and([eb(mt, "like", "text/%"), eb("archive_item.kind", "<>", "web_capture")]);
    case "web":
      return eb("archive_item.kind", "=", "web_capture");
    case "av":
      return eb.or([eb(mt, "like", "audio/%"), eb(mt, "like", "video/%")]);
    case "other":
      return eb.and([
        eb("archive_item.kind", "<>", "web_capture"),
        eb(mt, "<>", "application/pdf"),
        eb(mt, "not like", "image/%"),
        eb(mt, "not like", "text/%"),
        eb(mt, "not like", "audio/%"),
        eb(mt, "not like", "video/%"),
      ]);
  }
}

/**
 * A claim the viewer may read cites the item (the GIN index on `claim.sources` serves the probe). A
 * claim is as visible as the stricter of itself and its record, so both are checked.
 */
function citedBy(claimVisibilities: readonly string[]) {
  const readable = sql.join(claimVisibilities.length > 0 ? [...claimVisibilities] : [""]);
  return sql<boolean>`EXISTS (SELECT 1 FROM claim JOIN entity ON entity.id = claim.entity_id
    WHERE claim.sources @> jsonb_build_array(jsonb_build_object('locator', jsonb_build_object('archiveItemId', archive_item.id)))
    AND claim.visibility IN (${readable}) AND entity.visibility IN (${readable}) AND claim.status <> 'retracted')`;
}

function filtered(db: Db, f: EvidenceListQuery) {
  return db
    .selectFrom("archive_item")
    .where("archive_item.kind", "<>", "derived")
    .where("archive_item.visibility", "in", f.visibilities.length > 0 ? [...f.visibilities] : [""])
    .$if(f.q !== undefined, (qb) =>
      qb.where((eb) => {
        const p = containsPattern(f.q ?? "");
        return eb.or([
          eb("archive_item.title", "ilike", p),
          eb("archive_item.filename", "ilike", p),
          eb.exists(
            eb
              .selectFrom("archive_page_text")
              .select(sql`1`.as("one"))
              .whereRef("archive_page_text.item_id", "=", "archive_item.id")
              .where("archive_page_text.text", "ilike", p),
          ),
        ]);
      }),
    )
    .$if(f.type !== undefined, (qb) => qb.where((eb) => typeFilter(eb, f.type ?? "other")))
    .$if(f.from !== undefined, (qb) => qb.where("archive_item.created_at", ">=", f.from ?? new Date(0)))
    .$if(f.before !== undefined, (qb) => qb.where("archive_item.created_at", "<", f.before ?? new Date(0)))
    .$if(f.addedBy !== undefined, (qb) => qb.where("archive_item.created_by", "=", f.addedBy ?? ""))
    .$if(f.cited !== undefined, (qb) => qb.where(f.cited ? citedBy(f.claimVisibilities) : sql<boolean>`NOT ${citedBy(f.claimVisibilities)}`));
}

/** One page of original items (files and web captures, not derived copies) matching the filters, newest first. */
export async function findEvidencePage(db: Db, f: EvidenceListQuery): Promise<EvidenceListRow[]> {
  return filtered(db, f)
    .leftJoin("app_user", (j) => j.on(sql<boolean>`archive_item.created_by = 'user:' || app_user.id`))
    .selectAll("archive_item")
    .select(["app_user.name as adder_name"])
    .select(citedBy(f.claimVisibilities).as("cited"))
    .orderBy("archive_item.created_at", "desc")
    .orderBy("archive_item.id", "desc")
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

/** How many items match the filters (for the pager). */
export async function countEvidence(db: Db, f: EvidenceListQuery): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Everyone who added an original item the viewer may read, with their display name when they are a member. */
export async function findEvidenceAdders(db: Db, visibilities: readonly string[]): Promise<{ actor: string; name: string | null }[]> {
  return db
    .selectFrom("archive_item")
    .leftJoin("app_user", (j) => j.on(sql<boolean>`archive_item.created_by = 'user:' || app_user.id`))
    .select(["archive_item.created_by as actor", "app_user.name as name"])
    .distinct()
    .where("archive_item.kind", "<>", "derived")
    .where("archive_item.visibility", "in", visibilities.length > 0 ? [...visibilities] : [""])
    .orderBy("archive_item.created_by")
    .execute();
}
