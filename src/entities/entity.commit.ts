import { commitNewVersions, commitVersions } from "../audit/index.ts";
import { checkIntegrityTag, integrityTag } from "../crypto/index.ts";
import type { NewEntityRow, Trx } from "../db/index.ts";
import { findCurrentSnapshots } from "../history/index.ts";
import { openEntitySnapshot } from "./entity.seal.ts";
import { canonicalJson, isoTime } from "../shared/canonical-json.ts";

/**
 * The fields of an entity version that its commitment covers, from the opened snapshot (see
 * claims/claim.commit.ts for why opened and why keyed): a fixed list, with times as ISO strings.
 */
const FIELDS = ["id", "type", "slug", "label", "visibility", "is_fictional", "version", "created_by", "created_at", "updated_at"] as const;

function canonicalEntity(snapshot: Record<string, unknown>): string {
  const out = new Map<string, unknown>();
  for (const f of FIELDS) {
    let v: unknown = snapshot[f] ?? null;
    if (f === "created_at" || f === "updated_at") v = isoTime(v);
    out.set(f, v);
  }
  return canonicalJson(Object.fromEntries(out));
}

/** The keyed digest of one entity version, from its opened snapshot. */
export function entityVersionDigest(snapshot: Record<string, unknown>): string {
  return integrityTag(canonicalEntity(snapshot));
}

/** Checks an opened entity snapshot against its committed digest. */
export function checkEntityVersion(snapshot: Record<string, unknown>, digest: string): "ok" | "mismatch" | "unknown_key" {
  return checkIntegrityTag(canonicalEntity(snapshot), digest);
}

/**
 * Commits the current version of the given entities, as stored now, in the caller's transaction:
 * called by the repository after every write of a new version.
 */
export async function commitEntityVersions(trx: Trx, ids: readonly string[]): Promise<void> {
  const snapshots = await findCurrentSnapshots(trx, "entity", ids);
  await commitVersions(
    trx,
    [...snapshots].map(([id, s]) => ({ objectType: "entity", objectId: id, version: Number(s.version), digest: entityVersionDigest(openEntitySnapshot(id, s)) })),
  );
}

/**
 * Commits the first version of entities just inserted in the caller's transaction, from the rows
 * as stored (label sealed where confidential); every committed field must be set in each row, as
 * bulk inserts require. Times are normalized by `canonicalEntity`, and the other fields read back
 * as written.
 */
export async function commitNewEntityVersions(trx: Trx, stored: readonly NewEntityRow[]): Promise<void> {
  await commitNewVersions(
    trx,
    stored.map((row) => ({ objectType: "entity", objectId: row.id, version: Number(row.version), digest: entityVersionDigest(openEntitySnapshot(row.id, { ...row })) })),
  );
}
