import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ClaimCreateSchema, createClaims } from "../../claims/index.ts";
import { loadConfig } from "../../config/index.ts";
import { editEntity, type Entity } from "../../entities/index.ts";
import { runPersonImport } from "../../imports/index.ts";
import { decidePair, linkLists, unmergeRecord } from "../../lists/index.ts";
import { createApp } from "../../server/index.ts";
import { buildEntity, buildSource, testActor } from "../../../test/factories.ts";
import { createSiteFixture, TEST_BASE, type SiteFixture } from "../../../test/site.ts";
import { tempDir as newTempDir } from "../../../test/template.ts";
import { createSiteRoutes } from "../site.routes.ts";
import { exportSiteRoutes } from "./export-routes.ts";
import { exportSite } from "./export-site.ts";
import { EXPORT_META_DIR, stagingDirOf } from "./export-target.ts";

// Three exports of a small collection, share images drawn in a worker thread started through tsx.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const made: string[] = [];
/** A temporary directory removed after the file's tests. */
function tempDir(prefix?: string): string {
  const d = newTempDir(prefix);
  made.push(d);
  return d;
}

/** Every file under a directory (the export's own records left out), relative, `/`-separated. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((f) => !f.startsWith(`${EXPORT_META_DIR}/`))
    .sort();
}

/** Each file's inode, modification time and bytes: what "left exactly as it was" compares. */
function snapshot(dir: string): Map<string, { ino: number; mtimeMs: number; bytes: string }> {
  return new Map(
    filesUnder(dir).map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return [f, { ino: st.ino, mtimeMs: st.mtimeMs, bytes: fs.readFileSync(path.join(dir, f)).toString("base64") }];
    }),
  );
}

function lines(file: string): string[] {
  return fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
}

