import type { ColumnType, JSONColumnType, Kysely, Selectable } from "kysely";
import type { CitationJson, ClaimValueJson } from "./tables/claim.table.ts";
import type { Db } from "./database.ts";

/**
 * The public projection: only the views `public_entity`, `public_claim`, `public_merge` and `public_estimate`, which contain no
 * team or confidential value. Public repositories are typed against this interface so that the
 * compiler refuses any query of the private tables from the public side.
 */
export interface PublicDatabase {
  public_entity: {
    id: string;
    type: string;
    slug: string;
    label: string;
    is_fictional: boolean;
    created_at: ColumnType<Date, never, never>;
    updated_at: ColumnType<Date, never, never>;
  };
  public_claim: {
    id: string;
    entity_id: string;
    property: string;
    value_type: string;
    value: JSONColumnType<ClaimValueJson, never, never>;
    value_text: string;
    search_key: string;
    ref_id: string | null;
    date_earliest: string | null;
    date_latest: string | null;
    num_value: string | null;
    sources: JSONColumnType<CitationJson[], never, never>;
    editorial: boolean;
    confidence: string;
    status: string;
    preferred: boolean;
    preferred_reason: string | null;
    /** Why the claim has its confidence; articles number footnotes with it (`footnote-N`). */
    confidence_rule: string | null;
    created_at: ColumnType<Date, never, never>;
    updated_at: ColumnType<Date, never, never>;
    /** The record the claim belongs to: `entity_id` itself, or a list row folded into that person. */
    record_id: string;
    /** The stored reference (`ref_id` names the person a folded record belongs to). */
    record_ref_id: string | null;
  };
  /** Records folded into a person (linked list rows): both public; the record's old address redirects. */
  public_merge: {
    record_id: string;
    type: string;
    record_slug: string;
    entity_id: string;
  };
  /** Published estimates only: figures and the editor's labels (no diagnostics, options or actor). */
  public_estimate: {
    id: string;
    method: string;
    strata: string | null;
    /** Distinct people on at least one list, after record linkage. */
    observed: number;
    /** List records those people were linked from. */
    records: number;
    median: number;
    lower: number;
    /** NULL when the data cannot bound the total from above. */
    upper: number | null;
    level: number;
    list_count: number;
    label_fa: string;
    label_en: string;
    published_at: ColumnType<Date, never, never>;
  };
}

/** Read-only handle on the public projection. */
export type PublicDb = Kysely<PublicDatabase>;
export type PublicEntityRow = Selectable<PublicDatabase["public_entity"]>;
export type PublicClaimRow = Selectable<PublicDatabase["public_claim"]>;
export type PublicEstimateRow = Selectable<PublicDatabase["public_estimate"]>;

/** Narrows a database handle to the public projection (a type-level restriction, same connection). */
export function publicView(db: Db): PublicDb {
  return db as unknown as PublicDb;
}
