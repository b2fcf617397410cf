import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../test/config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildSource, testActor } from "../../test/factories.ts";
import { tempDir } from "../../test/template.ts";
import { createClaim } from "../claims/index.ts";
import { createEntity } from "../entities/index.ts";
import { verifyIntegrity } from "../integrity/index.ts";
import { listAutoBackups, restoreBackup, rollingBackup } from "./backup.ts";

let source: TestDatabase;
let target: TestDatabase;
let sourceId: string;

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  sourceId = (await buildSource(source.db)).id;
});
afterAll(async () => {
  await source.close();
  await target.close();
});

/** One unit of work, as an editor's request makes it: an entity, its claim, their revisions and audit entries, in one transaction. */
async function writeUnit(i: number): Promise<void> {
  await source.db.transaction().execute(async (trx) => {
    const e = await createEntity(trx, testActor, { type: "person", label: `Fictional Backup Writer ${i}`, visibility: "public", isFictional: true });
    await createClaim(trx, testActor, {
      entityId: e.id,
      property: "death_date",
      value: { type: "date", text: `${1980 + (i % 20)}` },
      sources: [{ sourceId }],
      editorial: false,
      confidence: "medium",
      visibility: "public",
      status: "asserted",
    });
  });
}

describe("automatic backups while the server keeps writing", () => {
  it("lets writes commit during the backup, and restores to one state: a whole prefix of the writes, audit chain intact", async () => {
    const dir = path.join(tempDir(), "backups");
    for (let i = 0; i < 5; i++) await writeUnit(i);
    let done = false;
    let during = 0;
    const backup = rollingBackup(source.db, dir, 3).finally(() => (done = true));
    // Writes go on until the backup has finished. On the embedded engine (one connection) the
    // old single-transaction dump made every one of them wait for its end. Each write yields to
    // the event loop first, as requests arriving over the network do (PGlite answers through
    // promises alone, so a bare loop of writes would never let the copy's file I/O complete).
    let next = 5;
    let sawCopy = false;
    while (!done) {
      await new Promise((r) => setImmediate(r));
      await writeUnit(next++);
      if (!done) during++;
      sawCopy ||= fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith(".snapshot-"));
    }
    const file = await backup;
    // Hundreds of writes land during the embedded engine's backup (the old dump let none through).
    // A server dumps this small collection within about one write's time (none landed in one CI
    // run), so there the count shows nothing either way: its dump blocks nobody by construction
    // (a repeatable-read transaction on a connection of its own), and the restore below checks
    // that it took one moment's state.
    if (!process.env.DATABASE_URL) expect(during).toBeGreaterThan(2);
    // The embedded engine backs up from an online copy of its files; PostgreSQL dumps in one
    // repeatable-read transaction on a pooled connection of its own, which blocks nobody.
    expect(sawCopy).toBe(!process.env.DATABASE_URL);
    expect(listAutoBackups(dir)).toEqual([file]);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);

    await restoreBackup(target.db, file);
    const labels = (await target.db.selectFrom("entity").select("label").where("label", "like", "Fictional Backup Writer %").execute()).map((r) => Number(r.label.split(" ").at(-1)));
    const k = labels.length;
    // One moment's state: exactly the first k units, each whole (entity with its claim).
    expect(k).toBeGreaterThanOrEqual(5);
    expect(labels.sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, i) => i));
    const claims = await target.db
      .selectFrom("claim")
      .innerJoin("entity", "entity.id", "claim.entity_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("entity.label", "like", "Fictional Backup Writer %")
      .executeTakeFirstOrThrow();
    expect(Number(claims.n)).toBe(k);
    const report = await verifyIntegrity(target.db, testConfig({ SABT_DATA_DIR: target.dataDir }));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("removes a copy that a killed backup left behind, and keeps only the newest backups", async () => {
    const dir = path.join(tempDir(), "backups-keep");
    const leftover = path.join(dir, ".snapshot-999999-1");
    fs.mkdirSync(path.join(leftover, "base"), { recursive: true });
    const first = await rollingBackup(source.db, dir, 1);
    expect(fs.existsSync(leftover)).toBe(false);
    const second = await rollingBackup(source.db, dir, 1);
    expect(second).not.toBe(first);
    expect(listAutoBackups(dir)).toEqual([second]);
  });
});
