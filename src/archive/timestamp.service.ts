import { randomUUID } from "node:crypto";
import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { Logger } from "../shared/logger.ts";
import { getArchiveItem } from "./archive.service.ts";
import { appendCustody } from "./custody.service.ts";
import { insertTimestamp, findTimestampsByItem } from "./timestamp.repository.ts";
import { requestTimestamp } from "./tsa.client.ts";
import { readTimestampToken, verifyTimestampToken, type TimestampVerification } from "./tsa.token.ts";

/** A stored timestamp of an item. */
export interface ItemTimestamp {
  id: string;
  itemId: string;
  tsaUrl: string;
  genTime: string;
  serial: string;
}

/**
 * Timestamps an item's SHA-256 with each configured TSA (config SABT_TSA_URLS), storing every
 * token and a "timestamped" custody event. Independent TSAs guard against one being
 * compromised or going away; one failing does not stop the others.
 * @throws SabtError integrity_failed when no TSA produced a token.
 */
export async function timestampItem(
  db: Db,
  itemId: string,
  tsaUrls: readonly string[],
  actor: string,
): Promise<ItemTimestamp[]> {
  const item = await getArchiveItem(db, itemId);
  const out: ItemTimestamp[] = [];
  const failures: string[] = [];
  for (const tsaUrl of tsaUrls) {
    let token: Uint8Array;
    try {
      token = await requestTimestamp(tsaUrl, item.sha256);
    } catch (e) {
      failures.push(`${tsaUrl}: ${(e as Error).message}`);
      Logger.warn("archive", "timestamp request failed", { itemId, tsa: new URL(tsaUrl).host });
      continue;
    }
    const info = readTimestampToken(token);
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      await insertTimestamp(trx, {
        id,
        item_id: itemId,
        tsa_url: tsaUrl,
        hash_algorithm: info.hashAlgorithm,
        message_imprint: info.messageImprint,
        gen_time: info.genTime,
        serial: info.serial,
        token,
        created_by: actor,
      });
      await appendCustody(trx, itemId, actor, "timestamped", {
        timestampId: id,
        tsaUrl,
        genTime: info.genTime.toISOString(),
        serial: info.serial,
      });
    });
    out.push({ id, itemId, tsaUrl, genTime: info.genTime.toISOString(), serial: info.serial });
  }
  if (out.length === 0) {
    throw new SabtError("integrity_failed", `no timestamp authority answered: ${failures.join("; ")}`);
  }
  return out;
}

/** Verifies every stored token of an item offline against the given TSA trust anchors (PEM). */
export async function verifyItemTimestamps(
  db: Db,
  itemId: string,
  trustedPem?: string,
): Promise<(TimestampVerification & { id: string; tsaUrl: string })[]> {
  const item = await getArchiveItem(db, itemId);
  const rows = await findTimestampsByItem(db, itemId);
  const out = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      tsaUrl: r.tsa_url,
      ...(await verifyTimestampToken(r.token, item.sha256, { trustedPem })),
    });
  }
  return out;
}
