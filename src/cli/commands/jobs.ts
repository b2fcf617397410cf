import type { Command } from "commander";
import { z } from "zod";
import { cancelJob, getJob, listJobs, listSchedules, retryJob, type Job, type JobState } from "../../jobs/index.ts";
import { jobSchedules } from "../../server/index.ts";
import { validationError } from "../../shared/errors.ts";
import { withDatabase } from "../context.ts";
import { print, printJson } from "../output.ts";

const States = z.array(z.enum(["queued", "running", "succeeded", "failed", "cancelled"]));
const Limit = z.coerce.number().int().min(1).max(1000);

/** One line about a job for people. */
function jobLine(j: Job): string {
  const progress = j.progress ? ` ${j.progress.done}${j.progress.total === null ? "" : `/${j.progress.total}`}` : "";
  const error = j.lastError ? `  error: ${j.lastError}` : "";
  return `${j.id}  ${j.kind.padEnd(20)} ${j.state.padEnd(9)} attempt ${j.attempts}/${j.maxAttempts}${progress}  ${j.createdAt}${error}`;
}

/** Registers `sabt jobs list|show|cancel|retry [--json]`. */
export function register(program: Command): void {
  const jobs = program.command("jobs").description("Background jobs: list (with the schedules and their next run), show, cancel, retry");
  jobs
    .command("list")
    .description("The scheduled jobs with their next run, then the newest jobs")
    .option("--state <states>", "only these states, comma-separated (queued,running,succeeded,failed,cancelled)")
    .option("--kind <kinds>", "only these kinds, comma-separated")
    .option("--limit <n>", "at most this many jobs (default 50)")
    .option("--json", "print JSON")
    .action(listCommand);
  jobs.command("show <id>").description("One job: state, attempts, progress, result, last error").option("--json", "print JSON").action(showCommand);
  jobs.command("cancel <id>").description("Cancel a queued job, or ask a running one to stop").option("--json", "print JSON").action(changeCommand(cancelJob, "cancel"));
  jobs.command("retry <id>").description("Queue a failed or cancelled job again (it resumes from its checkpoint)").option("--json", "print JSON").action(changeCommand(retryJob, "retry"));
}

async function listCommand(opts: { state?: string; kind?: string; limit?: string; json?: boolean }): Promise<void> {
  const states = States.safeParse(opts.state?.split(",").map((s) => s.trim()) ?? []);
  if (!states.success) throw validationError("--state: a comma-separated list of queued, running, succeeded, failed, cancelled");
  const limit = Limit.safeParse(opts.limit ?? 50);
  if (!limit.success) throw validationError("--limit: a number from 1 to 1000");
  await withDatabase(
    async ({ handle, config }) => {
      const schedules = await listSchedules(handle.db, jobSchedules(config, handle.engine));
      const list = await listJobs(handle.db, { states: states.data as JobState[], kinds: opts.kind?.split(",").map((k) => k.trim()), limit: limit.data });
      if (opts.json) return printJson({ schedules, jobs: list });
      print("Scheduled:");
      for (const s of schedules) print(`  ${s.kind.padEnd(20)} every ${formatEvery(s.everyMs).padEnd(8)} next ${s.nextRunAt}  (${s.description})`);
      print(list.length ? "Jobs (newest first):" : "No jobs yet.");
      for (const j of list) print(`  ${jobLine(j)}`);
    },
    { open: { mustExist: true } },
  );
}

async function showCommand(id: string, opts: { json?: boolean }): Promise<void> {
  await withDatabase(
    async ({ handle }) => {
      const job = await getJob(handle.db, id);
      if (opts.json) return printJson(job);
      print(jobLine(job));
      print(`payload: ${JSON.stringify(job.payload)}`);
      if (job.result !== null) print(`result:  ${JSON.stringify(job.result)}`);
    },
    { open: { mustExist: true } },
  );
}

/** A command that changes one job (cancel, retry) and prints it. */
function changeCommand(change: typeof cancelJob, verb: string) {
  return async (id: string, opts: { json?: boolean }): Promise<void> => {
    await withDatabase(
      async ({ handle }) => {
        const job = await change(handle.db, id);
        if (opts.json) return printJson(job);
        print(`${verb}: ${jobLine(job)}`);
      },
      { open: { mustExist: true } },
    );
  };
}

/** "6h", "30min", "1.5s": an interval for people. */
function formatEvery(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}min`;
  return `${ms / 1000}s`;
}
