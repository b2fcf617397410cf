import type { ColumnType, Insertable, Selectable } from "kysely";

/**
 * The `version_commitment` table (migration 0011): one keyed digest per version of a claim or
 * entity and per custody event of an archive item, each bound to the audit entry written in the
 * same transaction (`audit_seq`, set once by that entry). `sabt verify` recomputes the digests
 * from the stored rows and the audit entries' roots from the digests.
 */
export interface VersionCommitmentTable {
  object_type: string;
  object_id: string;
  version: number;
  /** `<keyId>:<mac>` (crypto/integrity-tag.ts), a custody event's hash, or "-" for a version lost before commitments existed. */
  digest: string;
  txid: ColumnType<string, never, never>;
  audit_seq: ColumnType<string | null, never, string>;
}

/** Marks whether the commitments of rows written before migration 0011 are still to be made. */
export interface IntegrityStateTable {
  key: string;
  value: string;
}

export type VersionCommitmentRow = Selectable<VersionCommitmentTable>;
export type NewVersionCommitmentRow = Insertable<VersionCommitmentTable>;
