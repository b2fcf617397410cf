/**
 * The SQL of one person from many lists: `person_merge` (migration 0016) derived from the current
 * membership, so that every linked cluster is one person in the public projection.
 */
import { sql } from "kysely";
import type { Trx } from "../db/index.ts";

/**
 * Rewrites the merge rows of some clusters (all when `clusters` is omitted) from `link_member`.
 *
 * A cluster's canonical entity is, first, an authored person (one that is not itself a list row)
 * whose claims cite one of the cluster's rows (`locator.record_id` or `locator.record` of the list
 * or of the source the list names): an editor who wrote a person from list rows has said that
 * they are that person, and the page they wrote is the one to keep. Otherwise it is the oldest
 * public, approved member (else the oldest member), so that linking a new list never moves a
 * person's address that families may have shared; ties go by key in byte order (`COLLATE "C"`),
 * the same on both engines, so the same grouping always shows under the same person and address.
 */
export async function syncPersonMerges(trx: Trx, clusters?: readonly string[]): Promise<void> {
  const inScope = (col: string) => (clusters ? sql`${sql.ref(col)} = ANY(${[...clusters]}::text[])` : sql`true`);
  await sql`
    CREATE TEMP TABLE IF NOT EXISTS sabt_wanted_merge (entity_id text PRIMARY KEY, canonical_id text NOT NULL, cluster_id text NOT NULL)
    ON COMMIT DROP`.execute(trx);
  await sql`TRUNCATE sabt_wanted_merge`.execute(trx);
  await sql`
    WITH members AS (
      SELECT lm.cluster_id, lr.person_id, lm.list_id, lm.record_id,
             (e.visibility = 'public' AND e.review = 'approved') AS pub, e.created_at
      FROM link_member lm
      JOIN list_record lr ON lr.list_id = lm.list_id AND lr.record_id = lm.record_id
      JOIN entity e ON e.id = lr.person_id
      WHERE ${inScope("lm.cluster_id")}
    ),
    authored AS (
      SELECT e.id FROM entity e
      WHERE e.type = 'person' AND e.visibility = 'public' AND e.review = 'approved'
        AND NOT EXISTS (SELECT 1 FROM list_record x WHERE x.person_id = e.id)
    ),
    cited AS (
      SELECT DISTINCT a.id AS anchor_id, s.src->>'sourceId' AS source_id,
             coalesce(s.src->'locator'->>'record_id', s.src->'locator'->>'record') AS record_id
      FROM authored a
      JOIN claim c ON c.entity_id = a.id AND c.status <> 'retracted'
      CROSS JOIN LATERAL jsonb_array_elements(c.sources) AS s(src)
      WHERE coalesce(s.src->'locator'->>'record_id', s.src->'locator'->>'record') IS NOT NULL
    ),
    anchors AS (
      SELECT m.cluster_id, min(ci.anchor_id COLLATE "C") AS anchor_id
      FROM members m
      JOIN cited ci ON ci.record_id = m.record_id
        AND (ci.source_id = m.list_id OR EXISTS (
          SELECT 1 FROM claim ls WHERE ls.entity_id = m.list_id AND ls.property = 'source'
            AND ls.ref_id = ci.source_id AND ls.status <> 'retracted'))
      GROUP BY m.cluster_id
    ),
    multi AS (SELECT cluster_id FROM members GROUP BY cluster_id HAVING count(*) > 1),
    canon AS (
      SELECT cluster_id, anchor_id AS person_id FROM anchors
      UNION ALL
      (SELECT DISTINCT ON (m.cluster_id) m.cluster_id, m.person_id
       FROM members m
       WHERE m.cluster_id IN (SELECT cluster_id FROM multi)
         AND m.cluster_id NOT IN (SELECT cluster_id FROM anchors)
       ORDER BY m.cluster_id, m.pub DESC, m.created_at, m.list_id COLLATE "C", m.record_id COLLATE "C")
    )
    INSERT INTO sabt_wanted_merge (entity_id, canonical_id, cluster_id)
    SELECT DISTINCT ON (m.person_id) m.person_id, c.person_id, m.cluster_id
    FROM members m JOIN canon c ON c.cluster_id = m.cluster_id
    WHERE m.person_id <> c.person_id
    ORDER BY m.person_id, m.cluster_id`.execute(trx);
  // Rows of the clusters in scope, and of any record now in one of them, are replaced; rows that
  // already say the right thing are left alone, so an unchanged re-run writes (and notifies) nothing.
  await sql`
    DELETE FROM person_merge pm
    WHERE (${inScope("pm.cluster_id")} OR pm.entity_id IN (SELECT entity_id FROM sabt_wanted_merge))
      AND NOT EXISTS (SELECT 1 FROM sabt_wanted_merge w
                      WHERE w.entity_id = pm.entity_id AND w.canonical_id = pm.canonical_id AND w.cluster_id = pm.cluster_id)`.execute(trx);
  await sql`
    INSERT INTO person_merge (entity_id, canonical_id, cluster_id)
    SELECT entity_id, canonical_id, cluster_id FROM sabt_wanted_merge
    ON CONFLICT (entity_id) DO NOTHING`.execute(trx);
}
