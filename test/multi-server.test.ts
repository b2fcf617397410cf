/**
 * Several servers, one database: two `sabt serve` processes and a `sabt worker` (the built CLI) on
 * one PostgreSQL database and one S3-compatible store (s3rver) behave as one installation. An edit
 * through one server shows on the other's public pages within a second (the database notifies
 * every server, which drops its cached pages); a session opened on one is valid on the other; a
 * sign-in throttle set through one holds on the other; a file archived by one process is served by
 * another; and a scheduled job runs once per slot, not once per process.
 *
 * PostgreSQL only: the embedded engine is one process by design (its data directory is locked).
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runSabt, startSabt, waitForOutput } from "./cli.ts";
import { startTestS3, type TestS3 } from "./s3.ts";
import { pageShowing } from "./site.ts";
import { createTestDataDir } from "./db.ts";
import { buildUserToken } from "./factories.ts";
import { buildMember, TestBrowser } from "./workspace.ts";
import { openDatabase } from "../src/db/index.ts";
import type { App } from "../src/http/index.ts";

const PUBLIC_URL = "http://sabt.test";
const pg = process.env.DATABASE_URL;

/**
 * A browser of the test kit that talks to a real server over HTTP: requests name the public URL
 * (as behind a load balancer, where every server has the same one) and go to `origin`.
 */
function browserOf(origin: string, cookiesFrom?: TestBrowser): TestBrowser {
  const viaHttp = {
    request: (url: string, init: RequestInit) => fetch(url.replace(PUBLIC_URL, origin), init),
  } as unknown as App;
  const b = new TestBrowser(viaHttp, PUBLIC_URL);
  if (cookiesFrom) for (const [k, v] of cookiesFrom.cookies) b.cookies.set(k, v);
  return b;
}

