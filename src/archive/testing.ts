import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "../../test/db.ts";
import type { Db } from "../db/index.ts";
import { setLogLevel } from "../shared/logger.ts";
import { createFsBlobStore } from "./fs-blob-store.ts";
import type { BlobStore } from "./blob-store.ts";

/**
 * @internal Test fixture: a database cloned from the run's migrated template (PGlite, or the
 * server named by DATABASE_URL) and a blob store in a fresh temp directory. Open once per test
 * file (beforeAll).
 */
export async function openTestArchive(): Promise<{
  db: Db;
  store: BlobStore;
  dir: string;
  close: () => Promise<void>;
}> {
  setLogLevel("silent");
  const handle = await createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-archive-"));
  const store = createFsBlobStore(path.join(dir, "blobs"));
  return {
    db: handle.db,
    store,
    dir,
    close: async () => {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(handle.dataDir, { recursive: true, force: true });
    },
  };
}
