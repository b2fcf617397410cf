import { describe, expect, it } from "vitest";
import { measurePauses } from "../../test/event-loop.ts";
import { generateVictimLists, victimListSettings } from "../linkage/index.ts";
import { SabtError } from "../shared/errors.ts";
import { keyString } from "./keys.ts";
import { runLinkJob, type LinkJob } from "./link-job.ts";
import { runLink, runLinkJobInWorker, WORKER_MIN_RECORDS } from "./link-runner.ts";

/** A job over fictional synthetic lists, keyed as the service keys stored list rows. */
function jobOf(records: number, seed = 11): LinkJob {
  const lists = generateVictimLists({ records, seed });
  const keys = lists.records.map((r) => ({ list: r.source!, record: r.record_id! }));
  return {
    records: lists.records.map((r, i) => ({ ...r, record_id: keyString(keys[i]!) })),
    keys,
    settings: victimListSettings(),
    decisions: [],
    decided: [],
    bandLow: 0.2,
    bandHigh: 0.9,
    maxQueue: 200,
  };
}

describe("linkage runs off the server's thread", () => {
  it("gives in a worker thread exactly the clusters and review queue it gives in this thread", async () => {
    const job = jobOf(1500);
    const here = runLinkJob(job);
    const there = await runLinkJobInWorker(job);
    expect(there).toEqual(here);
    expect(here.linked).toBeGreaterThan(0);
    expect(here.queued.length).toBeGreaterThan(0);
  }, 60_000);

  it("keeps the event loop answering while a large list is linked", async () => {
    const job = jobOf(30_000);
    expect(job.records.length).toBeGreaterThanOrEqual(WORKER_MIN_RECORDS);
    // In this thread the linker would hold the loop for the whole run (over 2 s at this size on
    // 2 cores); what is left is copying the records to the thread and the result back.
    const { result, longestPause, took } = await measurePauses(() => runLink(job));
    expect(result.clusters).toBeGreaterThan(0);
    // Relative to the run, not in milliseconds: on a loaded machine both stretch, and a linker
    // in this thread would make the longest pause nearly the whole run.
    expect(longestPause).toBeLessThan(took / 2);
  }, 120_000);

  it("reports the linker's own errors from the worker with their ids", async () => {
    const job = { ...jobOf(200), settings: { ...victimListSettings(), blocking: [["no_such_key"]] } };
    const err = await runLinkJobInWorker(job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SabtError);
    expect((err as SabtError).id).toBe("validation_failed");
    expect((err as SabtError).message).toMatch(/no_such_key/);
  }, 60_000);
});
