import { createHash } from "node:crypto";
import fsp from "node:fs/promises";
import { zipSync } from "fflate";
import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { getArchiveItem } from "./archive.service.ts";
import { readBlob, type BlobStore } from "./blob-store.ts";
import { recordCustodyEvent } from "./custody.service.ts";
import { SABT_VERSION } from "./tool-version.ts";
import { parseHttpMessage, parseWarc } from "./warc.ts";

/** A URL in SURT form for CDXJ sorting: `org,example)/path?query`. */
export function surt(url: string): string {
  const u = new URL(url);
  const host = u.hostname
    .toLowerCase()
    .replace(/^www\./, "")
    .split(".")
    .reverse()
    .join(",");
  const port = u.port ? `:${u.port}` : "";
  return `${host}${port})${u.pathname.toLowerCase()}${u.search.toLowerCase()}`;
}

const ts14 = (iso: string) => iso.replace(/[-:T]/g, "").slice(0, 14);
const sha = (b: Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/**
 * Builds a WACZ 1.1.1 package from a WARC: the WARC under archive/, a sorted CDXJ index of its
 * responses (offsets into the WARC), pages.jsonl and datapackage.json with every file's hash.
 * Files are stored uncompressed so replay tools can seek into the WARC.
 */
export function buildWacz(
  warc: Buffer,
  page: { url: string; title: string; ts: string },
  created: Date = new Date(),
): Uint8Array {
  const lines: string[] = [];
  for (const r of parseWarc(warc)) {
    if (r.fields["WARC-Type"] !== "response") continue;
    const uri = r.fields["WARC-Target-URI"] ?? "";
    const { startLine, headers } = parseHttpMessage(r.block);
    const mime =
      headers
        .find(([k]) => k.toLowerCase() === "content-type")?.[1]
        .split(";")[0]
        ?.trim() ?? "";
    lines.push(
      `${surt(uri)} ${ts14(r.fields["WARC-Date"] ?? "")} ${JSON.stringify({
        url: uri,
        mime,
        status: startLine.split(" ")[1] ?? "",
        digest: r.fields["WARC-Payload-Digest"],
        length: r.length,
        offset: r.offset,
        filename: "data.warc",
      })}`,
    );
  }
  lines.sort();
  const files: Record<string, Uint8Array> = {
    "archive/data.warc": warc,
    "indexes/index.cdxj": Buffer.from(lines.join("\n") + "\n"),
    "pages/pages.jsonl": Buffer.from(
      JSON.stringify({ format: "json-pages-1.0", id: "pages", title: "All Pages" }) +
        "\n" +
        JSON.stringify({ id: "page-1", url: page.url, ts: page.ts, title: page.title }) +
        "\n",
    ),
  };
  const datapackage = {
    profile: "data-package",
    wacz_version: "1.1.1",
    created: created.toISOString(),
    software: `sabt ${SABT_VERSION}`,
    title: page.title,
    mainPageURL: page.url,
    mainPageDate: page.ts,
    resources: Object.entries(files).map(([p, b]) => ({
      name: p.split("/").pop(),
      path: p,
      hash: sha(b),
      bytes: b.length,
    })),
  };
  files["datapackage.json"] = Buffer.from(JSON.stringify(datapackage, null, 2));
  files["datapackage-digest.json"] = Buffer.from(
    JSON.stringify({ path: "datapackage.json", hash: sha(files["datapackage.json"]) }, null, 2),
  );
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 0 }]])), {
    mtime: created,
  });
}

/**
 * Exports a web capture item as a WACZ file and records the export in its custody log.
 * @throws SabtError unsupported when the item is not a web capture.
 */
export async function writeWacz(
  db: Db,
  store: BlobStore,
  itemId: string,
  outFile: string,
  actor: string,
): Promise<void> {
  const item = await getArchiveItem(db, itemId);
  if (item.kind !== "web_capture") throw new SabtError("unsupported", `item ${itemId} is not a web capture`);
  const capture = (item.metadata.capture ?? {}) as { url?: string; title?: string; startedAt?: string };
  const wacz = buildWacz(await readBlob(store, item.sha256), {
    url: capture.url ?? item.sourceUrl ?? "",
    title: capture.title ?? item.title ?? "",
    ts: capture.startedAt ?? item.createdAt.toISOString(),
  });
  await fsp.writeFile(outFile, wacz, { flag: "wx" });
  await recordCustodyEvent(db, itemId, actor, "exported", {
    format: "wacz",
    sha256: createHash("sha256").update(wacz).digest("hex"),
  });
}
