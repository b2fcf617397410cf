import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../src/db/index.ts";
import { runSabt, startSabt, waitForOutput } from "./cli.ts";
import { testDataDirs } from "./db.ts";
import { tempDir } from "./template.ts";

const freshDir = testDataDirs();
type Dir = Awaited<ReturnType<typeof freshDir>>;

function open(d: Dir) {
  return openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
}

function writeCsv(name: string, rows: string[]): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

const onPglite = !process.env.DATABASE_URL;

// Each case starts several `sabt` processes (module loading plus opening the database).
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

describe("sabt import persons", () => {
  let d: Dir;
  beforeAll(async () => {
    d = await freshDir();
  });

  it("prints one JSON error per bad value, exits 1, and writes nothing", async () => {
    const file = writeCsv("bad.csv", ["record_id,full_name,age,death_date", "1,Fictional A,abc,1367/05/10", "2,Fictional B,30,1367/02/31x"]);
    const r = await runSabt(["import", "persons", file, "--list", "Fictional CLI list", "--json"], d.env);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { rows: number; imported: number; errors: { row: number; column: string }[] };
    expect(out).toMatchObject({ rows: 2, imported: 0, unchanged: 0 });
    expect(out.errors.map((e) => [e.row, e.column])).toEqual([
      [2, "age"],
      [3, "death_date"],
    ]);
    const h = await open(d);
    const n = await h.db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    await h.close();
    expect(Number(n.n)).toBe(0);
  });

  it("imports, then changes nothing on the same file again", async () => {
    const file = writeCsv("good.csv", ["record_id,full_name@public,death_date,notes@confidential", "1,Fictional A,1367/05/10,x", "2,Fictional B,1988,y"]);
    const first = await runSabt(["import", "persons", file, "--list", "Fictional CLI list", "--json"], d.env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ rows: 2, imported: 2, unchanged: 0, errors: [], conflicts: [] });
    const again = await runSabt(["import", "persons", file, "--list", "Fictional CLI list", "--json"], d.env);
    expect(JSON.parse(again.stdout)).toEqual({ rows: 2, imported: 0, unchanged: 2, errors: [], conflicts: [] });
  });

  it("explains a missing file without a stack trace", async () => {
    const r = await runSabt(["import", "persons", "/nonexistent.csv", "--list", "x"], d.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not exist/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("sabt verify", () => {
  it("passes on an intact store and fails naming the altered audit entry", async () => {
    const d = await freshDir();
    const file = writeCsv("v.csv", ["record_id,full_name", "1,Fictional A", "2,Fictional B"]);
    await runSabt(["import", "persons", file, "--list", "Fictional verify list"], d.env);
    const ok = await runSabt(["verify", "--json"], d.env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });

    const h = await open(d);
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_append_only`.execute(h.db);
    await sql`UPDATE audit_log SET details = '{"forged":true}'::jsonb WHERE seq = 2`.execute(h.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_append_only`.execute(h.db);
    await h.close();

    const bad = await runSabt(["verify"], d.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr + bad.stdout).toMatch(/audit entry 2/);
  });
});

describe("backup and restore from the command line", () => {
  it("restores into an empty data directory with identical exports", async () => {
    const a = await freshDir();
    const file = writeCsv("b.csv", ["record_id,full_name@public,death_date", "1,Fictional A,مرداد ۱۳۶۷", "2,Fictional B,1988-08-01"]);
    await runSabt(["import", "persons", file, "--list", "Fictional backup list"], a.env);
    const backup = path.join(tempDir(), "b.sabt.gz");
    expect((await runSabt(["backup", backup], a.env)).code).toBe(0);
    const b = await freshDir();
    const restored = await runSabt(["restore", backup], b.env);
    expect(restored.code).toBe(0);
    const ea = await runSabt(["export", "json"], a.env);
    const eb = await runSabt(["export", "json"], b.env);
    expect(eb.stdout.length).toBeGreaterThan(1000);
    expect(eb.stdout).toBe(ea.stdout);
    // Progress goes to stderr, table by table; stdout holds only JSON lines.
    expect(eb.stderr).toMatch(/^ {2}claim: \d+ rows$/m);
    for (const line of eb.stdout.trim().split("\n")) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const again = await runSabt(["restore", backup], b.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });
});

describe.runIf(onPglite)("the embedded database's data directory", () => {
  it("refuses a second process with a clear error and closes cleanly on SIGTERM", async () => {
    const d = await freshDir();
    const port = String(41000 + Math.floor(Math.random() * 2000));
    const server = startSabt(["serve", "--port", port], d.env);
    await waitForOutput(server, "stdout", /Sabt is running/);
    const second = await runSabt(["verify"], d.env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/in use by another Sabt process/);
    const closed = new Promise<number | null>((r) => server.on("close", r));
    server.kill("SIGTERM");
    expect(await closed).toBe(0);
    expect(fs.existsSync(path.join(d.dataDir, "sabt.lock"))).toBe(false);
    expect((await runSabt(["verify"], d.env)).code).toBe(0);
  });
});

describe("an import killed with SIGKILL", () => {
  it("leaves only whole rows behind and completes when run again", async () => {
    const d = await freshDir();
    const N = 3000;
    const rows = ["record_id,full_name,father_name,death_date,prison,city"];
    for (let i = 1; i <= N; i++) rows.push(`k${i},Fictional Person ${i},Fictional Father ${i},1367/05/${(i % 28) + 1},Evin,Tehran`);
    const file = writeCsv("kill.csv", rows);
    const child = startSabt(["import", "persons", file, "--list", "Fictional kill list", "--batch", "100"], d.env);
    await waitForOutput(child, "stderr", /importing Fictional kill list: \d+\/3000/);
    const closed = new Promise((r) => child.on("close", r));
    child.kill("SIGKILL");
    await closed;

    const h = await open(d);
    const persons = await h.db.selectFrom("list_record").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const claims = await h.db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const orphans = await h.db
      .selectFrom("entity")
      .leftJoin("list_record", "list_record.person_id", "entity.id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("entity.type", "=", "person")
      .where("list_record.person_id", "is", null)
      .executeTakeFirstOrThrow();
    await h.close();
    const done = Number(persons.n);
    expect(done).toBeLessThan(N);
    expect(done % 100).toBe(0);
    expect(Number(claims.n)).toBe(done * 5);
    expect(Number(orphans.n)).toBe(0);

    const rerun = await runSabt(["import", "persons", file, "--list", "Fictional kill list", "--json"], d.env);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toEqual({ rows: N, imported: N - done, unchanged: done, errors: [], conflicts: [] });
    expect((await runSabt(["verify"], d.env)).code).toBe(0);
  });
});
