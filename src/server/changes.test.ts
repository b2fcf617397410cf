/**
 * Cached public pages follow changes at once: the database notifies `sabt_public_change` on every
 * committed change of public data, and each server drops its site and front caches on it. Without
 * that, a page would stay stale until its cache expired (5 s), and on another server until that
 * server's cache expired.
 */
import type { AddressInfo } from "node:net";
import type http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, testActor } from "../../test/factories.ts";
import { pageShowing } from "../../test/site.ts";
import { loadConfig } from "../config/index.ts";
import { openDatabase, PUBLIC_CHANGE_CHANNEL, type DatabaseHandle } from "../db/index.ts";
import { editEntity } from "../entities/index.ts";
import { createChangeFeed } from "../shared/changes.ts";
import { createApp, routeModules, startHttpServer } from "./index.ts";

let t: TestDatabase;
const stops: (() => Promise<void>)[] = [];

/** A server as `sabt serve` starts one: site and front caches on, listening for changes. */
async function startServer(handle: Pick<DatabaseHandle, "db" | "listen">, dataDir: string): Promise<string> {
  const config = loadConfig({ SABT_DATA_DIR: dataDir, SABT_LOG_LEVEL: "silent" });
  const changes = createChangeFeed();
  const stopListening = await handle.listen(PUBLIC_CHANGE_CHANNEL, () => changes.emit());
  const app = createApp({ db: handle.db, config, changes }, routeModules());
  const server: http.Server = await startHttpServer(app, { port: 0, hostname: "127.0.0.1", changes });
  stops.push(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopListening();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await t.close();
});

describe("public pages after a change", () => {
  it("show an edit at once, though the page was cached a moment before", async () => {
    const base = await startServer(t, t.dataDir);
    const e = await buildEntity(t.db, { label: "Fictional Person Farhad Before" });
    const url = `${base}/en/people/${e.slug}`;
    expect(await pageShowing(url, "Farhad Before", 2000)).toContain("Farhad Before");
    // Cached now (site cache 5 s, front cache 2 s).
    expect(await (await fetch(url)).text()).toContain("Farhad Before");
    await t.db.transaction().execute((trx) => editEntity(trx, testActor, e.id, { version: e.version, label: "Fictional Person Farhad After" }));
    const after = await pageShowing(url, "Farhad After", 1000);
    expect(after).toContain("Farhad After");
    expect(after).not.toContain("Farhad Before");
  });

  it.skipIf(!process.env.DATABASE_URL)("show an edit made on one server on another server's pages within a second (PostgreSQL)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-second-"));
    const second = await openDatabase({ dataDir: dir, databaseUrl: t.env.DATABASE_URL }, { migrate: false });
    stops.push(async () => {
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const other = await startServer(second, dir);
    const e = await buildEntity(t.db, { label: "Fictional Person Shirin Before" });
    const url = `${other}/en/people/${e.slug}`;
    expect(await pageShowing(url, "Shirin Before", 2000)).toContain("Shirin Before");
    await t.db.transaction().execute((trx) => editEntity(trx, testActor, e.id, { version: e.version, label: "Fictional Person Shirin After" }));
    expect(await pageShowing(url, "Shirin After", 1000)).toContain("Shirin After");
  });
});
