/**
 * Review actions on a small fictional demo: merge, unmerge, revert with history; decisions keyed
 * by list record surviving a re-import; who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { verifyAuditChain } from "../audit/index.ts";
import { publicView } from "../db/index.ts";
import { editEntity, getEntity } from "../entities/index.ts";
import { demoListCsv, generateListRecords } from "../demo/index.ts";
import { runPersonImport } from "../imports/index.ts";
import { systemViewer, type Role, type Viewer } from "../shared/viewer.ts";
import { linkAndEstimateDemo } from "./demo-results.service.ts";
import { runEstimate, publishEstimate } from "./estimate.service.ts";
import { clusterName, keyString, parseKeyString, type RecordKey } from "./keys.ts";
import { linkLists } from "./linkage.service.ts";
import { findClusterOf, getCluster, getReviewQueue, listReviewEvents } from "./review.read.service.ts";
import { decidePair, mergeClusters, revertEvent, unmergeRecord } from "./review.service.ts";
import { importDemoLists, membership, type ImportedDemoLists } from "../../test/lists.ts";

const system = systemViewer("test-review");
const member = (role: Role): Viewer => ({ kind: "user", userId: `u-${role}`, name: `Fictional ${role}`, role });
let t: TestDatabase;
let demo: ImportedDemoLists;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await importDemoLists(t.db, { seed: 5, victims: 120 });
  await linkLists(t.db, system);
}, 120_000);
afterAll(async () => {
  await t.close();
});

/** Two clusters of the current membership (the first two in name order). */
async function twoClusters(): Promise<[string, string]> {
  const names = [...new Set((await membership(t.db)).values())].sort();
  return [names[0]!, names[1]!];
}

async function clustersSnapshot(): Promise<Map<string, string>> {
  return membership(t.db);
}

describe("merge, unmerge and revert", () => {
  it("merges two clusters, then unmerging and reverting restore the clusters, with every step in history", async () => {
    const start = await clustersSnapshot();
    const [a, b] = await twoClusters();
    const merged = await t.db.transaction().execute((trx) => mergeClusters(trx, member("reviewer"), { a, b, note: "same father, same prison" }));
    expect(merged.moved).toBeGreaterThan(0);
    const after = await clustersSnapshot();
    const aKeys = [...start].filter(([, c]) => c === a).map(([k]) => k);
    const bKeys = [...start].filter(([, c]) => c === b).map(([k]) => k);
    const name = clusterName([...aKeys, ...bKeys].map((k) => parseKeyString(k)!));
    for (const k of [...aKeys, ...bKeys]) expect(after.get(k)).toBe(name);

    // Take one record of the former B out again.
    const out = parseKeyString(bKeys[0]!)!;
    const unmerged = await t.db.transaction().execute((trx) => unmergeRecord(trx, member("editor"), { record: out, note: "different birth year" }));
    expect(unmerged.decisions).toBe(aKeys.length + bKeys.length - 1);
    expect((await clustersSnapshot()).get(keyString(out))).toBe(keyString(out));

    // Revert the unmerge, then the merge: the clusters are those before the merge.
    await t.db.transaction().execute((trx) => revertEvent(trx, member("reviewer"), { eventId: unmerged.eventId }));
    expect((await clustersSnapshot()).get(keyString(out))).toBe(name);
    await t.db.transaction().execute((trx) => revertEvent(trx, member("reviewer"), { eventId: merged.eventId, note: "merged by mistake" }));
    expect(await clustersSnapshot()).toEqual(start);

    const history = await listReviewEvents(t.db, member("viewer"), { limit: 10 });
    expect(history.map((e) => e.kind).slice(0, 4)).toEqual(["revert", "revert", "unmerge", "merge"]);
    expect(history.find((e) => e.id === merged.eventId)?.reverted).toBe(true);
    expect(history[3]!.note).toBe("same father, same prison");
    const cluster = await getCluster(t.db, member("viewer"), a);
    expect(cluster.events.map((e) => e.id)).toContain(merged.eventId);
    // The decisions are back where they were: none is current for these pairs.
    const rerun = await linkLists(t.db, system);
    expect(rerun.decisions).toBe(0);
    expect(await clustersSnapshot()).toEqual(start);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses to revert a change twice or to revert a revert", async () => {
    const [a, b] = await twoClusters();
    const merged = await t.db.transaction().execute((trx) => mergeClusters(trx, system, { a, b }));
    const revert = await t.db.transaction().execute((trx) => revertEvent(trx, system, { eventId: merged.eventId }));
    await expect(t.db.transaction().execute((trx) => revertEvent(trx, system, { eventId: merged.eventId }))).rejects.toMatchObject({ id: "conflict" });
    await expect(t.db.transaction().execute((trx) => revertEvent(trx, system, { eventId: revert.eventId }))).rejects.toMatchObject({ id: "conflict" });
  });

  it("keeps a decision keyed by list and record through a re-import of the same list", async () => {
    const { pairs } = await getReviewQueue(t.db, system, { limit: 1, offset: 0 });
    const [left, right]: RecordKey[] = pairs[0] ? [pairs[0].left.key, pairs[0].right.key] : [...(await membership(t.db)).keys()].slice(0, 2).map((k) => parseKeyString(k)!);
    await t.db.transaction().execute((trx) => decidePair(trx, member("reviewer"), { left: left!, right: right!, decision: "match", note: "fictional reviewer" }));
    // Re-importing the list changes nothing: same rows, same keys.
    const { lists } = generateListRecords({ seed: 5, victims: 120 });
    const fa1 = lists.find((l) => l.name === "fa1")!;
    const again = await runPersonImport(t.db, system, demoListCsv(fa1), { listName: "fa1 5", isFictional: true });
    expect(again.imported).toBe(0);
    const run = await linkLists(t.db, system);
    expect(run.decisions).toBe(1);
    const now = await membership(t.db);
    expect(now.get(keyString(left!))).toBe(now.get(keyString(right!)));
  });
});

