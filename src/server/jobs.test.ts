import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildUserToken } from "../../test/factories.ts";
import { getCustodyLog, ingestFile, openBlobStore, type BlobStore, type CustodyEntry } from "../archive/index.ts";
import { hashSessionToken, SESSION_PURGE_MS, startSession } from "../auth/index.ts";
import { loadConfig, type Config } from "../config/index.ts";
import type { Db } from "../db/index.ts";
import { listJobs, listSchedules, type JobRunner } from "../jobs/index.ts";
import { AUTO_BACKUP_JOB, jobSchedules, REVERIFY_ACTOR, REVERIFY_JOB, SESSION_PURGE_JOB, startJobs } from "./jobs.ts";

/** Where the filesystem blob store keeps a file. */
function blobPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, "blobs", "sha256", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Starts a session whose last activity was `agoMs` ago (so it may already have run out). */
async function sessionStarted(db: Db, userId: string, agoMs: number): Promise<string> {
  const token = await db.transaction().execute((trx) => startSession(trx, userId, "full", { now: new Date(Date.now() - agoMs) }));
  return hashSessionToken(token);
}

async function sessionExists(db: Db, idHash: string): Promise<boolean> {
  return (await db.selectFrom("app_session").select("id_hash").where("id_hash", "=", idHash).executeTakeFirst()) !== undefined;
}

/** Polls until `check` holds, or gives up after a generous deadline (the assertion after it then fails). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

/** Polls an item's custody log until an event matches. */
async function waitForCustody(db: Db, itemId: string, match: (e: CustodyEntry) => boolean): Promise<CustodyEntry | undefined> {
  await eventually(async () => (await getCustodyLog(db, itemId)).some(match));
  return (await getCustodyLog(db, itemId)).find(match);
}

const HOUR_MS = 3_600_000;

describe("the scheduled jobs of a running server", () => {
  let t: TestDatabase;
  let config: Config;
  let store: BlobStore;
  let userId: string;
  let runner: JobRunner | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_REVERIFY_HOURS: "1", SABT_BACKUP_INTERVAL_MIN: "0" });
    store = openBlobStore(config.blobStore);
    userId = (await buildUserToken(t.db, "researcher")).userId;
  });

  afterAll(async () => {
    await runner?.stop();
    await t.close();
  });

  it("lists re-verification, the session purge and (on the embedded engine) backups, each with its next run", async () => {
    const withBackups = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_REVERIFY_HOURS: "168" });
    const now = new Date();
    const listed = await listSchedules(t.db, jobSchedules(withBackups, t.engine), now);
    const kinds = [REVERIFY_JOB, SESSION_PURGE_JOB, ...(t.engine === "pglite" ? [AUTO_BACKUP_JOB] : [])];
    expect(listed.map((s) => s.kind).sort()).toEqual(kinds.sort());
    for (const s of listed) expect(Date.parse(s.nextRunAt)).toBeLessThanOrEqual(now.getTime());
    expect(listed.find((s) => s.kind === SESSION_PURGE_JOB)).toMatchObject({ everyMs: SESSION_PURGE_MS });
    // Re-verification is off unless SABT_REVERIFY_HOURS is set; there are no backups on a server.
    expect(jobSchedules(loadConfig({ SABT_DATA_DIR: t.dataDir }), "postgres").map((s) => s.kind)).toEqual([SESSION_PURGE_JOB]);
  });

  it("deletes run-out sessions in each slot of its schedule, and keeps live ones", async () => {
    const absolute = await sessionStarted(t.db, userId, 13 * HOUR_MS);
    const idle = await sessionStarted(t.db, userId, 40 * 60_000);
    const live = await sessionStarted(t.db, userId, 0);
    runner = startJobs(t, config, store, { intervals: { sessionPurgeMs: 200, reverifyMs: 0 }, pollMs: 20 });
    await eventually(async () => !(await sessionExists(t.db, absolute)));
    expect(await sessionExists(t.db, absolute)).toBe(false);
    expect(await sessionExists(t.db, idle)).toBe(false);
    const later = await sessionStarted(t.db, userId, 13 * HOUR_MS);
    await eventually(async () => !(await sessionExists(t.db, later)));
    expect(await sessionExists(t.db, later)).toBe(false);
    expect(await sessionExists(t.db, live)).toBe(true);
    await runner.stop();
    runner = undefined;
    const runs = await listJobs(t.db, { kinds: [SESSION_PURGE_JOB] });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.scheduleSlot)).size).toBe(runs.length);
  });

  it("re-verifies the stored files on its schedule and records a tampered file as verification_failed in its custody log", async () => {
    const intact = await ingestFile(t.db, store, { bytes: Buffer.from("Fictional intact statement\n") }, { filename: "intact.txt" }, "test:alice");
    const tampered = await ingestFile(t.db, store, { bytes: Buffer.from("Fictional statement to be altered\n") }, { filename: "altered.txt" }, "test:alice");
    const file = blobPath(t.dataDir, tampered.sha256);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, "Fictional statement, altered\n");
    runner = startJobs(t, config, store, { intervals: { reverifyMs: 300 }, pollMs: 20 });
    const failed = await waitForCustody(t.db, tampered.id, (e) => e.action === "verification_failed");
    const verified = await waitForCustody(t.db, intact.id, (e) => e.action === "verified");
    await runner.stop();
    runner = undefined;
    expect(failed).toMatchObject({ actor: REVERIFY_ACTOR, details: { sha256: tampered.sha256, problems: ["mismatch"] } });
    expect(verified).toMatchObject({ actor: REVERIFY_ACTOR });
    const run = (await listJobs(t.db, { kinds: [REVERIFY_JOB], states: ["succeeded"] }))[0];
    expect(run?.result).toMatchObject({ ok: false, problems: 1 });
  });
});
