/**
 * `sabt lists …`: link the lists in the database, show the review queue, estimate the total.
 * The same services and schemas as the workspace; progress goes to stderr, results to stdout.
 */
import type { Command } from "commander";
import { withDatabase } from "../context.ts";
import { print, printError, printJson, progress } from "../output.ts";
import { runEstimate } from "../../lists/index.ts";
import { validationError } from "../../shared/errors.ts";
import { keyString, parseKeyString, type RecordKey } from "../../lists/index.ts";
import { linkLists } from "../../lists/index.ts";
import { getReviewQueue } from "../../lists/index.ts";
import { decidePair } from "../../lists/index.ts";

const whole = (x: number | null) =>
  x === null || !Number.isFinite(x) ? "unbounded" : Math.round(x).toLocaleString("en-US");

function recordKey(field: string, text: string): RecordKey {
  const key = parseKeyString(text.trim());
  if (!key)
    {throw validationError(
      `${field}: a record as LIST_ID:RECORD_ID, as \`sabt lists review --json\` prints it`,
    );}
  return key;
}

/** Registers `sabt lists link|review|decide|estimate`. */
export function registerListsCommand(program: Command): void {
  const lists = program
    .command("lists")
    .description("Victim lists in the database: link them, review uncertain pairs, estimate the total");

  registerLinkCommand(lists);

  registerReviewCommand(lists);

  registerDecideCommand(lists);

  registerEstimateCommand(lists);
}

/** Registers `link`. */
function registerLinkCommand(lists: Command): void {
  lists
    .command("link")
    .description("Link the imported lists (reviewers' decisions are kept and override the model)")
    .option("--lists <names>", "comma-separated list names or ids (default: every list with records)")
    .option("--band-low <p>", "lowest match probability queued for review (default 0.2)")
    .option(
      "--band-high <p>",
      "highest match probability queued for review; the model links above it (default 0.9)",
    )
    .option("--json", "print the result as JSON")
    .action(async (opts: { lists?: string; bandLow?: string; bandHigh?: string; json?: boolean }) => {
      await withDatabase(async ({ handle, viewer }) => {
        const ids = opts.lists
          ?.split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const r = await linkLists(
          handle.db,
          viewer,
          {
            ...(ids ? { listIds: ids } : {}),
            ...(opts.bandLow ? { bandLow: opts.bandLow } : {}),
            ...(opts.bandHigh ? { bandHigh: opts.bandHigh } : {}),
          },
          (stage, done, total) => printError(`linkage: ${stage}${total ? ` ${done ?? 0}/${total}` : ""}`),
        );
        if (opts.json) return printJson(r);
        print(
          `${r.records} records of ${r.lists.length} lists → ${r.clusters} people (${r.linked} on more than one row); ${r.queued} pairs queued for review; ${r.decisions} decisions applied; ${r.seconds.toFixed(1)} s`,
        );
      });
    });
}

/** Registers `review`. */
function registerReviewCommand(lists: Command): void {
  lists
    .command("review")
    .description("List the pairs waiting for a reviewer's decision, the most uncertain first")
    .option("--limit <n>", "pairs to show (default 20)", "20")
    .option("--json", "print the pairs as JSON")
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = Math.min(1000, Math.max(1, Number.parseInt(opts.limit, 10) || 20));
      await withDatabase(async ({ handle, viewer }) => {
        const q = await getReviewQueue(handle.db, viewer, { limit, offset: 0 });
        const pairs = q.pairs.map((p) => ({
          left: keyString(p.left.key),
          right: keyString(p.right.key),
          probability: p.probability,
          explanation: p.explanation,
        }));
        if (opts.json) return printJson({ run: q.run?.id ?? null, pending: q.total, pairs });
        if (!q.run) return print("The lists have not been linked yet: run `sabt lists link`.");
        print(`${q.total} pairs pending (showing ${pairs.length})`);
        for (const p of q.pairs) {
          const name = (r: typeof p.left) =>
            r.values.find((v) => v.column === "full_name")?.text ?? r.key.record;
          print(
            `${(p.probability * 100).toFixed(1)}%  ${p.left.listLabel}/${p.left.key.record} "${name(p.left)}"  ~  ${p.right.listLabel}/${p.right.key.record} "${name(p.right)}"`,
          );
        }
      });
    });
}

/** Registers `decide`. */
function registerDecideCommand(lists: Command): void {
  lists
    .command("decide")
    .description(
      "Decide a pair of records: the same person (--match) or not (--non-match); decisions override the model",
    )
    .argument("<left>", "a record as LIST_ID:RECORD_ID (as `sabt lists review --json` prints it)")
    .argument("<right>", "the other record")
    .option("--match", "the two records are the same person")
    .option("--non-match", "the two records are different people")
    .option("--note <text>", "why, for the review history")
    .option("--json", "print the outcome as JSON")
    .action(
      async (
        left: string,
        right: string,
        opts: { match?: boolean; nonMatch?: boolean; note?: string; json?: boolean },
      ) => {
        if (Boolean(opts.match) === Boolean(opts.nonMatch))
          {throw validationError("decision: give exactly one of --match or --non-match");}
        const input = {
          left: recordKey("left", left),
          right: recordKey("right", right),
          decision: opts.match ? ("match" as const) : ("non-match" as const),
          ...(opts.note ? { note: opts.note } : {}),
        };
        await withDatabase(async ({ handle, viewer }) => {
          const r = await handle.db.transaction().execute((trx) => decidePair(trx, viewer, input));
          if (opts.json) return printJson(r);
          print(
            `${input.decision === "match" ? "match" : "non-match"} recorded (event ${r.eventId}); ${r.moved} records moved now, the rest on the next \`sabt lists link\``,
          );
        });
      },
    );
}

/** Registers `estimate`. */
function registerEstimateCommand(lists: Command): void {
  lists
    .command("estimate")
    .description("Estimate the total number of victims from the linked lists (multiple systems estimation)")
    .option("--method <method>", "lcmcr | loglinear", "lcmcr")
    .option("--model <model>", "log-linear model (indep, Mth-chao, best-aic, best-bic, …; default best-bic)")
    .option("--seed <n>", "random seed (LCMCR; default 1)")
    .option("--iterations <n>", "retained posterior draws per chain (LCMCR; default 2000)")
    .option("--burnin <n>", "sweeps discarded per chain (LCMCR; default 2000)")
    .option("--thinning <n>", "sweeps per retained draw (LCMCR; default 10)")
    .option("--chains <n>", "independent chains (LCMCR; default 2)")
    .option("--strata <column>", "prison | city: estimate per stratum and add up")
    .option("--json", "print the result as JSON")
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const input: Record<string, string> = {};
      for (const k of ["method", "model", "seed", "iterations", "burnin", "thinning", "chains", "strata"]) {
        const v = opts[k];
        if (typeof v === "string") input[k] = v;
      }
      await withDatabase(async ({ handle, viewer }) => {
        const bar = progress("estimate", 0, Boolean(opts.json) && !process.stderr.isTTY);
        const e = await runEstimate(handle.db, viewer, input, (done, total) => bar.update(done, total));
        bar.done();
        const { result, ...rest } = e;
        if (opts.json) return printJson({ ...rest, result });
        print(
          `${e.method}${e.strata ? ` by ${e.strata}` : ""}: estimated total ${whole(e.median)} (${Math.round(e.level * 100)}% interval ${whole(e.lower)}–${whole(e.upper)}); observed ${e.observed} linked people; id ${e.id}`,
        );
        for (const w of (result as { warnings?: string[] }).warnings ?? []) printError(`warning: ${w}`);
      });
    });
}
