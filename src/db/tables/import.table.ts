import type { ColumnType, Insertable, Selectable } from "kysely";

/** Row identity of imported lists: (list, record_id) → the person entity it created. */
export interface ListRecordTable {
  list_id: string;
  record_id: string;
  person_id: string;
  row_hash: string;
  import_id: string;
}

/** One run of `sabt import persons`, so that an interrupted import is visible and resumable. */
export interface ImportRunTable {
  id: string;
  list_id: string;
  file_sha256: string;
  status: string;
  total_rows: number;
  done_rows: number;
  actor: string;
  started_at: ColumnType<Date, string | Date | undefined, never>;
  finished_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
}

export type ListRecordRow = Selectable<ListRecordTable>;
export type NewListRecordRow = Insertable<ListRecordTable>;
export type ImportRunRow = Selectable<ImportRunTable>;
