/**
 * Test support for linked lists: import the fictional demo lists through the normal importer
 * (keeping their true identities), and score clusters against that truth.
 * @internal
 */
import type { Db } from "../src/db/index.ts";
import { demoListCsv, generateListRecords, type DemoTruthPerson } from "../src/demo/index.ts";
import { runPersonImport } from "../src/imports/index.ts";
import { systemViewer } from "../src/shared/viewer.ts";
import { keyString } from "../src/lists/keys.ts";

/** The demo lists as imported: list name → list entity id, and the truth in record keys. */
export interface ImportedDemoLists {
  readonly listIds: ReadonlyMap<string, string>;
  /** True person per record key (`keyString`). */
  readonly truthOf: ReadonlyMap<string, string>;
  /** Every true victim, recorded or not. */
  readonly truth: readonly DemoTruthPerson[];
  readonly rows: number;
}

/** Imports the four fictional demo lists (optionally only some) and returns their truth. */
export async function importDemoLists(db: Db, opts: { seed: number; victims: number; only?: readonly string[] }): Promise<ImportedDemoLists> {
  const viewer = systemViewer("test-lists");
  const { lists, truth } = generateListRecords({ seed: opts.seed, victims: opts.victims });
  const listIds = new Map<string, string>();
  let rows = 0;
  for (const list of lists) {
    if (opts.only && !opts.only.includes(list.name)) continue;
    const r = await runPersonImport(db, viewer, demoListCsv(list), { listName: `${list.name} ${opts.seed}`, isFictional: true });
    if (r.errors.length > 0) throw new Error(`import of ${list.name} failed: ${JSON.stringify(r.errors[0])}`);
    const row = await db.selectFrom("entity").select("id").where("type", "=", "list").where("label", "=", `${list.name} ${opts.seed}`).executeTakeFirstOrThrow();
    listIds.set(list.name, row.id);
    rows += r.rows;
  }
  const truthOf = new Map<string, string>();
  for (const p of truth) {
    for (const ref of p.records) {
      const id = listIds.get(ref.list);
      if (id) truthOf.set(keyString({ list: id, record: ref.recordId }), p.personKey);
    }
  }
  return { listIds, truthOf, truth, rows };
}

/** Pairwise precision, recall and F1 of predicted clusters against true identities. */
export function pairwiseScores(predicted: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): { precision: number; recall: number; f1: number } {
  const pairs = (counts: Iterable<number>) => [...counts].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const count = (f: (k: string) => string | undefined) => {
    const m = new Map<string, number>();
    for (const k of predicted.keys()) {
      const c = f(k);
      if (c !== undefined) m.set(c, (m.get(c) ?? 0) + 1);
    }
    return m.values();
  };
  const tp = pairs(count((k) => (truth.has(k) ? `${predicted.get(k)}\u0000${truth.get(k)}` : undefined)));
  const predictedPairs = pairs(count((k) => predicted.get(k)));
  const truePairs = pairs(count((k) => truth.get(k)));
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Current membership as record key → cluster id. */
export async function membership(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom("link_member").select(["list_id", "record_id", "cluster_id"]).execute();
  return new Map(rows.map((r) => [keyString({ list: r.list_id, record: r.record_id }), r.cluster_id]));
}

/**
 * Replaces the current clusters with the true identities (as if every pair had been reviewed
 * correctly), so that estimation can be checked apart from linkage errors.
 */
export async function setMembershipToTruth(db: Db, demo: ImportedDemoLists): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("link_member").select(["list_id", "record_id", "run_id"]).execute();
    const people = new Map<string, string[]>();
    for (const r of rows) {
      const k = keyString({ list: r.list_id, record: r.record_id });
      const p = demo.truthOf.get(k) ?? k;
      (people.get(p) ?? people.set(p, []).get(p)!).push(k);
    }
    const name = new Map<string, string>();
    for (const keys of people.values()) {
      const min = keys.reduce((a, b) => (a < b ? a : b));
      for (const k of keys) name.set(k, min);
    }
    for (const r of rows) {
      await trx
        .updateTable("link_member")
        .set({ cluster_id: name.get(keyString({ list: r.list_id, record: r.record_id }))! })
        .where("list_id", "=", r.list_id)
        .where("record_id", "=", r.record_id)
        .execute();
    }
  });
}
