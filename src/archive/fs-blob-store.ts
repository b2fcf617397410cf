import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { SabtError } from "../shared/errors.ts";
import {
  blobKey,
  fsyncDir,
  hashStream,
  stageToDir,
  type BlobStore,
  type Digest,
  type StagedFile,
} from "./blob-store.ts";

/**
 * The embedded blob store: files at `<root>/sha256/<2 hex>/<2 hex>/<hash>` (root is
 * `$SABT_DATA_DIR/blobs`), staged in `<root>/tmp` on the same filesystem so that committing is
 * an atomic hard link that cannot overwrite an existing blob.
 * @example const store = createFsBlobStore(path.join(config.dataDir, "blobs"));
 */
export function createFsBlobStore(root: string): BlobStore {
  const tmpDir = path.join(root, "tmp");
  const file = (sha256: string) => path.join(root, blobKey(sha256));

  return {
    backend: "fs",
    stage: (input, options) => stageToDir(tmpDir, input, options?.maxBytes),

    async commit(staged: StagedFile) {
      const target = file(staged.sha256);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      try {
        // link() fails with EEXIST instead of replacing: an original is never overwritten,
        // even by two writers racing on the same content.
        await fsp.link(staged.path, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        await staged.discard();
        return { created: false };
      }
      await fsp.chmod(target, 0o444);
      await fsyncDir(path.dirname(target));
      await staged.discard();
      return { created: true };
    },

    async open(sha256: string): Promise<Readable> {
      const f = file(sha256);
      try {
        await fsp.access(f);
      } catch {
        throw new SabtError("not_found", `blob ${sha256} not found`);
      }
      return fs.createReadStream(f, { highWaterMark: 1 << 20 });
    },

    async stat(sha256: string) {
      try {
        const st = await fsp.stat(file(sha256));
        return { size: st.size };
      } catch {
        return null;
      }
    },

    async rehash(sha256: string): Promise<Digest | null> {
      const f = file(sha256);
      try {
        await fsp.access(f);
      } catch {
        return null;
      }
      return hashStream(fs.createReadStream(f, { highWaterMark: 1 << 20 }));
    },

    async *list() {
      const base = path.join(root, "sha256");
      if (!fs.existsSync(base)) return;
      for (const a of await fsp.readdir(base)) {
        for (const b of await fsp.readdir(path.join(base, a))) {
          for (const h of await fsp.readdir(path.join(base, a, b))) yield h;
        }
      }
    },
  };
}
