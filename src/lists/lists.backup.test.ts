/**
 * Linkage runs, review history and estimates are part of a backup: restored exactly, with the
 * event and decision ids continuing after the restored ones.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { tempDir } from "../../test/template.ts";
import { verifyAuditChain } from "../audit/index.ts";
import { restoreBackup, writeBackup } from "../backup/index.ts";
import { systemViewer } from "../shared/viewer.ts";
import { publishEstimate, runEstimate } from "./estimate.service.ts";
import { linkLists } from "./linkage.service.ts";
import { mergeClusters } from "./review.service.ts";
import { importDemoLists, membership } from "../../test/lists.ts";

const actor = systemViewer("test-lists-backup");
const TABLES = ["link_run", "link_pair", "link_member", "link_event", "link_decision", "estimate_run"] as const;
let source: TestDatabase;
let target: TestDatabase;

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  await importDemoLists(source.db, { seed: 3, victims: 60, only: ["fa1", "en1"] });
  await linkLists(source.db, actor);
  const [a, b] = [...new Set((await membership(source.db)).values())].sort();
  await source.db.transaction().execute((trx) => mergeClusters(trx, actor, { a: a!, b: b!, note: "fictional" }));
  const e = await runEstimate(source.db, actor, { method: "loglinear", model: "indep" });
  await source.db.transaction().execute((trx) => publishEstimate(trx, actor, e.id, { labelFa: "خیالی", labelEn: "Fictional" }));
}, 120_000);
afterAll(async () => {
  await source.close();
  await target.close();
});

async function rows(t: TestDatabase, table: (typeof TABLES)[number]): Promise<unknown[]> {
  const all = await t.db.selectFrom(table).selectAll().execute();
  return all.map((r) => JSON.stringify(r)).sort();
}

describe("backing up linked lists", () => {
  it("restores runs, pairs, clusters, review history and estimates exactly", async () => {
    const file = path.join(tempDir(), "lists.backup.gz");
    const counts = await writeBackup(source.db, file);
    for (const table of TABLES) expect(counts[table], table).toBeGreaterThan(0);
    await restoreBackup(target.db, file);
    for (const table of TABLES) expect(await rows(target, table), table).toEqual(await rows(source, table));
    expect((await verifyAuditChain(target.db)).ok).toBe(true);
    // New events get ids after the restored ones.
    const [a, b] = [...new Set((await membership(target.db)).values())].sort();
    const next = await target.db.transaction().execute((trx) => mergeClusters(trx, actor, { a: a!, b: b! }));
    expect(Number(next.eventId)).toBeGreaterThan(1);
  });
});
