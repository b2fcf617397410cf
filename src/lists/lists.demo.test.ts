/**
 * The fictional demo's four lists (about 3,400 rows) linked and estimated in the app, scored
 * against the identities and the total the generator knows.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { measurePauses } from "../../test/event-loop.ts";
import { verifyAuditChain } from "../audit/index.ts";
import { DEFAULT_SEED, DEFAULT_VICTIMS } from "../demo/index.ts";
import { runPersonImport } from "../imports/index.ts";
import { systemViewer } from "../shared/viewer.ts";
import { runEstimate } from "./estimate.service.ts";
import { keyString, parseKeyString } from "./keys.ts";
import { linkLists } from "./linkage.service.ts";
import { getReviewQueue } from "./review.read.service.ts";
import { decidePair } from "./review.service.ts";
import { importDemoLists, membership, pairwiseScores, setMembershipToTruth, type ImportedDemoLists } from "../../test/lists.ts";

const reviewer = systemViewer("test-reviewer");
let t: TestDatabase;
let demo: ImportedDemoLists;
let decided = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await importDemoLists(t.db, { seed: DEFAULT_SEED, victims: DEFAULT_VICTIMS });
}, 300_000);
afterAll(async () => {
  await t.close();
});

describe("linking the demo lists in the database", () => {
  it("recovers the true identities with a high pairwise F1 and queues uncertain pairs", async () => {
    const steps: string[] = [];
    const run = await linkLists(t.db, reviewer, {}, (stage) => steps.push(stage));
    expect(run.records).toBe(demo.rows);
    expect(run.lists.length).toBe(4);
    expect(steps).toEqual(expect.arrayContaining(["reading", "linking", "queueing", "writing"]));
    const scores = pairwiseScores(await membership(t.db), demo.truthOf);
    expect(scores.f1, JSON.stringify(scores)).toBeGreaterThanOrEqual(0.85);
    // Distinct people close to the number of victims on at least one list.
    const recorded = demo.truth.filter((p) => p.records.length > 0).length;
    expect(Math.abs(run.clusters - recorded) / recorded, `${run.clusters} clusters, ${recorded} people; ${JSON.stringify(scores)}`).toBeLessThan(0.2);
    expect(run.queued).toBeGreaterThan(0);
    const q = await t.db.selectFrom("link_pair").select(["probability", "explanation"]).where("run_id", "=", run.runId).execute();
    expect(q.every((p) => p.probability >= 0.2 && p.probability <= 0.9)).toBe(true);
    expect(q[0]!.explanation.fields.map((f) => f.field)).toContain("name.surname");
    // The planner knows the new clusters (PGlite never analyzes by itself): its estimate of the
    // members is that of the rows written, not of an empty table.
    const est = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'link_member'::regclass`.execute(t.db);
    expect(est.rows[0]!.n).toBeGreaterThan(run.records * 0.8);
  });

  it("links better after reviewers decide pairs of the queue the model got wrong", async () => {
    const current = await membership(t.db);
    const before = pairwiseScores(current, demo.truthOf);
    const { pairs } = await getReviewQueue(t.db, reviewer, { limit: 2000, offset: 0 });
    const same = (p: (typeof pairs)[number]) => demo.truthOf.get(keyString(p.left.key)) === demo.truthOf.get(keyString(p.right.key));
    const together = (p: (typeof pairs)[number]) => current.get(keyString(p.left.key)) === current.get(keyString(p.right.key));
    const missed = pairs.filter((p) => same(p) && !together(p)).slice(0, 40);
    const wrong = pairs.filter((p) => !same(p)).slice(0, 40);
    expect(missed.length).toBeGreaterThan(0);
    await t.db.transaction().execute(async (trx) => {
      for (const p of [...missed, ...wrong]) {
        await decidePair(trx, reviewer, { left: p.left.key, right: p.right.key, decision: same(p) ? "match" : "non-match" });
      }
    });
    const run = await linkLists(t.db, reviewer);
    expect(run.decisions).toBe(missed.length + wrong.length);
    decided = run.decisions;
    const after = await membership(t.db);
    for (const p of missed) expect(after.get(keyString(p.left.key))).toBe(after.get(keyString(p.right.key)));
    for (const p of wrong) expect(after.get(keyString(p.left.key))).not.toBe(after.get(keyString(p.right.key)));
    const scores = pairwiseScores(after, demo.truthOf);
    expect(scores.f1, `${before.f1} → ${scores.f1}`).toBeGreaterThan(before.f1);
  });

  it("estimates from the model's clusters, above the people it observed", async () => {
    const e = await runEstimate(t.db, reviewer, { method: "loglinear", model: "indep" });
    const distinct = new Set((await membership(t.db)).values()).size;
    expect(e.observed).toBe(distinct);
    expect(e.median).toBeGreaterThan(e.observed);
    expect(e.published).toBe(false);
  });

  it("estimates an interval covering the demo's true number of victims once the lists are linked right", async () => {
    // Linkage errors bias estimates (missed links up, false links down); here every record sits
    // with its true person, as after a complete review, so the estimator alone is tested.
    await setMembershipToTruth(t.db, demo);
    const opts = { method: "lcmcr", seed: 11, burnin: 300, iterations: 300, thinning: 3, chains: 1 } as const;
    const e = await runEstimate(t.db, reviewer, opts);
    expect(e.observed).toBe(demo.truth.filter((p) => p.records.length > 0).length);
    expect(e.lower).toBeLessThanOrEqual(DEFAULT_VICTIMS);
    expect(e.upper ?? Infinity).toBeGreaterThanOrEqual(DEFAULT_VICTIMS);
    expect((await runEstimate(t.db, reviewer, opts)).median).toBe(e.median);
  });

  it("lets the server answer other requests while a long LCMCR run is in progress", async () => {
    // About 100,000 sweeps: seconds of sampling, far longer than any pause allowed below.
    const { took, longestPause: maxGap } = await measurePauses(() =>
      runEstimate(t.db, reviewer, { method: "lcmcr", seed: 3, burnin: 60_000, iterations: 1_000, thinning: 40, chains: 1 }),
    );
    // The run takes seconds; the event loop is never held for more than a slice of it.
    expect(took).toBeGreaterThan(1500);
    expect(maxGap, `longest pause ${Math.round(maxGap)} ms of a ${Math.round(took)} ms run`).toBeLessThan(Math.min(500, took / 4));
  });

  it("estimates per prison and adds the strata up", async () => {
    const e = await runEstimate(t.db, reviewer, { method: "loglinear", model: "indep", strata: "prison" });
    const strata = (e.result as { strata?: { key: string; observed: number }[] }).strata ?? [];
    expect(strata.length).toBeGreaterThan(3);
    expect(strata.reduce((s, x) => s + x.observed, 0)).toBe(e.observed);
    expect(e.median).toBeGreaterThan(e.observed);
  });

  it("keeps reviewers' decisions over the model when a new list arrives and linkage runs again", async () => {
    const before = await membership(t.db);
    // A pair the model linked (reject it) and two records of one true person it kept apart, or
    // failing that two records of different people (accept them): both contradict the model.
    const byCluster = new Map<string, string[]>();
    for (const [k, c] of before) (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(k);
    const linked = [...byCluster.values()].find((m) => m.length === 2)!;
    const apart = [...before.keys()].filter((k) => before.get(k) !== before.get(linked[0]!)).slice(0, 2);
    expect(before.get(apart[0]!)).not.toBe(before.get(apart[1]!));
    await t.db.transaction().execute(async (trx) => {
      await decidePair(trx, reviewer, { left: parseKeyString(linked[0]!)!, right: parseKeyString(linked[1]!)!, decision: "non-match", note: "different fathers" });
      await decidePair(trx, reviewer, { left: parseKeyString(apart[0]!)!, right: parseKeyString(apart[1]!)!, decision: "match" });
    });

    // A fifth (fictional) list arrives: two rows, one copying a person already on the lists.
    const csv = "record_id,full_name,death_date\nn1,Fictional Newcomer Person,1988-08-01\nn2,Fictional Second Newcomer,1988-09-01\n";
    expect((await runPersonImport(t.db, reviewer, csv, { listName: "Fictional new list", isFictional: true })).errors).toEqual([]);
    const run = await linkLists(t.db, reviewer);
    expect(run.lists.length).toBe(5);
    expect(run.decisions).toBe(decided + 2);
    const after = await membership(t.db);
    expect(after.get(linked[0]!)).not.toBe(after.get(linked[1]!));
    expect(after.get(apart[0]!)).toBe(after.get(apart[1]!));
    const newList = run.lists.find((l) => l.label === "Fictional new list")!;
    expect(after.has(keyString({ list: newList.id, record: "n1" }))).toBe(true);
    // The decided pairs are no longer in the queue.
    const queued = await t.db.selectFrom("link_pair").select(["left_record_id", "right_record_id"]).where("run_id", "=", run.runId).execute();
    const rec = (k: string) => parseKeyString(k)!.record;
    expect(queued.some((p) => [p.left_record_id, p.right_record_id].sort().join() === [rec(linked[0]!), rec(linked[1]!)].sort().join())).toBe(false);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
