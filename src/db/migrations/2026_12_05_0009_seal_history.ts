import { type Kysely, sql } from "kysely";
import { activeKeyring, isSealed, seal } from "../../crypto/index.ts";

/**
 * History follows a value into confidentiality. Until now a claim or a label that became
 * confidential was sealed in its row, but its earlier versions stayed in plain text in `revision`,
 * which is append-only. From here on the append-only trigger lets one thing through: rewriting a
 * revision's snapshot (and nothing else of it) inside a transaction that declared so with
 * `set_config('sabt.seal_history', 'on', true)`, which only history/ does, to seal it.
 *
 * Existing databases: the earlier versions of claims and entities that are confidential now are
 * sealed here (labels sealed, name-bearing slugs replaced by the entity's neutral one). The sealing is spelled out (payload `{ v, t, s, r, e, l, n }` bound to `claim:<id>`,
 * labels bound to `entity:<id>`), not imported from claims/ or entities/, so that this migration
 * stays what it was when later code changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION sabt_revision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND current_setting('sabt.seal_history', true) = 'on'
         AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
         AND NEW.version = OLD.version AND NEW.action = OLD.action AND NEW.author = OLD.author
         AND NEW.reason IS NOT DISTINCT FROM OLD.reason AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
    END $$`.execute(db);
  await sql`DROP TRIGGER revision_append_only ON revision`.execute(db);
  await sql`CREATE TRIGGER revision_append_only BEFORE UPDATE OR DELETE ON revision
    FOR EACH ROW EXECUTE FUNCTION sabt_revision_guard()`.execute(db);

  await sql`SELECT set_config('sabt.seal_history', 'on', true)`.execute(db);
  const claims = await sql<{ object_id: string; version: number; snapshot: Record<string, unknown> }>`
    SELECT r.object_id, r.version, r.snapshot FROM revision r JOIN claim c ON c.id = r.object_id
    WHERE r.object_type = 'claim' AND c.visibility = 'confidential'`.execute(db);
  for (const r of claims.rows) {
    const s = r.snapshot;
    const value = s.value as { sealed?: unknown } | null;
    if (value && typeof value === "object" && isSealed(value.sealed)) continue;
    const payload = JSON.stringify({ v: s.value, t: s.value_text, s: s.search_key, r: s.ref_id, e: s.date_earliest, l: s.date_latest, n: s.num_value });
    const sealedSnapshot = {
      ...s,
      value: { type: s.value_type, sealed: seal(activeKeyring(), payload, `claim:${r.object_id}`) },
      value_text: "",
      search_key: "",
      ref_id: null,
      date_earliest: null,
      date_latest: null,
      num_value: null,
    };
    await sql`UPDATE revision SET snapshot = ${JSON.stringify(sealedSnapshot)}::jsonb
      WHERE object_type = 'claim' AND object_id = ${r.object_id} AND version = ${r.version}`.execute(db);
  }
  const entities = await sql<{ object_id: string; version: number; snapshot: Record<string, unknown>; slug: string }>`
    SELECT r.object_id, r.version, r.snapshot, e.slug FROM revision r JOIN entity e ON e.id = r.object_id
    WHERE r.object_type = 'entity' AND e.visibility = 'confidential'`.execute(db);
  for (const r of entities.rows) {
    const label = r.snapshot.label;
    const plainLabel = typeof label === "string" && !isSealed(label);
    // An earlier slug was made from the name; the entity's own slug is neutral now.
    const namedSlug = typeof r.snapshot.slug === "string" && r.snapshot.slug !== r.slug;
    if (!plainLabel && !namedSlug) continue;
    const sealedSnapshot = {
      ...r.snapshot,
      ...(plainLabel ? { label: seal(activeKeyring(), label, `entity:${r.object_id}`) } : {}),
      slug: r.slug,
    };
    await sql`UPDATE revision SET snapshot = ${JSON.stringify(sealedSnapshot)}::jsonb
      WHERE object_type = 'entity' AND object_id = ${r.object_id} AND version = ${r.version}`.execute(db);
  }
  await sql`SELECT set_config('sabt.seal_history', 'off', true)`.execute(db);
}

/** Back to a strictly append-only revision table (sealed snapshots stay sealed). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER revision_append_only ON revision`.execute(db);
  await sql`CREATE TRIGGER revision_append_only BEFORE UPDATE OR DELETE ON revision
    FOR EACH ROW EXECUTE FUNCTION sabt_refuse_change()`.execute(db);
  await sql`DROP FUNCTION sabt_revision_guard()`.execute(db);
}
