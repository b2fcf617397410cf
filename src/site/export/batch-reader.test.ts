import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publicView, refreshPlannerStatistics, type PublicClaimRow } from "../../db/index.ts";
import { loadConfig } from "../../config/index.ts";
import { linkAndEstimateDemo } from "../../lists/index.ts";
import { createApp } from "../../server/index.ts";
import { testActor } from "../../../test/factories.ts";
import { createSiteFixture, TEST_BASE, type SiteFixture } from "../../../test/site.ts";
import { createSiteRoutes } from "../site.routes.ts";
import type { PeopleFilter } from "../find.repository.ts";
import { publicReader } from "../site.reader.ts";
import { batchReader } from "./batch-reader.ts";
import { exportSiteRoutes } from "./export-routes.ts";
import { crawl, type Fetcher } from "./crawl.ts";

// A linked demo collection, crawled twice.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let f: SiteFixture;

beforeAll(async () => {
  f = await createSiteFixture({ victims: 25 });
  // Linked: list rows folded into people, whose claims and references the views gather.
  await linkAndEstimateDemo(f.t.db, testActor);
  await refreshPlannerStatistics(f.t.db);
});

afterAll(async () => {
  await f?.t.close();
});

/** Claims of different entities created in the same millisecond, which only the exact time and id can order. */
function hasCrossEntityTie(rows: readonly PublicClaimRow[]): boolean {
  const seen = new Map<number, string>();
  for (const c of rows) {
    const t = c.created_at.getTime();
    const other = seen.get(t);
    if (other !== undefined && other !== c.entity_id) return true;
    seen.set(t, c.entity_id);
  }
  return false;
}

