import type { Command } from "commander";
import { openBlobStore } from "../../archive/index.ts";
import { loadDemo } from "../../demo-loader/index.ts";
import { demoListCsv, generateDemo } from "../../demo/index.ts";
import { validationError } from "../../shared/errors.ts";
import fs from "node:fs";
import path from "node:path";
import { withDatabase } from "../context.ts";
import { print, printError } from "../output.ts";

/** Registers `sabt demo load` and `sabt demo lists DIR` (the fictional demo collection). */
export function register(program: Command): void {
  const demo = program.command("demo").description("The fictional demo collection (every person in it is invented)");
  demo
    .command("load")
    .description("Load the fictional demo collection into the database")
    .option("--seed <n>", "generator seed", "1367")
    .action(async (opts: { seed: string }) => {
      const seed = Number.parseInt(opts.seed, 10);
      if (!Number.isInteger(seed)) throw validationError("--seed: a whole number");
      await withDatabase(async ({ handle, viewer, config }) => {
        const r = await loadDemo(handle.db, viewer, generateDemo({ seed }), { store: openBlobStore(config.blobStore), onProgress: (s) => printError(`demo: ${s}`) });
        print(`loaded the fictional demo collection: ${r.entities} entities, ${r.claims} claims, ${r.listRows} list rows`);
      });
    });
  demo
    .command("lists")
    .description("Write the demo's four fictional victim lists as CSV files (and their true identities) into DIR")
    .argument("<dir>")
    .option("--seed <n>", "generator seed", "1367")
    .option("--victims <n>", "number of fictional victims", "2000")
    .action((dir: string, opts: { seed: string; victims: string }) => {
      const seed = Number.parseInt(opts.seed, 10);
      const victims = Number.parseInt(opts.victims, 10);
      if (!Number.isInteger(seed)) throw validationError("--seed: a whole number");
      if (!Number.isInteger(victims) || victims < 1 || victims > 1_000_000) throw validationError("--victims: 1 to 1000000");
      const d = generateDemo({ seed, victims });
      fs.mkdirSync(dir, { recursive: true });
      for (const list of d.lists) fs.writeFileSync(path.join(dir, `${list.id}.csv`), demoListCsv(list));
      const truth = ["list,record_id,person", ...d.truth.flatMap((t) => t.records.map((r) => `${r.list},${r.recordId},${t.personKey}`))];
      fs.writeFileSync(path.join(dir, "truth.csv"), truth.join("\n") + "\n");
      print(`wrote ${d.lists.length} lists and truth.csv to ${dir}`);
    });
}
