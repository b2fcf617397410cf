import type { ColumnType, Insertable, JSONColumnType, Selectable } from "kysely";

/** What kind of archive item a row is: an uploaded file, a web capture (its WARC), or a derived copy. */
export type ArchiveItemKind = "file" | "web_capture" | "derived";

/** Who, when, from where and how an item reached Sabt (stored as JSON, immutable after intake). */
export interface ProvenanceJson {
  /** The Sabt user or process that ingested the item. */
  ingestedBy: string;
  /** When Sabt received it (ISO 8601). */
  ingestedAt: string;
  /** Who collected it in the field, if someone other than the ingesting user. */
  collectedBy?: string | undefined;
  /** When it was collected (ISO 8601), if known and different from ingest. */
  collectedAt?: string | undefined;
  /** Where it came from: the URL, the device, the person who handed it over. */
  sourceUrl?: string | undefined;
  sourceDevice?: string | undefined;
  sourcePerson?: string | undefined;
  /** How: the tool and its version that produced or received the file. */
  tool: string;
  toolVersion: string;
  /** Free-text note on the circumstances of collection. */
  note?: string | undefined;
}

/**
 * `archive_item`: one stored file with its intake fixity. The triggers of migration 0002 keep
 * fixity and provenance immutable and refuse deletes.
 */
export interface ArchiveItemTable {
  id: string;
  kind: ArchiveItemKind;
  sha256: string;
  size: ColumnType<string, number | string, never>;
  media_type: string;
  declared_type: string | null;
  filename: string | null;
  title: string | null;
  original_id: string | null;
  derivation: string | null;
  hazards: JSONColumnType<string[], string, string>;
  provenance: JSONColumnType<ProvenanceJson, string, never>;
  metadata: JSONColumnType<Record<string, unknown>, string, string>;
  source_url: string | null;
  visibility: ColumnType<string, string | undefined, string>;
  custody_count: ColumnType<number, number | undefined, number>;
  custody_head: ColumnType<string, string | undefined, string>;
  created_by: string;
  created_at: ColumnType<Date, string | Date | undefined, never>;
}

/** `archive_custody`: the append-only, per-item hash-chained custody log. */
export interface ArchiveCustodyTable {
  item_id: string;
  seq: number;
  at: ColumnType<Date, string | Date, never>;
  actor: string;
  action: string;
  details: JSONColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

/** `archive_timestamp`: RFC 3161 timestamp tokens over an item's SHA-256. */
export interface ArchiveTimestampTable {
  id: string;
  item_id: string;
  tsa_url: string;
  hash_algorithm: string;
  message_imprint: string;
  gen_time: ColumnType<Date, string | Date, never>;
  serial: string;
  token: ColumnType<Uint8Array, Uint8Array, never>;
  created_by: string;
  created_at: ColumnType<Date, string | Date | undefined, never>;
}

/** `archive_page_text`: the extracted text of one page of a PDF item (migration 0015). */
export interface ArchivePageTextTable {
  item_id: string;
  /** Numbered from 1, as viewers print it. */
  page: number;
  text: string;
}

export type ArchiveItemRow = Selectable<ArchiveItemTable>;
export type PageTextRow = Selectable<ArchivePageTextTable>;
export type NewArchiveItemRow = Insertable<ArchiveItemTable>;
export type CustodyRow = Selectable<ArchiveCustodyTable>;
export type NewCustodyRow = Insertable<ArchiveCustodyTable>;
export type TimestampRow = Selectable<ArchiveTimestampTable>;
export type NewTimestampRow = Insertable<ArchiveTimestampTable>;
