/**
 * One person from many lists (issue 12): two overlapping fictional lists with known truth, linked,
 * are one public page per person (within the linkage error) in the sitemap, search and the
 * statistics; an unmerge gives the separate pages back; a re-import and a re-run change nothing.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.ts";
import { publicView } from "../src/db/index.ts";
import { demoListCsv, generateDemo, generateListRecords } from "../src/demo/index.ts";
import { loadDemo } from "../src/demo-loader/index.ts";
import type { App } from "../src/http/index.ts";
import { runPersonImport } from "../src/imports/index.ts";
import { decidePair, findClusterOf, getReviewQueue, linkLists, mergeClusters, unmergeRecord } from "../src/lists/index.ts";
import { keyString, parseKeyString } from "../src/lists/keys.ts";
import { createApp } from "../src/server/index.ts";
import { systemViewer } from "../src/shared/viewer.ts";
import { createSiteRoutes } from "../src/site/site.routes.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { importDemoLists, membership, type ImportedDemoLists } from "./lists.ts";
import { TEST_BASE } from "./site.ts";

const system = systemViewer("test-one-person");
const SEED = 23;
const VICTIMS = 160;
let t: TestDatabase;
let app: App;
let demo: ImportedDemoLists;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await importDemoLists(t.db, { seed: SEED, victims: VICTIMS, only: ["fa1", "en1"] });
  const config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: TEST_BASE, SABT_LOG_LEVEL: "silent" });
  app = createApp({ db: t.db, config }, [createSiteRoutes({ cacheTtlMs: 0 })]);
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function get(path: string): Promise<Response> {
  return app.request(`${TEST_BASE}${path}`, { redirect: "manual" });
}

/** Every person address the sitemaps list. */
async function sitemapPeople(): Promise<string[]> {
  const index = await (await get("/sitemap.xml")).text();
  const parts = [...index.matchAll(/<loc>https:\/\/sabt\.example\.org(\/sitemaps\/[^<]+)<\/loc>/g)].map((m) => m[1]!);
  const urls: string[] = [];
  for (const p of parts) {
    const xml = await (await get(p)).text();
    for (const m of xml.matchAll(/<loc>https:\/\/sabt\.example\.org(\/en\/people\/[^<]+)<\/loc>/g)) urls.push(m[1]!);
  }
  return urls.sort();
}

/** The person entity and public slug of a list record. */
async function recordPerson(key: string): Promise<{ id: string; slug: string }> {
  const k = parseKeyString(key)!;
  return t.db
    .selectFrom("list_record as r")
    .innerJoin("entity as e", "e.id", "r.person_id")
    .select(["e.id", "e.slug"])
    .where("r.list_id", "=", k.list)
    .where("r.record_id", "=", k.record)
    .executeTakeFirstOrThrow();
}

async function publicPeople(): Promise<number> {
  return countPeople(t.db);
}