describe("who may review", () => {
  it("lets team viewers read but not link, decide, merge, estimate or publish", async () => {
    const viewer = member("viewer");
    const [a, b] = await twoClusters();
    const key = parseKeyString([...(await membership(t.db)).keys()][0]!)!;
    const other = parseKeyString([...(await membership(t.db)).keys()][1]!)!;
    await expect(getReviewQueue(t.db, viewer, { limit: 5, offset: 0 })).resolves.toBeDefined();
    await expect(linkLists(t.db, viewer)).rejects.toMatchObject({ id: "forbidden" });
    await expect(t.db.transaction().execute((trx) => decidePair(trx, viewer, { left: key, right: other, decision: "match" }))).rejects.toMatchObject({ id: "forbidden" });
    await expect(t.db.transaction().execute((trx) => mergeClusters(trx, viewer, { a, b }))).rejects.toMatchObject({ id: "forbidden" });
    await expect(t.db.transaction().execute((trx) => unmergeRecord(trx, viewer, { record: key }))).rejects.toMatchObject({ id: "forbidden" });
    await expect(runEstimate(t.db, viewer, { method: "loglinear", model: "indep" })).rejects.toMatchObject({ id: "forbidden" });
    await expect(getReviewQueue(t.db, { kind: "anonymous" }, { limit: 5, offset: 0 })).rejects.toMatchObject({ id: "unauthorized" });
    // Nothing was written by the refused calls.
    expect(await t.db.selectFrom("link_event").select("id").where("actor", "=", "user:u-viewer").execute()).toEqual([]);
  });

  it("lets researchers estimate but only admins and editors publish", async () => {
    const e = await runEstimate(t.db, member("researcher"), { method: "loglinear", model: "indep" });
    const labels = { labelFa: "برآورد خیالی", labelEn: "Fictional estimate" };
    for (const role of ["researcher", "reviewer", "viewer"] as const) {
      await expect(t.db.transaction().execute((trx) => publishEstimate(trx, member(role), e.id, labels))).rejects.toMatchObject({ id: "forbidden" });
    }
    // Four eyes: the editor asks, cannot approve their own request, and an admin publishes it.
    expect(await t.db.transaction().execute((trx) => publishEstimate(trx, member("editor"), e.id, labels))).toBe("pending");
    const asked = await t.db.selectFrom("estimate_run").select(["published", "published_by"]).where("id", "=", e.id).executeTakeFirstOrThrow();
    expect(asked).toEqual({ published: false, published_by: "user:u-editor" });
    await expect(t.db.transaction().execute((trx) => publishEstimate(trx, member("editor"), e.id, labels))).rejects.toMatchObject({ id: "four_eyes" });
    expect(await t.db.transaction().execute((trx) => publishEstimate(trx, member("admin"), e.id, labels))).toBe("published");
    const pub = await t.db.selectFrom("estimate_run").select(["published", "published_by"]).where("id", "=", e.id).executeTakeFirstOrThrow();
    expect(pub).toEqual({ published: true, published_by: "user:u-editor" });
    expect(demo.rows).toBeGreaterThan(100);
  });

  it("rejects bad input with named fields", async () => {
    const key = parseKeyString([...(await membership(t.db)).keys()][0]!)!;
    await expect(t.db.transaction().execute((trx) => decidePair(trx, system, { left: key, right: key, decision: "match" }))).rejects.toMatchObject({ id: "validation_failed" });
    await expect(t.db.transaction().execute((trx) => decidePair(trx, system, { left: key, right: { list: key.list, record: "no-such-row" }, decision: "match" }))).rejects.toMatchObject({ id: "not_found" });
    await expect(linkLists(t.db, system, { bandLow: 0.9, bandHigh: 0.2 })).rejects.toMatchObject({ id: "validation_failed", message: expect.stringContaining("bandLow") });
    await expect(runEstimate(t.db, system, { method: "lcmcr", iterations: 1 })).rejects.toMatchObject({ id: "validation_failed", message: expect.stringContaining("iterations") });
  });
});

