import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { SabtError } from "../shared/errors.ts";

/** One payload file: its path under `data/` and where its bytes come from. */
export interface BagPayloadFile {
  /** Relative path under data/, with `/` separators. */
  path: string;
  content: Uint8Array | string | (() => Promise<Readable>);
}

/** What writeBag produced. */
export interface WrittenBag {
  dir: string;
  payloadOxum: string;
  files: { path: string; sha256: string; size: number }[];
}

/** Percent-encodes what RFC 8493 §2.1.3 requires in manifest paths (CR, LF and %). */
export function encodeManifestPath(p: string): string {
  return p.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Formats bag-info.txt: `Label: value` lines, in order, repeating labels for arrays. */
export function formatBagInfo(info: ReadonlyArray<readonly [string, string]>): string {
  return info.map(([k, v]) => `${k}: ${v.replace(/\r?\n/g, " ")}\n`).join("");
}

function assertSafeRelative(p: string): void {
  const parts = p.split("/");
  if (
    p.startsWith("/") ||
    parts.some((s) => s === "" || s === "." || s === "..") ||
    p.includes("\\") ||
    p.includes("\0")
  ) {
    throw new SabtError("validation_failed", `bag path ${JSON.stringify(p)} is not a safe relative path`);
  }
}

/**
 * Writes a BagIt 1.0 bag (RFC 8493) into an empty or new directory: payload under data/,
 * `bagit.txt`, `bag-info.txt` (with Payload-Oxum and Bagging-Date added), `manifest-sha256.txt`
 * and `tagmanifest-sha256.txt`. Each payload file is hashed as it is written, and fsynced.
 * @throws SabtError conflict when the directory exists and is not empty.
 */
export async function writeBag(
  dir: string,
  payload: readonly BagPayloadFile[],
  info: ReadonlyArray<readonly [string, string]>,
  now: Date = new Date(),
): Promise<WrittenBag> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new SabtError("conflict", `${dir} is not empty: a bag is written into a new or empty directory`);
  }
  const seen = new Set<string>();
  for (const f of payload) {
    assertSafeRelative(f.path);
    if (seen.has(f.path)) throw new SabtError("validation_failed", `bag path ${f.path} appears twice`);
    seen.add(f.path);
  }
  await fsp.mkdir(path.join(dir, "data"), { recursive: true });
  const files: WrittenBag["files"] = [];
  for (const f of payload) {
    const target = path.join(dir, "data", ...f.path.split("/"));
    await fsp.mkdir(path.dirname(target), { recursive: true });
    files.push({ path: `data/${f.path}`, ...(await writeHashed(target, f.content)) });
  }
  const octets = files.reduce((s, f) => s + f.size, 0);
  const payloadOxum = `${octets}.${files.length}`;
  const tags: [string, string][] = [
    ["bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"],
    [
      "bag-info.txt",
      formatBagInfo([
        ...info,
        ["Bagging-Date", now.toISOString().slice(0, 10)],
        ["Payload-Oxum", payloadOxum],
      ]),
    ],
    ["manifest-sha256.txt", files.map((f) => `${f.sha256}  ${encodeManifestPath(f.path)}\n`).join("")],
  ];
  let tagManifest = "";
  for (const [name, text] of tags) {
    const { sha256 } = await writeHashed(path.join(dir, name), text);
    tagManifest += `${sha256}  ${name}\n`;
  }
  await writeHashed(path.join(dir, "tagmanifest-sha256.txt"), tagManifest);
  return { dir, payloadOxum, files };
}

async function writeHashed(
  target: string,
  content: BagPayloadFile["content"],
): Promise<{ sha256: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  const fh = await fsp.open(target, "wx");
  try {
    const chunks: AsyncIterable<Uint8Array> | Uint8Array[] =
      typeof content === "function"
        ? ((await content()) as AsyncIterable<Uint8Array>)
        : [typeof content === "string" ? Buffer.from(content, "utf8") : content];
    for await (const c of chunks) {
      h.update(c);
      size += c.length;
      await fh.write(c);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: h.digest("hex"), size };
}