describe("exportSite over a previous export", () => {
  let f: SiteFixture;
  let kept: Entity;
  let hidden: Entity;
  const cache = tempDir("sabt-export-cache-");
  const options = (extra: Partial<Parameters<typeof exportSite>[3]> = {}) => ({ db: f.t.db, imageCacheDir: cache, imageThreads: 1, ...extra });

  // A new app for each export, as `sabt export-site` makes: the site keeps share cards for a minute.
  const siteConfig = () => loadConfig({ SABT_DATA_DIR: f.t.dataDir, SABT_PUBLIC_URL: TEST_BASE, SABT_LOG_LEVEL: "silent" });
  const freshApp = () => createApp({ db: f.t.db, config: siteConfig() }, [createSiteRoutes({ cacheTtlMs: 0 })]);

  /** An export mounted as `sabt export-site` mounts it: the export's reader, noting what each page reads, and its record in `stateFile`. */
  const recorded = (dir: string, stateFile: string, extra: { full?: boolean; maxRecords?: number } = {}) => {
    const site = exportSiteRoutes(f.t.db);
    const app = createApp({ db: f.t.db, config: siteConfig() }, [site.routes]);
    return exportSite(app, dir, TEST_BASE, { ...options(), readAhead: site.readAhead, incremental: { ...site.tracking, stateFile, ...extra } });
  };

  /** Expects `dir` to hold byte for byte what a full export into an empty directory writes; returns its files. */
  const expectSameAsFull = async (dir: string) => {
    const fresh = path.join(tempDir(), "fresh");
    await exportSite(freshApp(), fresh, TEST_BASE, options());
    const after = snapshot(dir);
    const full = snapshot(fresh);
    expect([...after.keys()]).toEqual([...full.keys()]);
    for (const [file, s] of after) expect(s.bytes, file).toBe(full.get(file)!.bytes);
    return after;
  };

  beforeAll(async () => {
    f = await createSiteFixture({ demo: false });
    const source = await buildSource(f.t.db, { label: "Fictional Register" });
    kept = await buildEntity(f.t.db, { label: "Fictional Keeper", slug: "fictional-keeper" });
    hidden = await buildEntity(f.t.db, { label: "Fictional Withdrawn", slug: "fictional-withdrawn" });
    await f.t.db.transaction().execute((trx) =>
      createClaims(trx, testActor, [
        ClaimCreateSchema.parse({ entityId: kept.id, property: "name", value: { type: "text", text: "Fictional Keeper", lang: "en" }, sources: [{ sourceId: source.id }], visibility: "public" }),
      ]),
    );
  });

  afterAll(async () => {
    await f?.t.close();
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });

  it("rewrites only what an edit changed, deletes what it removed, and equals a fresh full export", async () => {
    const mirror = path.join(tempDir(), "mirror");
    const first = await exportSite(freshApp(), mirror, TEST_BASE, options());
    expect(first.missing).toEqual([]);
    expect(first.images.drawn).toBeGreaterThan(0);
    const before = snapshot(mirror);

    // Edits through the services: a date of death for one person (their page and card change), the
    // other withdrawn from the public (their page and card go).
    await f.t.db.transaction().execute(async (trx) => {
      await createClaims(trx, testActor, [
        ClaimCreateSchema.parse({ entityId: kept.id, property: "death_date", value: { type: "date", text: "1988-08-30", calendar: "gregorian" }, sources: [], editorial: true, visibility: "public" }),
      ]);
      await editEntity(trx, testActor, hidden.id, { version: hidden.version, visibility: "team" });
    });

    const again = await exportSite(freshApp(), mirror, TEST_BASE, options());
    const fresh = path.join(tempDir(), "fresh");
    await exportSite(freshApp(), fresh, TEST_BASE, options({ imageCacheDir: tempDir("sabt-export-cache-") }));

    // Byte for byte what a full export into an empty directory writes (its images drawn anew).
    const after = snapshot(mirror);
    const full = snapshot(fresh);
    expect([...after.keys()]).toEqual([...full.keys()]);
    for (const [file, s] of after) expect(s.bytes, file).toBe(full.get(file)!.bytes);

    const changed = lines(path.join(mirror, EXPORT_META_DIR, "changed.txt"));
    const deleted = lines(path.join(mirror, EXPORT_META_DIR, "deleted.txt"));
    expect(changed).toContain("en/people/fictional-keeper/index.html");
    expect(changed).toContain("share/en/person/fictional-keeper.png");
    expect(deleted).toContain("en/people/fictional-withdrawn/index.html");
    expect(deleted).toContain("share/fa/person/fictional-withdrawn.png");
    expect(after.has("en/people/fictional-withdrawn/index.html")).toBe(false);
    expect(again.changes).toEqual({ changed, deleted });
    // Files not listed as changed are the previous export's own (same inode and time), so that
    // rsync sends nothing for them; the rest were listed.
    for (const [file, s] of after) {
      const old = before.get(file);
      if (changed.includes(file)) expect(old?.bytes, file).not.toBe(s.bytes);
      else expect([s.ino, s.mtimeMs], file).toEqual([old!.ino, old!.mtimeMs]);
    }
    expect(changed.length).toBeLessThan(after.size / 2);
    // Only the changed cards were drawn again.
    expect(again.images.cached).toBeGreaterThan(0);
    expect(again.images.drawn).toBeLessThanOrEqual(4);
  });

  it("renders again only what edits touched, over an export it recorded, and writes what a full export writes", async () => {
    const mirror = path.join(tempDir(), "mirror");
    const stateFile = path.join(tempDir(), "graph");
    const tracked = (dir: string, full = false) => recorded(dir, stateFile, { full });
    const first = await tracked(mirror);
    expect(first.incremental).toBeUndefined();
    expect(first.missing).toEqual([]);
    const before = snapshot(mirror);

    // Nothing changed: nothing is written, and only the site's two share cards are fetched (they
    // read the database around the site's reader, so what they depend on is not known).
    const idle = await tracked(mirror);
    expect(idle.incremental?.pages).toBe(2);
    expect(idle.changes).toEqual({ changed: [], deleted: [] });

    // A page deleted from the mirror by hand is rendered again, and nothing else is written.
    const page = "en/people/fictional-keeper/index.html";
    fs.rmSync(path.join(mirror, page));
    const repaired = await tracked(mirror);
    expect(repaired.incremental?.pages).toBe(3);
    expect(repaired.changes).toEqual({ changed: [page], deleted: [] });
    expect(fs.readFileSync(path.join(mirror, page)).toString("base64")).toBe(before.get(page)!.bytes);

    // Each edit alone, each export compared with a full one: a page that one edit's keys miss
    // could be rendered again for another's.
    const sameAsFull = () => expectSameAsFull(mirror);
    const claim = (entityId: string, property: string, value: unknown) =>
      f.t.db.transaction().execute((trx) =>
        createClaims(trx, testActor, [ClaimCreateSchema.parse({ entityId, property, value, sources: [], editorial: true, visibility: "public" })]),
      );

    // A birth date: shown on the person's pages and wherever they are listed.
    await claim(kept.id, "birth_date", { type: "date", text: "1960-03-01", calendar: "gregorian" });
    const dated = await tracked(mirror);
    const after = await sameAsFull();
    expect(dated.incremental!.pages).toBeLessThan(dated.incremental!.of / 2);
    expect(dated.changes.changed).toContain("en/people/fictional-keeper/index.html");
    // What the edit did not touch is the previous export's own file.
    const untouched = [...before.keys()].filter((file) => !dated.changes.changed.includes(file));
    expect(untouched.length).toBeGreaterThan(dated.changes.changed.length);
    for (const file of untouched) expect([after.get(file)!.ino, after.get(file)!.mtimeMs], file).toEqual([before.get(file)!.ino, before.get(file)!.mtimeMs]);

    // A new person, with a name.
    const newcomer = await buildEntity(f.t.db, { label: "Fictional Newcomer", slug: "fictional-newcomer" });
    await claim(newcomer.id, "name", { type: "text", text: "Fictional Newcomer", lang: "en" });
    const added = await tracked(mirror);
    await sameAsFull();
    expect(added.changes.changed).toContain("en/people/fictional-newcomer/index.html");

    // A new label for a person (the address stays).
    const current = await f.t.db.selectFrom("entity").select(["version"]).where("id", "=", newcomer.id).executeTakeFirstOrThrow();
    await f.t.db.transaction().execute((trx) => editEntity(trx, testActor, newcomer.id, { version: current.version, label: "Fictional Newcomer Renamed" }));
    const renamed = await tracked(mirror);
    await sameAsFull();
    expect(renamed.incremental!.pages).toBeLessThan(renamed.incremental!.of / 2);

    // Asked for in full, every page is fetched again; the files stay the same.
    const whole = await tracked(mirror, true);
    expect(whole.incremental).toBeUndefined();
    expect(whole.changes.changed).toEqual([]);

    // A collection past the bound is not recorded (its record would not fit the export's memory):
    // the record goes, and the next export is a full one.
    const big = await recorded(mirror, stateFile, { maxRecords: 1 });
    expect(big.incremental).toBeUndefined();
    expect(fs.existsSync(stateFile)).toBe(false);
    expect((await tracked(mirror)).incremental).toBeUndefined();
  });

  it("renders two list rows linked into one person, and taken apart again, as a full export does", async () => {
    // The same fictional person in two lists, each row a public person of its own until linked.
    const row = "Fictional Twinperson Linkzadeh,Fictional Father,1367-05-10,Tehran";
    for (const [list, id] of [["Fictional list one", "t1"], ["Fictional list two", "t2"]] as const) {
      const csv = `record_id,full_name@public,father_name@public,death_date@public,city@public\n${id},${row}\n`;
      const report = await runPersonImport(f.t.db, testActor, csv, { listName: list, isFictional: true });
      expect(report.errors).toEqual([]);
    }
    const mirror = path.join(tempDir(), "mirror");
    const stateFile = path.join(tempDir(), "graph");
    await recorded(mirror, stateFile);
    const twins = filesUnder(mirror).filter((file) => /^en\/people\/[^/]*twinperson[^/]*\/index\.html$/i.test(file));
    expect(twins).toHaveLength(2);

    // A reviewer says the two rows are one person, and the lists are linked: one person now.
    const rows = await f.t.db.selectFrom("list_record").select(["list_id", "record_id"]).where("record_id", "in", ["t1", "t2"]).orderBy("record_id").execute();
    const [one, two] = rows.map((r) => ({ list: r.list_id, record: r.record_id }));
    await f.t.db.transaction().execute((trx) => decidePair(trx, testActor, { left: one!, right: two!, decision: "match" }));
    expect((await linkLists(f.t.db, testActor, {})).linked).toBe(1);
    const linked = await recorded(mirror, stateFile);
    expect(linked.incremental!.pages).toBeLessThan(linked.incremental!.of / 2);
    expect(linked.changes.deleted).toEqual(expect.arrayContaining([expect.stringMatching(/^en\/people\/.*twinperson/i)]));
    await expectSameAsFull(mirror);

    // Taken apart again: two people, each at their own address.
    await f.t.db.transaction().execute((trx) => unmergeRecord(trx, testActor, { record: two! }));
    const unlinked = await recorded(mirror, stateFile);
    expect(unlinked.incremental!.pages).toBeLessThan(unlinked.incremental!.of / 2);
    const files = await expectSameAsFull(mirror);
    expect([...files.keys()].filter((file) => twins.includes(file))).toEqual(twins);
  });

  it("leaves the previous export exactly as it was, with no staging directory, when stopped midway", async () => {
    const mirror = path.join(tempDir(), "mirror");
    await exportSite(freshApp(), mirror, TEST_BASE, options({ shareImages: false }));
    const before = snapshot(mirror);
    const stop = new AbortController();
    let pages = 0;
    const run = exportSite(freshApp(), mirror, TEST_BASE, {
      ...options(),
      signal: stop.signal,
      onProgress: () => undefined,
    });
    // Stopped after the crawl has begun writing into the staging directory.
    const poll = setInterval(() => {
      if (fs.existsSync(stagingDirOf(mirror)) && ++pages > 2) stop.abort(new Error("stopped by the test"));
    }, 5);
    await expect(run).rejects.toThrow("stopped by the test");
    clearInterval(poll);
    expect(snapshot(mirror)).toEqual(before);
    expect(fs.existsSync(stagingDirOf(mirror))).toBe(false);
  });

  it("refuses a non-empty directory that is not a previous export, and writes nothing", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "notes.txt"), "not an export");
    await expect(exportSite(freshApp(), dir, TEST_BASE, options())).rejects.toThrow(/not a previous Sabt export/);
    expect(fs.readdirSync(dir)).toEqual(["notes.txt"]);
    expect(fs.existsSync(stagingDirOf(dir))).toBe(false);
  });
});
