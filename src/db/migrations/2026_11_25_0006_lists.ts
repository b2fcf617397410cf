import { type Kysely, sql } from "kysely";

/**
 * Victim lists in the app: linkage runs, the review queue of uncertain pairs, reviewers'
 * decisions, current cluster membership with an append-only history of merges and unmerges, and
 * estimation runs that an editor may publish.
 *
 * Decisions name records by `(list_id, record_id)`, never by person entity: a re-import keeps a
 * row's key (and its decisions), and a new list adds keys without disturbing earlier ones.
 * Decisions and events are append-only (the same trigger as revisions and the audit log); the
 * current decision of a pair is its latest row, so a revert is a new row, not an edit.
 *
 * One view joins the public projection: `public_estimate` (only published runs, only their
 * figures — including the count of distinct linked people — and the editor's labels). Clusters,
 * pairs and decisions never leave the team side.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("link_run")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("list_ids", "jsonb", (c) => c.notNull())
    .addColumn("settings", "jsonb", (c) => c.notNull())
    .addColumn("band_low", "float8", (c) => c.notNull())
    .addColumn("band_high", "float8", (c) => c.notNull())
    .addColumn("records", "integer", (c) => c.notNull())
    .addColumn("clusters", "integer", (c) => c.notNull())
    .addColumn("pairs", "integer", (c) => c.notNull())
    .addColumn("queued", "integer", (c) => c.notNull())
    .addColumn("decisions", "integer", (c) => c.notNull())
    .addColumn("seconds", "float8", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The review queue: uncertain pairs of one run, with the per-field explanation of the score.
  await db.schema
    .createTable("link_pair")
    .addColumn("run_id", "text", (c) => c.notNull().references("link_run.id"))
    .addColumn("left_list_id", "text", (c) => c.notNull())
    .addColumn("left_record_id", "text", (c) => c.notNull())
    .addColumn("right_list_id", "text", (c) => c.notNull())
    .addColumn("right_record_id", "text", (c) => c.notNull())
    .addColumn("probability", "float8", (c) => c.notNull())
    .addColumn("explanation", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addPrimaryKeyConstraint("link_pair_pk", ["run_id", "left_list_id", "left_record_id", "right_list_id", "right_record_id"])
    .addCheckConstraint("link_pair_status_ck", sql`status IN ('pending','decided')`)
    .execute();
  await sql`CREATE INDEX link_pair_queue_idx ON link_pair (run_id, status, probability)`.execute(db);

  // Every review action (accept, reject, merge, unmerge, revert) is one event.
  await db.schema
    .createTable("link_event")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("details", "jsonb", (c) => c.notNull())
    .addColumn("reverts", "bigint", (c) => c.unique().references("link_event.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("link_event_kind_ck", sql`kind IN ('accept','reject','merge','unmerge','revert')`)
    .execute();

  await db.schema
    .createTable("link_decision")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("event_id", "bigint", (c) => c.notNull().references("link_event.id"))
    .addColumn("left_list_id", "text", (c) => c.notNull())
    .addColumn("left_record_id", "text", (c) => c.notNull())
    .addColumn("right_list_id", "text", (c) => c.notNull())
    .addColumn("right_record_id", "text", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("link_decision_ck", sql`decision IN ('match','non-match','cleared')`)
    .execute();
  // The service stores each pair in one canonical order (JavaScript's, not a collation's, which
  // differs between engines), so that a pair has one history.
  await sql`CREATE INDEX link_decision_pair_idx ON link_decision (left_list_id, left_record_id, right_list_id, right_record_id, id)`.execute(db);

  for (const t of ["link_event", "link_decision"]) {
    await sql`CREATE TRIGGER ${sql.raw(`${t}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(t)}
      FOR EACH ROW EXECUTE FUNCTION sabt_refuse_change()`.execute(db);
  }

  // Current membership: which person (cluster) each record belongs to. A cluster is named by its
  // smallest member key, so the same grouping always has the same name.
  await db.schema
    .createTable("link_member")
    .addColumn("list_id", "text", (c) => c.notNull())
    .addColumn("record_id", "text", (c) => c.notNull())
    .addColumn("cluster_id", "text", (c) => c.notNull())
    .addColumn("run_id", "text", (c) => c.notNull().references("link_run.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("link_member_pk", ["list_id", "record_id"])
    .execute();
  await db.schema.createIndex("link_member_cluster_idx").on("link_member").column("cluster_id").execute();

  await db.schema
    .createTable("estimate_run")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("link_run_id", "text", (c) => c.notNull().references("link_run.id"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("options", "jsonb", (c) => c.notNull())
    .addColumn("seed", "integer", (c) => c.notNull())
    .addColumn("strata", "text")
    .addColumn("list_ids", "jsonb", (c) => c.notNull())
    .addColumn("observed", "integer", (c) => c.notNull())
    .addColumn("records", "integer", (c) => c.notNull())
    .addColumn("median", "float8", (c) => c.notNull())
    .addColumn("lower", "float8", (c) => c.notNull())
    // NULL when the data cannot bound the total from above (a log-linear profile that never falls).
    .addColumn("upper", "float8")
    .addColumn("level", "float8", (c) => c.notNull())
    .addColumn("result", "jsonb", (c) => c.notNull())
    .addColumn("svg", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("label_fa", "text")
    .addColumn("label_en", "text")
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "text")
    .addCheckConstraint("estimate_run_method_ck", sql`method IN ('lcmcr','loglinear')`)
    .addCheckConstraint("estimate_run_strata_ck", sql`strata IS NULL OR strata IN ('prison','city')`)
    .addCheckConstraint("estimate_run_labels_ck", sql`NOT published OR (label_fa IS NOT NULL AND label_en IS NOT NULL)`)
    .execute();

  // The public projection of estimates: only published runs, only their figures and labels (no
  // diagnostics, options or actor), so nothing the team has not chosen to publish can leak.
  await sql`
    CREATE VIEW public_estimate AS
      SELECT id, method, strata, observed, records, median, lower, upper, level,
             jsonb_array_length(list_ids) AS list_count, label_fa, label_en, published_at
      FROM estimate_run WHERE published`.execute(db);
}

/** Drops the lists tables and the public estimate view. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW IF EXISTS public_estimate`.execute(db);
  for (const t of ["estimate_run", "link_member", "link_decision", "link_event", "link_pair", "link_run"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
