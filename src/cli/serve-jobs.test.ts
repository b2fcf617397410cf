import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSabt, waitForOutput } from "../../test/cli.ts";
import { createTestDatabase, testDataDirs, type TestDatabase } from "../../test/db.ts";
import { buildUserToken } from "../../test/factories.ts";
import { getCustodyLog, ingestFile, openBlobStore, type ArchiveItem, type BlobStore, type CustodyEntry } from "../archive/index.ts";
import { hashSessionToken, startSession } from "../auth/index.ts";
import { loadConfig, type Config } from "../config/index.ts";
import { openDatabase, type Db } from "../db/index.ts";
import { REVERIFY_ACTOR, startServeJobs, type ServeJobs } from "./serve-jobs.ts";

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

/** Polls an item's custody log until an event matches, or gives up after the timeout. */
async function waitForCustody(db: Db, itemId: string, match: (e: CustodyEntry) => boolean, timeoutMs = 60_000): Promise<CustodyEntry | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hit = (await getCustodyLog(db, itemId)).find(match);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

const HOUR_MS = 3_600_000;

describe("the periodic work of a running server", () => {
  let t: TestDatabase;
  let config: Config;
  let store: BlobStore;
  let userId: string;
  let jobs: ServeJobs | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    // SABT_REVERIFY_HOURS as an operator sets it, only tiny: one run every ~0.1 s.
    config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_REVERIFY_HOURS: "0.00003", SABT_BACKUP_INTERVAL_MIN: "0" });
    store = openBlobStore(config.blobStore);
    userId = (await buildUserToken(t.db, "researcher")).userId;
  });

  afterAll(async () => {
    await jobs?.stop();
    await t.close();
  });

  it("deletes run-out sessions at start and then on its interval, and keeps live ones", async () => {
    const absolute = await sessionStarted(t.db, userId, 13 * HOUR_MS);
    const idle = await sessionStarted(t.db, userId, 40 * 60_000);
    const live = await sessionStarted(t.db, userId, 0);
    const noReverify = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_BACKUP_INTERVAL_MIN: "0" });
    jobs = startServeJobs(t, noReverify, store, { sessionPurgeMs: 100 });
    const deadline = Date.now() + 30_000;
    while ((await sessionExists(t.db, absolute)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await sessionExists(t.db, absolute)).toBe(false);
    expect(await sessionExists(t.db, idle)).toBe(false);
    const later = await sessionStarted(t.db, userId, 13 * HOUR_MS);
    while ((await sessionExists(t.db, later)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await sessionExists(t.db, later)).toBe(false);
    expect(await sessionExists(t.db, live)).toBe(true);
    await jobs.stop();
    jobs = undefined;
  });

  it("re-verifies the stored files every SABT_REVERIFY_HOURS and records a tampered file as verification_failed in its custody log", async () => {
    const intact = await ingestFile(t.db, store, { bytes: Buffer.from("Fictional intact statement\n") }, { filename: "intact.txt" }, "test:alice");
    const tampered = await ingestFile(t.db, store, { bytes: Buffer.from("Fictional statement to be altered\n") }, { filename: "altered.txt" }, "test:alice");
    const file = blobPath(t.dataDir, tampered.sha256);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, "Fictional statement, altered\n");
    jobs = startServeJobs(t, config, store);
    const failed = await waitForCustody(t.db, tampered.id, (e) => e.action === "verification_failed");
    const verified = await waitForCustody(t.db, intact.id, (e) => e.action === "verified");
    await jobs.stop();
    jobs = undefined;
    expect(failed).toMatchObject({ actor: REVERIFY_ACTOR, details: { sha256: tampered.sha256, problems: ["mismatch"] } });
    expect(verified).toMatchObject({ actor: REVERIFY_ACTOR });
  });
});

/** A TCP port that is free right now (the server is started on it right after). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

describe("sabt serve", () => {
  const freshDir = testDataDirs();

  it("finds a removed evidence file on its own schedule, logs its id, records it in the custody log and purges run-out sessions", async () => {
    const d = await freshDir();
    const open = () => openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
    const before = await open();
    let item: ArchiveItem;
    let expired: string;
    try {
      const diskStore = openBlobStore({ backend: "fs", dataDir: d.dataDir });
      item = await ingestFile(before.db, diskStore, { bytes: Buffer.from("Fictional testimony, removed later\n") }, { filename: "gone.txt" }, "test:alice");
      expired = await sessionStarted(before.db, (await buildUserToken(before.db, "viewer")).userId, 13 * HOUR_MS);
    } finally {
      await before.close();
    }
    fs.rmSync(blobPath(d.dataDir, item.sha256));

    const server = startSabt(["serve", "--port", String(await freePort())], { ...d.env, SABT_REVERIFY_HOURS: "0.0002", SABT_BACKUP_INTERVAL_MIN: "0" });
    const closed = new Promise<number | null>((r) => server.on("close", r));
    try {
      const log = await waitForOutput(server, "stderr", new RegExp(`"fixity problem".*"itemId":"${item.id}","kind":"missing"`), 120_000);
      expect(log).not.toContain("Fictional testimony");
    } finally {
      server.kill("SIGTERM");
    }
    expect(await closed).toBe(0);

    const after = await open();
    try {
      const events = await getCustodyLog(after.db, item.id);
      expect(events.find((e) => e.action === "verification_failed")).toMatchObject({ actor: REVERIFY_ACTOR, details: { problems: ["missing"] } });
      expect(await sessionExists(after.db, expired)).toBe(false);
    } finally {
      await after.close();
    }
  }, 300_000);
});
