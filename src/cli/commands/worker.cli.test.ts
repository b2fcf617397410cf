/**
 * `sabt worker` as an operator runs it: a worker killed with SIGKILL in the middle of a linkage
 * run or a web capture leaves the job to the next worker, which finishes it, and the run or the
 * capture is stored exactly once.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { startSabt, waitForOutput } from "../../../test/cli.ts";
import { testDataDirs } from "../../../test/db.ts";
import { importDemoLists } from "../../../test/lists.ts";
import { CAPTURE_JOB, openBlobStore } from "../../archive/index.ts";
import { loadConfig } from "../../config/index.ts";
import { openDatabase } from "../../db/index.ts";
import { enqueueJob, getJob } from "../../jobs/index.ts";
import { linkRunJobPayload, LINK_RUN_JOB } from "../../lists/index.ts";
import { jobDefinitions } from "../../server/index.ts";
import { systemViewer } from "../../shared/viewer.ts";

const freshDir = testDataDirs();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/** Starts `sabt worker` with a short lease, logging job events. */
function startWorker(env: Record<string, string>): ChildProcess {
  const child = startSabt(["worker"], { ...env, SABT_LOG_LEVEL: "info", SABT_JOB_LEASE_SECONDS: "2", SABT_BACKUP_INTERVAL_MIN: "0" });
  children.push(child);
  return child;
}

const exited = (c: ChildProcess) => new Promise<NodeJS.Signals | number | null>((r) => c.on("close", (code, signal) => r(signal ?? code)));

/** Starts the next worker, waits until it ended job `jobId` without a failure, and stops it cleanly. */
async function finishWithAnotherWorker(env: Record<string, string>, jobId: string): Promise<void> {
  const second = startWorker(env);
  const secondEnd = exited(second);
  const log = await waitForOutput(second, "stderr", new RegExp(`"job ended"[^\\n]*${jobId}`), 180_000);
  expect(log).not.toMatch(/"job failed"/);
  second.kill("SIGTERM");
  expect(await secondEnd).toBe(0);
}

describe("sabt worker", () => {
  it("takes up a linkage run whose worker was killed with SIGKILL mid-run and stores the run exactly once", async () => {
    const d = await freshDir();
    const config = loadConfig({ ...d.env, SABT_BACKUP_INTERVAL_MIN: "0" });
    const open = () => openDatabase(config, { migrate: false });
    let jobId: string;
    const before = await open();
    try {
      // Enough fictional records that linking takes a while (the run goes to a worker thread).
      await importDemoLists(before.db, { seed: 23, victims: 2500 });
      const def = jobDefinitions({ db: before.db, config, store: openBlobStore(config.blobStore) }).find((j) => j.kind === LINK_RUN_JOB)!;
      jobId = (await enqueueJob(before.db, def, linkRunJobPayload(systemViewer("test-worker")))).id;
    } finally {
      await before.close();
    }

    const first = startWorker(d.env);
    const firstEnd = exited(first);
    await waitForOutput(first, "stderr", new RegExp(`"job started"[^\\n]*${jobId}`), 120_000);
    first.kill("SIGKILL");
    expect(await firstEnd).toBe("SIGKILL");

    await finishWithAnotherWorker(d.env, jobId);

    const after = await open();
    try {
      const job = await getJob(after.db, jobId);
      expect(job).toMatchObject({ state: "succeeded", attempts: 2 });
      const runs = await after.db.selectFrom("link_run").select("id").execute();
      expect(runs.map((r) => r.id)).toEqual([jobId]);
      const audits = await after.db.selectFrom("audit_log").select("seq").where("action", "=", "linkage.run").execute();
      expect(audits).toHaveLength(1);
      expect(await after.db.selectFrom("link_member").select("record_id").where("run_id", "=", jobId).execute()).not.toHaveLength(0);
    } finally {
      await after.close();
    }
  }, 600_000);

  it("takes up a web capture whose worker was killed with SIGKILL while the browser was loading the page, and archives the page once", async () => {
    // The page's first request is held open until the first worker is dead: the kill is certain to
    // land in the middle of the capture. Later requests are answered at once.
    let holdFirst: (() => void) | undefined;
    let firstRequest: () => void = () => undefined;
    const requested = new Promise<void>((r) => (firstRequest = r));
    const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fictional report</title></head><body><p>An invented report.</p></body></html>';
    const server = http.createServer((req, res) => {
      const answer = () => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      if (req.url === "/report" && !holdFirst) {
        holdFirst = answer;
        firstRequest();
      } else answer();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`;
    try {
      const d = await freshDir();
      const config = loadConfig({ ...d.env, SABT_BACKUP_INTERVAL_MIN: "0" });
      const open = () => openDatabase(config, { migrate: false });
      let jobId: string;
      const before = await open();
      try {
        const def = jobDefinitions({ db: before.db, config, store: openBlobStore(config.blobStore) }).find((j) => j.kind === CAPTURE_JOB)!;
        // allowPrivateNetwork, as the operator's CLI may set it: the page is served on loopback.
        jobId = (await enqueueJob(before.db, def, { url, actor: "system:test-worker", allowPrivateNetwork: true })).id;
      } finally {
        await before.close();
      }

      const first = startWorker(d.env);
      const firstEnd = exited(first);
      await requested;
      first.kill("SIGKILL");
      expect(await firstEnd).toBe("SIGKILL");
      holdFirst?.();

      await finishWithAnotherWorker(d.env, jobId);

      const after = await open();
      try {
        expect(await getJob(after.db, jobId)).toMatchObject({ state: "succeeded", attempts: 2 });
        const captures = await after.db.selectFrom("archive_item").select(["id", "original_id"]).where("kind", "=", "web_capture").execute();
        expect(captures).toHaveLength(1);
        const derived = await after.db.selectFrom("archive_item").select("derivation").where("original_id", "=", captures[0]!.id).execute();
        expect(derived.map((r) => r.derivation).sort()).toEqual(["html", "pdf", "screenshot", "text"]);
      } finally {
        await after.close();
      }
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 600_000);
});
