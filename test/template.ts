import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where the migrated PGlite template of this test run lives. */
export function templateDataDir(): string {
  return path.join(os.tmpdir(), `sabt-test-template-${process.env.SABT_TEST_RUN ?? "local"}`);
}

/** The name of the migrated PostgreSQL template database. */
export const PG_TEMPLATE_DB = "sabt_test_template";

/** A fresh temporary directory for one test's data. */
export function tempDir(prefix = "sabt-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The server URL with another database name. */
export function withDatabase(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}
