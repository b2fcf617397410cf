import type { ColumnType, Insertable, JSONColumnType, Selectable, Updateable } from "kysely";
import type { ReviewState } from "./review.table.ts";

/** One citation inside a claim: the source entity and where in it (page, quote, time range…). */
/** The JSON form of a claim value (string, number, boolean or a structured object). */
export type ClaimValueJson = Record<string, unknown>;

export interface CitationJson {
  sourceId: string;
  locator?: Record<string, string | number> | undefined;
}

/**
 * The `claim` table: every value Sabt knows, attributed. Citations live inline as JSON because
 * they are versioned together with the claim; a GIN index answers "which claims cite X".
 */
export interface ClaimTable {
  id: string;
  entity_id: string;
  property: string;
  value_type: string;
  value: JSONColumnType<ClaimValueJson, string, string>;
  value_text: string;
  search_key: string;
  ref_id: string | null;
  date_earliest: ColumnType<string | null, string | null | undefined, string | null>;
  date_latest: ColumnType<string | null, string | null | undefined, string | null>;
  num_value: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  sources: JSONColumnType<CitationJson[], string, string>;
  editorial: boolean;
  confidence: string;
  confidence_rule: string | null;
  visibility: string;
  status: string;
  preferred: boolean;
  preferred_reason: string | null;
  origin: string | null;
  author: string;
  version: number;
  /** Four eyes (migration 0013): only `approved` claims reach the public projection. */
  review: ColumnType<ReviewState, ReviewState | undefined, ReviewState>;
  /**
   * Why a list's cell could not be read, for a cell imported as raw text with `--keep-unparsed`
   * (migration 0018); null for every other claim. Such a claim is never public (a CHECK says so).
   */
  unparsed: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, string | Date | undefined, string | Date>;
  updated_at: ColumnType<Date, string | Date | undefined, string | Date>;
}

export type ClaimRow = Selectable<ClaimTable>;
export type NewClaimRow = Insertable<ClaimTable>;
export type ClaimUpdate = Updateable<ClaimTable>;

/**
 * The blind index of confidential claims' search terms (migration 0008): a keyed MAC per term,
 * never the term (src/crypto/blind-index.ts).
 */
export interface ClaimSealedTermTable {
  mac: string;
  claim_id: string;
}