describe("the static export's read-ahead reader", () => {
  it("answers every read as the public reader does, claims of several entities in the database's order", async () => {
    const pdb = publicView(f.t.db);
    const live = publicReader(pdb);
    // A budget of a few dozen claims: entries are dropped and read again while the test goes on.
    const batch = batchReader(publicReader(pdb), pdb, 40);
    const all = await sql<{ id: string; type: string; slug: string }>`SELECT id, type, slug FROM public_entity ORDER BY type, slug`.execute(f.t.db);
    const people = all.rows.filter((e) => e.type === "person");
    await batch.prefetch(people.slice(0, 30).map((e) => `/en/people/${encodeURIComponent(e.slug)}`));

    let ties = 0;
    for (let i = 0; i < all.rows.length; i += 7) {
      // Seven entities from here and one from across the collection, so that types mix.
      const ids = [...all.rows.slice(i, i + 7), all.rows[(i * 13) % all.rows.length]!].map((e) => e.id);
      const claims = await live.claimsOf(ids);
      if (hasCrossEntityTie(claims)) ties++;
      expect(await batch.claimsOf(ids)).toEqual(claims);
      expect(await batch.claimsOf(ids, ["name", "death_date", "label"])).toEqual(await live.claimsOf(ids, ["name", "death_date", "label"]));
      expect(await batch.claimsReferencing(ids)).toEqual(await live.claimsReferencing(ids));
      expect(await batch.claimsReferencing(ids, ["place"])).toEqual(await live.claimsReferencing(ids, ["place"]));
      expect(await batch.entitiesByIds([...ids, "no-such-entity"])).toEqual(await live.entitiesByIds([...ids, "no-such-entity"]));
    }
    // The demo is loaded in a few transactions: many claims share their creation time.
    expect(ties).toBeGreaterThan(0);

    // List rows folded into a person, asked about themselves and beside the person they are part of.
    const folded = await sql<{ record_id: string; entity_id: string }>`SELECT record_id, entity_id FROM public_merge ORDER BY record_id LIMIT 24`.execute(f.t.db);
    expect(folded.rows.length).toBeGreaterThan(0);
    for (let i = 0; i < folded.rows.length; i += 3) {
      const ids = folded.rows.slice(i, i + 3).flatMap((m) => [m.record_id, m.entity_id]);
      expect(await batch.claimsReferencing(ids)).toEqual(await live.claimsReferencing(ids));
      expect(await batch.claimsReferencing(ids.slice(0, 1))).toEqual(await live.claimsReferencing(ids.slice(0, 1)));
      expect(await batch.claimsOf(ids)).toEqual(await live.claimsOf(ids));
    }
    for (const e of people.slice(0, 40)) expect(await batch.entityBySlug("person", e.slug)).toEqual(await live.entityBySlug("person", e.slug));
    expect(await batch.entityBySlug("person", "constructor")).toBeUndefined();
  });

  it("hands out rows that a page cannot change for the next page", async () => {
    const pdb = publicView(f.t.db);
    const batch = batchReader(publicReader(pdb), pdb);
    const person = (await sql<{ id: string }>`SELECT id FROM public_entity WHERE type = 'person' LIMIT 1`.execute(f.t.db)).rows[0]!;
    const [claim] = await batch.claimsOf([person.id]);
    expect(() => Object.assign(claim!, { property: "changed" })).toThrow(TypeError);
    const [again] = await batch.claimsOf([person.id]);
    expect(again!.property).not.toBe("changed");
  });

  it("reads a page of a list once for both languages' pages, answering each ask with a copy equal to the public reader's", async () => {
    const pdb = publicView(f.t.db);
    const live = publicReader(pdb);
    const reads = { people: 0, places: 0 };
    const counting = { ...live };
    counting.findPeople = (...a) => (reads.people++, live.findPeople(...a));
    counting.entitiesOfType = (...a) => (reads.places++, live.entitiesOfType(...a));
    const batch = batchReader(counting, pdb);
    const filter: PeopleFilter = {};
    const page = { limit: 5, offset: 0 };
    const first = await batch.findPeople(filter, page);
    expect(first).toHaveLength(5);
    first.pop();
    expect(await batch.findPeople(filter, page)).toEqual(await live.findPeople(filter, page));
    expect(await batch.findPeople({}, { limit: 5, offset: 5 })).toEqual(await live.findPeople(filter, { limit: 5, offset: 5 }));
    expect(reads.people).toBe(2);
    expect(await batch.entitiesOfType("place", page)).toEqual(await live.entitiesOfType("place", page));
    expect(await batch.entitiesOfType("place", page)).toEqual(await live.entitiesOfType("place", page));
    expect(reads.places).toBe(1);
    expect(await batch.countPeople(filter, 1000)).toBe(await live.countPeople(filter, 1000));
  });

  it("serves the export's crawl the same pages as the site read page by page", async () => {
    const config = loadConfig({ SABT_DATA_DIR: f.t.dataDir, SABT_PUBLIC_URL: TEST_BASE, SABT_LOG_LEVEL: "silent" });
    // The first 500 addresses (the whole site takes a minute read page by page): indexes, people,
    // places, events, articles and sitemaps, in the export's order.
    const bodies = async (app: Fetcher, readAhead?: (paths: readonly string[]) => Promise<void>) => {
      const out = new Map<string, string>();
      await crawl(app, TEST_BASE, (r) => void out.set(r.path, `${r.status} ${r.type} ${Buffer.from(r.body).toString("base64")}`), {
        max: 500,
        skip: (p) => p.startsWith("/share/") || p.includes("?"),
        readAhead,
      });
      return out;
    };
    const expected = await bodies(createApp({ db: f.t.db, config }, [createSiteRoutes({ cacheTtlMs: 0 })]));

    const site = exportSiteRoutes(f.t.db, { budget: 2_000 });
    let batches = 0;
    const got = await bodies(createApp({ db: f.t.db, config }, [site.routes]), async (paths) => {
      batches++;
      await site.readAhead.next(paths);
    });
    expect(batches).toBeGreaterThan(1);
    expect([...got.keys()]).toEqual([...expected.keys()]);
    expect([...expected.keys()].filter((p) => p.includes("/people/")).length).toBeGreaterThan(100);
    const differing = [...expected].filter(([p, body]) => got.get(p) !== body).map(([p]) => p);
    expect(differing).toEqual([]);
  });
});