describe("what reviewers see of a record", () => {
  it("hides the values of a confidential person from a reviewer, whatever the values' own visibility (issue 13)", async () => {
    const key = parseKeyString([...(await membership(t.db)).keys()][0]!)!;
    const cluster = await findClusterOf(t.db, system, key);
    const before = (await getCluster(t.db, member("reviewer"), cluster)).members.find((m) => keyString(m.key) === keyString(key))!;
    expect(before.values.length).toBeGreaterThan(0);
    expect(before.values.every((v) => v.visibility !== "confidential")).toBe(true);
    const person = await getEntity(t.db, system, before.personId!);
    await t.db.transaction().execute((trx) => editEntity(trx, system, person.id, { version: person.version, visibility: "confidential" }));
    const reviewer = (await getCluster(t.db, member("reviewer"), cluster)).members.find((m) => keyString(m.key) === keyString(key))!;
    expect(reviewer.values).toEqual([]);
    expect(reviewer.personId).toBeUndefined();
    const editor = (await getCluster(t.db, member("editor"), cluster)).members.find((m) => keyString(m.key) === keyString(key))!;
    expect(editor.values).toEqual(before.values);
  });
});

describe("the demo's first start", () => {
  it("links the lists and publishes one short, fictional estimate", async () => {
    const { estimateId } = await linkAndEstimateDemo(t.db, system);
    const pub = await publicView(t.db).selectFrom("public_estimate").selectAll().where("id", "=", estimateId).executeTakeFirstOrThrow();
    expect(pub.method).toBe("lcmcr");
    expect(pub.label_en).toContain("fictional");
    expect(pub.median).toBeGreaterThanOrEqual(pub.observed);
  });
});
