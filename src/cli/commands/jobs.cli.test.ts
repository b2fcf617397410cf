import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, runSabt, startSabt, waitForOutput } from "../../../test/cli.ts";
import { testDataDirs } from "../../../test/db.ts";
import { buildUserToken } from "../../../test/factories.ts";
import { getCustodyLog, ingestFile, openBlobStore, type ArchiveItem } from "../../archive/index.ts";
import { hashSessionToken, startSession } from "../../auth/index.ts";
import { loadConfig } from "../../config/index.ts";
import { openDatabase } from "../../db/index.ts";
import { enqueueJob, type Job, type ScheduledJob } from "../../jobs/index.ts";
import { jobDefinitions, REVERIFY_ACTOR, SESSION_PURGE_JOB } from "../../server/index.ts";

const HOUR_MS = 3_600_000;

function blobPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, "blobs", "sha256", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

describe("sabt serve, sabt worker and sabt jobs", () => {
  const freshDir = testDataDirs();

  it("sabt serve runs the scheduled jobs: finds a removed evidence file, logs its id, records it in the custody log and purges run-out sessions", async () => {
    const d = await freshDir();
    const open = () => openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
    const before = await open();
    let item: ArchiveItem;
    let expired: string;
    try {
      const diskStore = openBlobStore({ backend: "fs", dataDir: d.dataDir });
      item = await ingestFile(before.db, diskStore, { bytes: Buffer.from("Fictional testimony, removed later\n") }, { filename: "gone.txt" }, "test:alice");
      const userId = (await buildUserToken(before.db, "viewer")).userId;
      const token = await before.db.transaction().execute((trx) => startSession(trx, userId, "full", { now: new Date(Date.now() - 13 * HOUR_MS) }));
      expired = hashSessionToken(token);
    } finally {
      await before.close();
    }
    fs.rmSync(blobPath(d.dataDir, item.sha256));

    const server = startSabt(["serve", "--port", String(await freePort())], { ...d.env, SABT_REVERIFY_HOURS: "0.0002", SABT_BACKUP_INTERVAL_MIN: "0", SABT_LOG_LEVEL: "info" });
    const closed = new Promise<number | null>((r) => server.on("close", r));
    try {
      // Both scheduled jobs must have run before the server is stopped (either may end first).
      const purged = waitForOutput(server, "stderr", /"expired sessions deleted"/, 120_000);
      const log = await waitForOutput(server, "stderr", new RegExp(`"fixity problem".*"itemId":"${item.id}","kind":"missing"`), 120_000);
      await purged;
      expect(log).not.toContain("Fictional testimony");
    } finally {
      server.kill("SIGTERM");
    }
    expect(await closed).toBe(0);

    const after = await open();
    try {
      const events = await getCustodyLog(after.db, item.id);
      expect(events.find((e) => e.action === "verification_failed")).toMatchObject({ actor: REVERIFY_ACTOR, details: { problems: ["missing"] } });
      expect(await after.db.selectFrom("app_session").select("id_hash").where("id_hash", "=", expired).executeTakeFirst()).toBeUndefined();
    } finally {
      await after.close();
    }

    const listed = await runSabt(["jobs", "list", "--json"], { ...d.env, SABT_REVERIFY_HOURS: "168" });
    expect(listed.code).toBe(0);
    const { schedules, jobs } = JSON.parse(listed.stdout) as { schedules: ScheduledJob[]; jobs: Job[] };
    const kinds = ["archive.reverify", "auth.session-purge", ...(d.env.DATABASE_URL ? [] : ["backup.auto"])];
    expect(schedules.map((s) => s.kind).sort()).toEqual(kinds.sort());
    for (const s of schedules) expect(Number.isNaN(Date.parse(s.nextRunAt))).toBe(false);
    // The session purge ran in this hour's slot, so its next run is the next slot.
    expect(Date.parse(schedules.find((s) => s.kind === SESSION_PURGE_JOB)!.nextRunAt)).toBeGreaterThan(Date.now());
    expect(jobs.filter((j) => j.kind === SESSION_PURGE_JOB).map((j) => j.state)).toContain("succeeded");
  }, 300_000);

  it("sabt jobs cancels and retries a job, and sabt worker runs it", async () => {
    const d = await freshDir();
    const h = await openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
    let job: Job;
    try {
      const config = loadConfig({ SABT_DATA_DIR: d.dataDir });
      const purge = jobDefinitions({ db: h.db, config, store: openBlobStore(config.blobStore) }).find((def) => def.kind === SESSION_PURGE_JOB)!;
      job = await enqueueJob(h.db, purge, {}, { createdBy: "test" });
    } finally {
      await h.close();
    }
    const cancelled = await runSabt(["jobs", "cancel", job.id, "--json"], d.env);
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ id: job.id, state: "cancelled" });
    const again = await runSabt(["jobs", "cancel", job.id], d.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("has already ended");
    const retried = await runSabt(["jobs", "retry", job.id, "--json"], d.env);
    expect(JSON.parse(retried.stdout)).toMatchObject({ id: job.id, state: "queued", attempts: 0 });

    const worker = startSabt(["worker"], { ...d.env, SABT_LOG_LEVEL: "info", SABT_BACKUP_INTERVAL_MIN: "0" });
    const closed = new Promise<number | null>((r) => worker.on("close", r));
    try {
      await waitForOutput(worker, "stderr", new RegExp(`"job ended".*"jobId":"${job.id}".*"state":"succeeded"`), 120_000);
    } finally {
      worker.kill("SIGTERM");
    }
    expect(await closed).toBe(0);
    const shown = await runSabt(["jobs", "show", job.id, "--json"], d.env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: job.id, state: "succeeded", attempts: 1, result: { deleted: 0 } });
    const missing = await runSabt(["jobs", "show", "no-such-job"], d.env);
    expect(missing.code).toBe(2);
  }, 300_000);
});
