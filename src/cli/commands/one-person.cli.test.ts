/**
 * One person from many lists, as a user does it (issue 12): two overlapping fictional lists
 * imported and linked with the built `sabt`, then the public site of `sabt serve` lists one person
 * address per linked person in its sitemaps and finds a linked person once by either spelling.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runSabt, startSabt, waitForOutput } from "../../../test/cli.ts";
import { createTestDataDir } from "../../../test/db.ts";
import { tempDir } from "../../../test/template.ts";
import { demoListCsv, generateListRecords } from "../../demo/index.ts";

const SEED = 41;
let dir: Awaited<ReturnType<typeof createTestDataDir>>;
let server: ChildProcess | undefined;
let base: string;
let truePeople: number;
let rows: number;
/** Persian and Latin spellings of people named on both lists. */
let spellings: [string, string][];

/** Every person address of the served sitemaps. */
async function sitemapPeople(): Promise<string[]> {
  const index = await (await fetch(`${base}/sitemap.xml`)).text();
  const urls: string[] = [];
  for (const m of index.matchAll(/<loc>[^<]*?(\/sitemaps\/[^<]+)<\/loc>/g)) {
    const xml = await (await fetch(`${base}${m[1]}`)).text();
    for (const u of xml.matchAll(/<loc>[^<]*?(\/en\/people\/[^<]+)<\/loc>/g)) urls.push(u[1]!);
  }
  return urls;
}

/** The person addresses a public search lists. */
async function hits(q: string): Promise<Set<string>> {
  const html = await (await fetch(`${base}/en/search?q=${encodeURIComponent(q)}`)).text();
  return new Set([...html.matchAll(/href="(\/en\/people\/[^"]+)"/g)].map((m) => m[1]!));
}

/** How many person addresses the searches for both spellings of the first people list in all. */
async function hitsOfSpellings(): Promise<{ total: number; shared: number }> {
  let total = 0;
  let shared = 0;
  for (const [fa, en] of spellings.slice(0, 20)) {
    const [a, b] = [await hits(fa), await hits(en)];
    total += a.size + b.size;
    if ([...a].some((h) => b.has(h))) shared++;
  }
  return { total, shared };
}

async function serve(): Promise<void> {
  const port = await freePort();
  server = startSabt(["serve", "--port", String(port), "--no-jobs"], { ...dir.env, SABT_PUBLIC_URL: `http://127.0.0.1:${port}` });
  await waitForOutput(server, "stdout", /Sabt is running/, 120_000);
  base = `http://127.0.0.1:${port}`;
}

async function stop(): Promise<void> {
  const s = server;
  server = undefined;
  if (!s || s.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    s.once("close", () => resolve());
    s.kill("SIGTERM");
  });
}

beforeAll(async () => {
  dir = await createTestDataDir();
  const { lists, truth } = generateListRecords({ seed: SEED, victims: 300 });
  const chosen = lists.filter((l) => l.name === "fa1" || l.name === "en1");
  for (const list of chosen) {
    const file = path.join(tempDir(), `${list.name}.csv`);
    fs.writeFileSync(file, demoListCsv(list));
    const r = await runSabt(["import", "persons", file, "--list", `Fictional ${list.name}`], dir.env);
    expect(r.code, r.stderr).toBe(0);
  }
  rows = chosen.reduce((n, l) => n + l.records.length, 0);
  truePeople = truth.filter((p) => p.records.some((r) => r.list === "fa1" || r.list === "en1")).length;
  const nameOf = (list: string, id: string) => chosen.find((l) => l.name === list)!.records.find((r) => r.record_id === id)?.full_name;
  spellings = truth
    .map((p) => [p.records.find((r) => r.list === "fa1"), p.records.find((r) => r.list === "en1")] as const)
    .filter(([a, b]) => a && b)
    .map(([a, b]) => [nameOf("fa1", a!.recordId) ?? "", nameOf("en1", b!.recordId) ?? ""] as [string, string])
    .filter(([a, b]) => a !== "" && b !== "");
}, 300_000);

afterAll(async () => {
  await stop();
  await dir.cleanup();
}, 60_000);

describe("sabt lists link, then the public site", () => {
  it("lists one address per linked person, within the linkage error of the truth, and finds a linked person once", async () => {
    await serve();
    expect((await sitemapPeople()).length).toBe(rows);
    const before = await hitsOfSpellings();
    await stop();

    const link = await runSabt(["lists", "link", "--json"], dir.env);
    expect(link.code, link.stderr).toBe(0);
    const summary = JSON.parse(link.stdout) as { clusters: number };

    await serve();
    const people = await sitemapPeople();
    expect(people.length).toBe(summary.clusters);
    expect(Math.abs(people.length - truePeople)).toBeLessThanOrEqual(Math.ceil(truePeople * 0.08));

    // People the lists name in Persian and in Latin script: both spellings lead to the same
    // page, and the searches list fewer pages than before (one per man, not one per row).
    const after = await hitsOfSpellings();
    expect(after.shared).toBeGreaterThanOrEqual(15);
    expect(after.total).toBeLessThan(before.total);
    const stats = await (await fetch(`${base}/en/statistics`)).text();
    expect(stats.replace(/,/g, "")).toContain(`>${people.length}<`);
  }, 300_000);
});
