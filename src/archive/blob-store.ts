import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { SabtError } from "../shared/errors.ts";

/** A SHA-256 hex digest and byte size: the fixity of one stored file. */
export interface Digest {
  sha256: string;
  size: number;
}

/**
 * A file written to the store's staging area and hashed on the way in. It becomes content-
 * addressed only on `commit`; until then it can be inspected (type sniffing) or discarded.
 */
export interface StagedFile extends Digest {
  readonly path: string;
  discard(): Promise<void>;
}

/** Where a blob store keeps its files. */
export type BlobBackend = "fs" | "s3";

/**
 * A content-addressed store of immutable files keyed by SHA-256. Implementations never
 * overwrite an existing blob and never modify one; the same content is stored once.
 */
export interface BlobStore {
  readonly backend: BlobBackend;
  /** Streams input into staging, hashing it, refusing more than maxBytes. */
  stage(input: Readable | Uint8Array, options?: { maxBytes?: number }): Promise<StagedFile>;
  /** Moves a staged file to its content address; `created` is false when it was already there. */
  commit(staged: StagedFile): Promise<{ created: boolean }>;
  /** Opens a stored blob for reading; throws not_found when it is missing. */
  open(sha256: string): Promise<Readable>;
  /** The stored size, or null when the blob is missing. */
  stat(sha256: string): Promise<{ size: number } | null>;
  /** Re-reads the blob and recomputes its digest, or null when it is missing. */
  rehash(sha256: string): Promise<Digest | null>;
  /** Every stored hash (order unspecified). */
  list(): AsyncIterable<string>;
}

const SHA256_RE = /^[0-9a-f]{64}$/;

/** Throws unless the value is a lowercase SHA-256 hex digest (blob keys build paths from it). */
export function assertSha256(sha256: string): void {
  if (!SHA256_RE.test(sha256)) throw new SabtError("validation_failed", `sha256: not a SHA-256 hex digest`);
}

/** The relative key of a blob: `sha256/<2 hex>/<2 hex>/<full hash>`. */
export function blobKey(sha256: string): string {
  assertSha256(sha256);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Reads a whole blob into memory (for small files: text, manifests, tokens). */
export async function readBlob(store: BlobStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await store.open(sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Hashes a readable stream, returning its digest. */
export async function hashStream(input: Readable): Promise<Digest> {
  const h = createHash("sha256");
  let size = 0;
  for await (const chunk of input) {
    const b = chunk as Buffer;
    h.update(b);
    size += b.length;
  }
  return { sha256: h.digest("hex"), size };
}

/**
 * Writes input to a fresh file in dir while hashing it; fsyncs before returning so that a
 * committed blob is on disk even if the machine loses power right after.
 * @throws SabtError payload_too_large when more than maxBytes arrive (the partial file is removed).
 */
export async function stageToDir(
  dir: string,
  input: Readable | Uint8Array,
  maxBytes = Infinity,
): Promise<StagedFile> {
  await fsp.mkdir(dir, { recursive: true });
  const file = path.join(dir, `stage-${randomUUID()}`);
  const fh = await fsp.open(file, "wx", 0o600);
  const h = createHash("sha256");
  let size = 0;
  try {
    const source = input instanceof Uint8Array ? Readable.from([Buffer.from(input)]) : input;
    for await (const chunk of source) {
      const b = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      size += b.length;
      if (size > maxBytes) {
        if (!(input instanceof Uint8Array)) input.destroy();
        throw new SabtError("payload_too_large", `file is larger than the limit of ${maxBytes} bytes`, {
          maxBytes,
        });
      }
      h.update(b);
      await fh.write(b);
    }
    await fh.sync();
  } catch (e) {
    await fh.close();
    await fsp.rm(file, { force: true });
    throw e;
  }
  await fh.close();
  return {
    path: file,
    sha256: h.digest("hex"),
    size,
    discard: () => fsp.rm(file, { force: true }),
  };
}

/** Fsyncs a directory so that a rename or link inside it survives a crash. */
export async function fsyncDir(dir: string): Promise<void> {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
