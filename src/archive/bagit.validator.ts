import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";

/** The outcome of validating a bag: valid only when `errors` is empty. */
export interface BagValidation {
  valid: boolean;
  errors: string[];
  /** Bag-info labels and values (repeatable labels keep every value). */
  info: [string, string][];
}

// A manifest's file name names its algorithm, and a bag is outside input: a Map, so that
// "manifest-constructor.txt" is an unsupported algorithm rather than a crash (issue 13).
const ALGORITHMS: ReadonlyMap<string, string> = new Map([["sha256", "sha256"], ["sha512", "sha512"], ["sha1", "sha1"], ["md5", "md5"]]);

/**
 * Validates a bag against RFC 8493: `bagit.txt` with version and encoding, a `data/` payload
 * directory, at least one payload manifest, every manifest entry present with the right
 * checksum (payload and tag manifests), every payload file listed in every payload manifest,
 * no path leaving the bag, and Payload-Oxum (when present) matching the payload.
 * @example const { valid, errors } = await validateBag("/tmp/bag");
 */
export async function validateBag(dir: string): Promise<BagValidation> {
  const errors: string[] = [];
  const info: [string, string][] = [];
  const read = (name: string) =>
    fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), "utf8") : null;

  const declaration = read("bagit.txt");
  if (declaration === null) errors.push("bagit.txt is missing (§2.1.1)");
  else {
    const lines = parseTagFile(declaration);
    const version = lines.find(([k]) => k === "BagIt-Version")?.[1];
    const encoding = lines.find(([k]) => k === "Tag-File-Character-Encoding")?.[1];
    if (!version || !/^\d+\.\d+$/.test(version)) {
      errors.push("bagit.txt: BagIt-Version is missing or malformed");
    }
    if (!encoding) errors.push("bagit.txt: Tag-File-Character-Encoding is missing");
    else if (encoding.toUpperCase() !== "UTF-8") {
      errors.push(`bagit.txt: tag files in ${encoding} are not supported`);
    }
  }
  if (!fs.existsSync(path.join(dir, "data")) || !fs.statSync(path.join(dir, "data")).isDirectory()) {
    errors.push("the payload directory data/ is missing (§2.1.2)");
  }

  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const payloadManifests = names.filter((n) => /^manifest-[a-z0-9]+\.txt$/.test(n));
  const tagManifests = names.filter((n) => /^tagmanifest-[a-z0-9]+\.txt$/.test(n));
  if (payloadManifests.length === 0) errors.push("no payload manifest (manifest-<algorithm>.txt) (§2.1.3)");
  if (fs.existsSync(path.join(dir, "fetch.txt"))) {
    errors.push("fetch.txt present: bags with remote payload are not accepted as complete");
  }

  const payloadFiles = fs.existsSync(path.join(dir, "data")) ? await listFiles(dir, "data") : [];
  for (const m of [...payloadManifests, ...tagManifests]) {
    const alg = /^(?:tag)?manifest-([a-z0-9]+)\.txt$/.exec(m)![1]!;
    const isTag = m.startsWith("tag");
    const algorithm = ALGORITHMS.get(alg);
    if (algorithm === undefined) {
      errors.push(`${m}: unsupported algorithm ${alg}`);
      continue;
    }
    const listed = new Set<string>();
    const text = read(m) ?? "";
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (line.trim() === "") continue;
      const match = /^([0-9a-fA-F]+)[ \t]+(.+)$/.exec(line);
      if (!match) {
        errors.push(`${m} line ${i + 1}: not "checksum filepath"`);
        continue;
      }
      const rel = decodeManifestPath(match[2]!);
      if (!isSafe(rel)) {
        errors.push(`${m} line ${i + 1}: path ${JSON.stringify(rel)} leaves the bag`);
        continue;
      }
      if (!isTag && !rel.startsWith("data/")) errors.push(`${m}: ${rel} is not under data/`);
      if (listed.has(rel)) errors.push(`${m}: ${rel} is listed twice`);
      listed.add(rel);
      const abs = path.join(dir, ...rel.split("/"));
      if (!fs.existsSync(abs)) {
        errors.push(`${m}: ${rel} is listed but missing`);
        continue;
      }
      const actual = await hashFile(abs, algorithm);
      if (actual !== match[1]!.toLowerCase()) {
        errors.push(`${m}: ${rel} checksum mismatch (expected ${match[1]}, found ${actual})`);
      }
    }
    if (!isTag) {
      for (const f of payloadFiles) if (!listed.has(f)) errors.push(`${m}: payload file ${f} is not listed`);
    }
  }

  const bagInfo = read("bag-info.txt");
  if (bagInfo !== null) {
    info.push(...parseTagFile(bagInfo));
    const oxum = info.find(([k]) => k === "Payload-Oxum")?.[1];
    if (oxum !== undefined) {
      const m = /^(\d+)\.(\d+)$/.exec(oxum);
      let octets = 0;
      for (const f of payloadFiles) octets += (await fsp.stat(path.join(dir, ...f.split("/")))).size;
      if (!m) errors.push("bag-info.txt: Payload-Oxum is malformed");
      else if (Number(m[1]) !== octets || Number(m[2]) !== payloadFiles.length) {
        errors.push(
          `bag-info.txt: Payload-Oxum ${oxum} does not match the payload (${octets}.${payloadFiles.length})`,
        );
      }
    }
  }
  return { valid: errors.length === 0, errors, info };
}

/** Parses `Label: value` lines with indented continuation lines (§2.2.2). */
function parseTagFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.replace(/^\ufeff/, "").split(/\r?\n/)) {
    if (line === "") continue;
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last) last[1] += " " + line.trim();
    else {
      const i = line.indexOf(":");
      if (i > 0) out.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return out;
}

function decodeManifestPath(p: string): string {
  return p.replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%25/g, "%").replace(/^\.\//, "");
}

function isSafe(rel: string): boolean {
  return !rel.startsWith("/") && !rel.includes("\\") && !rel.split("/").some((s) => s === ".." || s === "");
}

async function listFiles(root: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listFiles(root, child)));
    else out.push(child);
  }
  return out;
}

async function hashFile(file: string, algorithm: string): Promise<string> {
  const h = createHash(algorithm);
  for await (const c of fs.createReadStream(file)) h.update(c as Buffer);
  return h.digest("hex");
}