describe.skipIf(!pg)("two servers and a worker on one PostgreSQL and one S3 store", () => {
  let s3: TestS3;
  let dirs: { env: Record<string, string>; dataDir: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  let a: string;
  let b: string;
  let scratch: string;

  async function serve(): Promise<string> {
    const port = await freePort();
    const child = startSabt(["serve", "--port", String(port)], env);
    children.push(child);
    await waitForOutput(child, "stdout", /Sabt is running/, 120_000);
    return `http://127.0.0.1:${port}`;
  }

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-multi-"));
    s3 = await startTestS3(scratch);
    dirs = await createTestDataDir();
    env = {
      ...dirs.env,
      SABT_PUBLIC_URL: PUBLIC_URL,
      SABT_BLOB_BACKEND: "s3",
      ...s3.env,
      SABT_S3_PREFIX: "sabt/",
      // A re-verification slot every 1.8 s, so that several slots pass while three processes run.
      SABT_REVERIFY_HOURS: "0.0005",
      SABT_LOG_LEVEL: "warn",
    };
    // One process first creates the data directory's key file, which every process then shares.
    expect((await runSabt(["jobs", "list", "--json"], env)).code).toBe(0);
    a = await serve();
    b = await serve();
    const worker = startSabt(["worker"], env);
    children.push(worker);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once("close", () => resolve());
            c.kill("SIGTERM");
          }),
      ),
    );
    await dirs?.cleanup();
    await s3?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }, 120_000);

  it("shows an edit approved through one server on the other's public pages within a second", async () => {
    const h = await openDatabase({ dataDir: dirs.dataDir, databaseUrl: env.DATABASE_URL }, { migrate: false });
    const [admin, reviewer] = await Promise.all([buildUserToken(h.db, "admin"), buildUserToken(h.db, "reviewer")]).finally(() => h.close());
    const headers = { ...admin.headers, "Content-Type": "application/json" };
    // Four eyes: what the admin makes public waits until the reviewer approves it (here through b).
    const approve = async (id: string) => {
      const res = await fetch(`${b}/api/review/entity/${id}`, {
        method: "POST",
        headers: { ...reviewer.headers, "Content-Type": "application/json" },
        body: JSON.stringify({ decision: "approve" }),
      });
      expect(res.status).toBe(200);
    };
    const created = await fetch(`${a}/api/entities`, {
      method: "POST",
      headers,
      body: JSON.stringify({ type: "person", label: "Fictional Person Parvaneh Before", visibility: "public", isFictional: true }),
    });
    expect(created.status).toBe(201);
    const e = (await created.json()) as { id: string; slug: string; version: number };
    await approve(e.id);
    const page = `${b}/en/people/${e.slug}`;
    expect(await pageShowing(page, "Parvaneh Before", 5000)).toContain("Parvaneh Before");
    // Cached on b now; the edit goes through a, and waits for review meanwhile.
    const edited = await fetch(`${a}/api/entities/${e.id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ version: e.version, label: "Fictional Person Parvaneh After" }),
    });
    expect(edited.status).toBe(200);
    expect(await (await fetch(page)).text()).toContain("Parvaneh Before");
    await approve(e.id);
    const after = await pageShowing(page, "Parvaneh After", 1000);
    expect(after).toContain("Parvaneh After");
  });

  it("keeps a session opened on one server valid on the other, and a sign-in throttle set on one holds on the other", async () => {
    const h = await openDatabase({ dataDir: dirs.dataDir, databaseUrl: env.DATABASE_URL }, { migrate: false });
    const [member, locked] = await Promise.all([buildMember(h.db, "editor"), buildMember(h.db, "editor")]).finally(() => h.close());

    const onA = browserOf(a);
    await onA.signIn(member.email, member.password);
    const onB = browserOf(b, onA);
    const home = await onB.get("/team/en/");
    expect(home.status).toBe(200);
    expect(home.text).toContain("/team/en/account");

    const attacker = browserOf(a);
    await attacker.get("/team/en/sign-in");
    for (let i = 0; i < 5; i++) {
      const r = await attacker.post("/team/en/sign-in", { email: locked.email, password: "not the password at all" });
      expect(r.status).not.toBe(303);
    }
    const owner = browserOf(b);
    await owner.get("/team/en/sign-in");
    const refused = await owner.post("/team/en/sign-in", { email: locked.email, password: locked.password });
    expect(refused.status).toBe(429);
  });

  it("serves on one server a file that another process archived in the S3 store", async () => {
    const file = path.join(scratch, "testimony.txt");
    fs.writeFileSync(file, "Fictional testimony, archived once and served by every server\n");
    const added = await runSabt(["archive", "add", file, "--json"], env);
    expect(added.code, added.stderr).toBe(0);
    const { id } = JSON.parse(added.stdout) as { id: string };
    const h = await openDatabase({ dataDir: dirs.dataDir, databaseUrl: env.DATABASE_URL }, { migrate: false });
    const reader = await buildUserToken(h.db, "editor").finally(() => h.close());
    for (const server of [a, b]) {
      const r = await fetch(`${server}/api/archive/items/${id}/content`, { headers: reader.headers });
      expect(r.status).toBe(200);
      expect(await r.text()).toContain("archived once and served by every server");
    }
    expect(fs.existsSync(path.join(dirs.dataDir, "blobs"))).toBe(false);
  });

  it("runs a scheduled job once per slot across the three processes", async () => {
    const h = await openDatabase({ dataDir: dirs.dataDir, databaseUrl: env.DATABASE_URL }, { migrate: false });
    try {
      const deadline = Date.now() + 60_000;
      let slots: { slot: Date | null; n: string }[] = [];
      while (Date.now() < deadline) {
        slots = await h.db
          .selectFrom("job")
          .select((eb) => ["schedule_slot as slot", eb.fn.countAll<string>().as("n")])
          .where("kind", "=", "archive.reverify")
          .groupBy("schedule_slot")
          .execute();
        if (slots.length >= 3) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(slots.length).toBeGreaterThanOrEqual(3);
      expect(slots.filter((s) => Number(s.n) !== 1)).toEqual([]);
      const purges = await h.db.selectFrom("job").select("id").where("kind", "=", "auth.session-purge").execute();
      expect(purges.length).toBe(1);
    } finally {
      await h.close();
    }
  });
});
