import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Db } from "../db/index.ts";
import { notFound } from "../shared/errors.ts";
import { Logger } from "../shared/logger.ts";
import { findArchiveItemById, findClaimsCitingItem, findDerivedItems } from "./archive.repository.ts";
import { rowToArchiveItem, type ArchiveItem } from "./archive.types.ts";
import type { BlobStore } from "./blob-store.ts";
import { writeBag, type BagPayloadFile, type WrittenBag } from "./bagit.writer.ts";
import { appendCustody, getCustodyLog } from "./custody.service.ts";
import { safeFilename } from "./archive.service.ts";
import { findTimestampsByItem } from "./timestamp.repository.ts";
import { SABT_VERSION } from "./tool-version.ts";

/** Options of an evidence package. */
export interface EvidenceBagOptions {
  actor: string;
  /** Who hands the package over (bag-info Source-Organization; config SABT_ORGANIZATION). */
  sourceOrganization: string;
  /** A purpose or recipient, recorded in bag-info and in each item's custody log. */
  description?: string | undefined;
  /** Include the items derived from each requested item (default true). */
  includeDerived?: boolean;
}

/**
 * Writes a court-ready BagIt evidence package for the given items: each item's file unchanged,
 * its metadata and provenance, its full custody log, its RFC 3161 tokens, and the claims that
 * cite it, as JSON. An "exported" custody event is appended to every item first, so the
 * exported logs include the export itself.
 * @throws SabtError not_found for an unknown id, conflict when outDir is not empty.
 * @example await exportEvidenceBag(db, store, [id], "/media/usb/case-12", { actor, sourceOrganization: "Sabt team" });
 */
export async function exportEvidenceBag(
  db: Db,
  store: BlobStore,
  itemIds: readonly string[],
  outDir: string,
  options: EvidenceBagOptions,
): Promise<WrittenBag & { externalIdentifier: string; itemIds: string[] }> {
  const items = new Map<string, ArchiveItem>();
  for (const id of itemIds) {
    const row = await findArchiveItemById(db, id);
    if (!row) throw notFound(`archive item ${id}`);
    items.set(id, rowToArchiveItem(row));
    if (options.includeDerived !== false) {
      for (const d of await findDerivedItems(db, id)) items.set(d.id, rowToArchiveItem(d));
    }
  }
  const externalIdentifier = `urn:uuid:${randomUUID()}`;
  await db.transaction().execute(async (trx) => {
    for (const id of items.keys()) {
      await appendCustody(trx, id, options.actor, "exported", {
        format: "bagit-1.0",
        bag: externalIdentifier,
        destination: path.basename(outDir),
        ...(options.description ? { description: options.description } : {}),
      });
    }
  });

  const payload: BagPayloadFile[] = [];
  const claimsById = new Map<string, unknown>();
  for (const item of items.values()) {
    const fresh = rowToArchiveItem((await findArchiveItemById(db, item.id))!);
    const base = `items/${item.id}`;
    const name = safeFilename(item.filename ?? undefined)?.replace(/[/\\]/g, "_") ?? "content";
    payload.push({ path: `${base}/file/${name}`, content: () => store.open(item.sha256) });
    payload.push({ path: `${base}/item.json`, content: json(presentForBag(fresh)) });
    payload.push({ path: `${base}/custody.json`, content: json(await getCustodyLog(db, item.id)) });
    const tokens = await findTimestampsByItem(db, item.id);
    payload.push({
      path: `${base}/timestamps.json`,
      content: json(
        tokens.map((t) => ({
          id: t.id,
          tsaUrl: t.tsa_url,
          hashAlgorithm: t.hash_algorithm,
          messageImprint: t.message_imprint,
          genTime: t.gen_time.toISOString(),
          serial: t.serial,
          tokenFile: `timestamps/${t.id}.tsr`,
        })),
      ),
    });
    for (const t of tokens) {
      payload.push({ path: `${base}/timestamps/${t.id}.tsr`, content: Buffer.from(t.token) });
    }
    for (const c of await findClaimsCitingItem(db, item.id)) claimsById.set(c.id, c);
  }
  payload.push({ path: "claims.json", content: json([...claimsById.values()]) });
  payload.push({ path: "README.txt", content: readme(externalIdentifier, [...items.values()]) });

  const bag = await writeBag(outDir, payload, [
    ["Source-Organization", options.sourceOrganization],
    ["External-Identifier", externalIdentifier],
    [
      "External-Description",
      options.description ??
        "Sabt evidence package: archived items with fixity, chain of custody, trusted timestamps and citing claims",
    ],
    ["Bag-Software-Agent", `sabt ${SABT_VERSION}`],
    ...[...items.keys()].map((id) => ["Internal-Sender-Identifier", id] as const),
  ]);
  Logger.info("archive", "evidence bag written", { bag: externalIdentifier, items: items.size });
  return { ...bag, externalIdentifier, itemIds: [...items.keys()] };
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + "\n";
}

function presentForBag(i: ArchiveItem) {
  return {
    id: i.id,
    kind: i.kind,
    fixity: { algorithm: "sha256", sha256: i.sha256, size: i.size, recordedAt: i.createdAt.toISOString() },
    mediaType: i.mediaType,
    declaredType: i.declaredType,
    filename: i.filename,
    title: i.title,
    originalId: i.originalId,
    derivation: i.derivation,
    hazards: i.hazards,
    provenance: i.provenance,
    metadata: i.metadata,
    custody: { events: i.custodyCount, headHash: i.custodyHead },
  };
}

function readme(id: string, items: ArchiveItem[]): string {
  return [
    `Evidence package ${id}, written by Sabt ${SABT_VERSION}.`,
    "",
    "Layout: items/<item id>/file/<original file name> is the archived file, byte for byte as received.",
    "item.json holds its SHA-256 and size recorded at intake and its provenance; custody.json its",
    "hash-chained custody log (each event's hash is SHA-256 over the canonical JSON of the event",
    "including the previous hash); timestamps/*.tsr are RFC 3161 TimeStampTokens over the file's",
    "SHA-256 (check with: openssl ts -verify -digest <sha256> -in <file>.tsr -token_in -CAfile <tsa-ca>).",
    "claims.json lists the claims citing these items. Validate the bag with any BagIt 1.0 tool.",
    "",
    ...items.map(
      (i) => `${i.id}  ${i.sha256}  ${i.size}  ${i.kind}${i.derivation ? `/${i.derivation}` : ""}`,
    ),
    "",
  ].join("\n");
}
