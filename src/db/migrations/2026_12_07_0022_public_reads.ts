import { type Kysely, sql } from "kysely";

/**
 * Public claims of some records, through a function whose plan is kept. A query over the
 * `public_claim` view (a `UNION ALL` of claims and folded records' claims, with `EXISTS` tests
 * through `public_entity`) takes PostgreSQL longer to plan than to run: on PGlite 10–35 ms of
 * planning against about 2 ms of reading for a page's claims, paid by every live page, many times.
 * PL/pgSQL prepares the query once per connection and, after a few calls, keeps a generic plan.
 *
 * `properties` NULL means every property. The function depends on the view's row type: a later
 * migration that replaces `public_claim` drops it first and creates it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION sabt_public_claims_of(ids text[], properties text[]) RETURNS SETOF public_claim
    LANGUAGE plpgsql STABLE AS $$
    BEGIN
      -- OFFSET 0: one index lookup per record, as the callers' queries did.
      RETURN QUERY SELECT c.* FROM unnest(ids) AS x(id)
        CROSS JOIN LATERAL (SELECT * FROM public_claim p
          WHERE p.entity_id = x.id AND (properties IS NULL OR p.property = ANY(properties)) OFFSET 0) c;
    END $$`.execute(db);
}

/** Drops the function. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS sabt_public_claims_of(text[], text[])`.execute(db);
}
