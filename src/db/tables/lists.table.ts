import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from "kysely";

/** A pair's score explained, as stored: prior + Σ field weights = match weight. */
export interface ExplanationJson {
  priorWeight: number;
  matchWeight: number;
  fields: { field: string; level: string; weight: number; tfAdjustment: number }[];
}

/** One linkage run over some lists: its settings, review band and counts. */
export interface LinkRunTable {
  id: string;
  list_ids: JSONColumnType<string[], string, string>;
  settings: JSONColumnType<Record<string, unknown>, string, string>;
  band_low: number;
  band_high: number;
  records: number;
  clusters: number;
  pairs: number;
  queued: number;
  decisions: number;
  seconds: number;
  actor: string;
  started_at: ColumnType<Date, Date | string, never>;
  finished_at: ColumnType<Date, Date | string | undefined, never>;
}

/** An uncertain pair of one run, waiting for (or past) a reviewer's decision. */
export interface LinkPairTable {
  run_id: string;
  left_list_id: string;
  left_record_id: string;
  right_list_id: string;
  right_record_id: string;
  probability: number;
  explanation: JSONColumnType<ExplanationJson, string, string>;
  status: ColumnType<"pending" | "decided", "pending" | "decided" | undefined, "pending" | "decided">;
}

/** One review action; append-only. `reverts` names the event a revert undid. */
export interface LinkEventTable {
  id: Generated<string>;
  kind: "accept" | "reject" | "merge" | "unmerge" | "revert";
  actor: string;
  note: string | null;
  details: JSONColumnType<EventDetailsJson, string, never>;
  reverts: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** A record's cluster before and after an event, for history and revert. */
export interface MemberChangeJson {
  list: string;
  record: string;
  before: string | null;
  after: string | null;
}

/** What an event changed: the clusters it touched and each record's move. */
export interface EventDetailsJson {
  clusters: string[];
  moves: MemberChangeJson[];
}

/** A decision on one pair of records; append-only, the latest row per pair is current. */
export interface LinkDecisionTable {
  id: Generated<string>;
  event_id: string;
  left_list_id: string;
  left_record_id: string;
  right_list_id: string;
  right_record_id: string;
  decision: "match" | "non-match" | "cleared";
  actor: string;
  note: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Current membership of a record in a cluster (a linked person). */
export interface LinkMemberTable {
  list_id: string;
  record_id: string;
  cluster_id: string;
  run_id: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * A record entity shown in public as another person (migration 0016): derived from `link_member`,
 * one row per member of a linked cluster other than its canonical entity.
 */
export interface PersonMergeTable {
  entity_id: string;
  canonical_id: string;
  cluster_id: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One estimation run on the clusters of a linkage run; an editor may publish it with labels. */
export interface EstimateRunTable {
  id: string;
  link_run_id: string;
  method: "lcmcr" | "loglinear";
  options: JSONColumnType<Record<string, unknown>, string, never>;
  seed: number;
  strata: "prison" | "city" | null;
  list_ids: JSONColumnType<string[], string, never>;
  observed: number;
  records: number;
  median: number;
  lower: number;
  upper: number | null;
  level: number;
  result: JSONColumnType<Record<string, unknown>, string, never>;
  svg: string;
  actor: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  label_fa: string | null;
  label_en: string | null;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  published_by: string | null;
}

export type LinkRunRow = Selectable<LinkRunTable>;
export type NewLinkRunRow = Insertable<LinkRunTable>;
export type LinkPairRow = Selectable<LinkPairTable>;
export type NewLinkPairRow = Insertable<LinkPairTable>;
export type LinkEventRow = Selectable<LinkEventTable>;
export type LinkDecisionRow = Selectable<LinkDecisionTable>;
export type NewLinkDecisionRow = Insertable<LinkDecisionTable>;
export type LinkMemberRow = Selectable<LinkMemberTable>;
export type NewLinkMemberRow = Insertable<LinkMemberTable>;
export type EstimateRunRow = Selectable<EstimateRunTable>;
export type NewEstimateRunRow = Insertable<EstimateRunTable>;