describe("linked records become one person", () => {
  let before: string[];
  let linkedKey: [string, string];

  it("lists one person address per true person once the lists are linked", async () => {
    before = await sitemapPeople();
    expect(before.length).toBe(demo.rows);
    await linkLists(t.db, system);
    const clusters = new Set((await membership(t.db)).values());
    const truePeople = new Set(demo.truthOf.values());
    const after = await sitemapPeople();
    // Exactly one address per cluster, and clusters within the linkage error of the truth.
    expect(after.length).toBe(clusters.size);
    expect(await publicPeople()).toBe(clusters.size);
    expect(Math.abs(after.length - truePeople.size)).toBeLessThanOrEqual(Math.ceil(truePeople.size * 0.08));
    expect(after.length).toBeLessThan(before.length);
    // The older list's rows keep their addresses: linking the newer list folds its rows into them.
    const older = demo.listIds.get("fa1")!;
    const canonicalLists = await t.db
      .selectFrom("person_merge as m")
      .innerJoin("list_record as r", "r.person_id", "m.canonical_id")
      .select("r.list_id")
      .distinct()
      .execute();
    expect(canonicalLists.map((r) => r.list_id)).toEqual([older]);
  });

  it("follows reviewers' decisions and merges to exactly one address per true person, through a re-run", async () => {
    const queue = await getReviewQueue(t.db, system, { limit: 1000, offset: 0 });
    expect(queue.pairs.length).toBeGreaterThan(0);
    for (const p of queue.pairs) {
      const same = demo.truthOf.get(keyString(p.left.key)) === demo.truthOf.get(keyString(p.right.key));
      await t.db.transaction().execute((trx) => decidePair(trx, system, { left: p.left.key, right: p.right.key, decision: same ? "match" : "non-match" }));
    }
    // Records of one true person that the model left apart are merged by hand, as a reviewer
    // who found them on the person pages would.
    // One record key per cluster of each true person.
    const clustersOfPerson = new Map<string, Map<string, string>>();
    for (const [k, c] of await membership(t.db)) {
      const who = demo.truthOf.get(k)!;
      const clusters = clustersOfPerson.get(who) ?? new Map<string, string>();
      clustersOfPerson.set(who, clusters.set(c, k));
    }
    for (const clusters of clustersOfPerson.values()) {
      const first = [...clusters.values()][0]!;
      for (const [cluster] of [...clusters].slice(1)) {
        const into = await findClusterOf(t.db, system, parseKeyString(first)!);
        await t.db.transaction().execute((trx) => mergeClusters(trx, system, { a: into, b: cluster }));
      }
    }
    await linkLists(t.db, system);
    const truePeople = new Set(demo.truthOf.values());
    const after = await sitemapPeople();
    expect(after.length).toBe(new Set((await membership(t.db)).values()).size);
    expect(after.length).toBe(truePeople.size);
  });

  it("shows a linked person once in search, under every spelling, and redirects the other record's address", async () => {
    const members = await membership(t.db);
    const byCluster = new Map<string, string[]>();
    for (const [k, c] of members) byCluster.set(c, [...(byCluster.get(c) ?? []), k]);
    const pair = [...byCluster.values()].find((ks) => ks.length === 2 && demo.truthOf.get(ks[0]!) === demo.truthOf.get(ks[1]!));
    expect(pair).toBeDefined();
    linkedKey = [pair![0]!, pair![1]!];
    const people = await Promise.all(linkedKey.map(recordPerson));
    const merged = await t.db.selectFrom("person_merge").selectAll().where("entity_id", "in", people.map((p) => p.id)).execute();
    expect(merged).toHaveLength(1);
    const canonical = people.find((p) => p.id === merged[0]!.canonical_id)!;
    const folded = people.find((p) => p.id === merged[0]!.entity_id)!;

    const names = await t.db
      .selectFrom("claim")
      .select(["entity_id", "value_text"])
      .where("entity_id", "in", people.map((p) => p.id))
      .where("property", "=", "name")
      .where("visibility", "=", "public")
      .execute();
    const spellings = [...new Set(names.map((n) => n.value_text))];
    expect(spellings.length).toBeGreaterThanOrEqual(2); // a Persian and a Latin spelling
    for (const q of spellings) {
      const html = await (await get(`/en/search?q=${encodeURIComponent(q)}`)).text();
      const hits = [...html.matchAll(/href="\/en\/people\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
      expect(hits, q).toContain(canonical.slug);
      expect(hits, q).not.toContain(folded.slug);
    }
    // Both records' names are on the one page.
    const page = await (await get(`/en/people/${encodeURIComponent(canonical.slug)}`)).text();
    for (const q of spellings) expect(page).toContain(q.replace(/&/g, "&amp;"));

    const moved = await get(`/fa/people/${encodeURIComponent(folded.slug)}`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe(`/fa/people/${encodeURIComponent(canonical.slug)}`);
  });

  it("gives the separate pages back on unmerge, and keeps them through a re-import and a re-run", async () => {
    const linked = await sitemapPeople();
    const [, second] = linkedKey;
    await t.db.transaction().execute((trx) => unmergeRecord(trx, system, { record: parseKeyString(second)! }));
    const split = await sitemapPeople();
    expect(split.length).toBe(linked.length + 1);
    const own = await recordPerson(second);
    expect((await get(`/en/people/${encodeURIComponent(own.slug)}`)).status).toBe(200);

    // Re-import both lists unchanged, then link again: the unmerge decision holds, nothing moves.
    const { lists } = generateListRecords({ seed: SEED, victims: VICTIMS });
    for (const list of lists.filter((l) => l.name === "fa1" || l.name === "en1")) {
      const r = await runPersonImport(t.db, system, demoListCsv(list), { listName: `${list.name} ${SEED}`, isFictional: true });
      expect(r.errors).toEqual([]);
    }
    expect(await sitemapPeople()).toEqual(split);
    const mergesBefore = await t.db.selectFrom("person_merge").select(["entity_id", "canonical_id"]).orderBy("entity_id").execute();
    await linkLists(t.db, system);
    expect(await sitemapPeople()).toEqual(split);
    expect(await t.db.selectFrom("person_merge").select(["entity_id", "canonical_id"]).orderBy("entity_id").execute()).toEqual(mergesBefore);
  });
});

describe("an authored person and the list rows it cites", () => {
  let d: TestDatabase;
  let demoApp: App;
  let peopleBefore: number;
  beforeAll(async () => {
    d = await createTestDatabase();
    await loadDemo(d.db, system, generateDemo({ victims: 200 }));
    const config = loadConfig({ SABT_DATA_DIR: d.dataDir, SABT_PUBLIC_URL: TEST_BASE, SABT_LOG_LEVEL: "silent" });
    demoApp = createApp({ db: d.db, config }, [createSiteRoutes({ cacheTtlMs: 0 })]);
    peopleBefore = await countPeople(d.db);
    await linkLists(d.db, system);
  }, 120_000);
  afterAll(async () => {
    await d.close();
  });

  it("keeps the person the editors wrote and folds every row it cites into it", async () => {
    // A featured victim of the demo: an authored person whose claims cite list rows.
    const cited = await d.db
      .selectFrom("claim as c")
      .innerJoin("entity as e", "e.id", "c.entity_id")
      .select(["e.id", "e.slug", "e.label"])
      .where("e.type", "=", "person")
      .where(sql<boolean>`c.sources::text LIKE '%record_id%'`)
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM list_record x WHERE x.person_id = e.id)`)
      .where("e.visibility", "=", "public")
      .executeTakeFirstOrThrow();
    const folded = await d.db
      .selectFrom("person_merge as m")
      .innerJoin("entity as e", "e.id", "m.entity_id")
      .select(["e.slug", "e.visibility"])
      .where("m.canonical_id", "=", cited.id)
      .execute();
    expect(folded.length).toBeGreaterThan(0);
    for (const f of folded.filter((x) => x.visibility === "public")) {
      const r = await demoApp.request(`${TEST_BASE}/en/people/${encodeURIComponent(f.slug)}`, { redirect: "manual" });
      expect(r.status).toBe(302);
      expect(r.headers.get("location")).toBe(`/en/people/${encodeURIComponent(cited.slug)}`);
    }
    const html = await (await demoApp.request(`${TEST_BASE}/en/search?q=${encodeURIComponent(cited.label)}`)).text();
    const hits = [...html.matchAll(/href="\/en\/people\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(hits).toContain(cited.slug);
    for (const f of folded) expect(hits).not.toContain(f.slug);
  });

  it("counts linked people on the statistics page", async () => {
    const n = await countPeople(d.db);
    const folded = await publicView(d.db).selectFrom("public_merge").select((eb) => eb.fn.countAll<string>().as("n")).where("type", "=", "person").executeTakeFirstOrThrow();
    expect(Number(folded.n)).toBeGreaterThan(0);
    expect(n).toBe(peopleBefore - Number(folded.n));
    const stats = await (await demoApp.request(`${TEST_BASE}/en/statistics`)).text();
    expect(stats.replace(/,/g, "")).toContain(`>${n}<`);
  });
});

async function countPeople(db: TestDatabase["db"]): Promise<number> {
  const r = await publicView(db).selectFrom("public_entity").select((eb) => eb.fn.countAll<string>().as("n")).where("type", "=", "person").executeTakeFirstOrThrow();
  return Number(r.n);
}
