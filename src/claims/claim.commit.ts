import { commitNewVersions, commitVersions } from "../audit/index.ts";
import { checkIntegrityTag, integrityTag } from "../crypto/index.ts";
import type { NewClaimRow, Trx } from "../db/index.ts";
import { findCurrentSnapshots } from "../history/index.ts";
import { openClaimSnapshot } from "./claim.seal.ts";
import { canonicalJson, isoTime } from "../shared/canonical-json.ts";

/**
 * The fields of a claim version that its commitment covers: every stored column of the claim
 * (a fixed list, so a column added later does not change the digests of old versions), taken
 * from the *opened* snapshot. Opened, because the stored form of a confidential value changes
 * with every key rotation (a fresh nonce, a new key) and when history is sealed after the fact,
 * while the fact it records does not: the commitment must hold through both. The digest is keyed
 * (crypto/integrity-tag.ts), so it does not reveal the confidential value it covers.
 */
const FIELDS = [
  "id", "entity_id", "property", "value_type", "value", "value_text", "search_key", "ref_id", "date_earliest", "date_latest",
  "num_value", "sources", "editorial", "confidence", "confidence_rule", "visibility", "status", "preferred", "preferred_reason",
  "origin", "author", "version", "created_at", "updated_at",
] as const;

/**
 * The canonical text of an opened claim snapshot. Values are normalized where one fact has two
 * renderings: times (a JSON string from the database, a Date from code) as ISO strings, and the
 * number (a JSON number in a row, a string once it went through a sealed payload) as a decimal.
 */
function canonicalClaim(snapshot: Record<string, unknown>): string {
  const out = new Map<string, unknown>();
  for (const f of FIELDS) {
    let v: unknown = snapshot[f] ?? null;
    if (f === "created_at" || f === "updated_at") v = isoTime(v);
    if (f === "num_value" && v !== null) v = String(Number(v));
    out.set(f, v);
  }
  // Columns added later are covered only where they hold something, so that the digests of
  // versions written before them stay as they were: `unparsed` (migration 0018).
  if (typeof snapshot.unparsed === "string") out.set("unparsed", snapshot.unparsed);
  return canonicalJson(Object.fromEntries(out));
}

/** The keyed digest of one claim version, from its opened snapshot. */
export function claimVersionDigest(snapshot: Record<string, unknown>): string {
  return integrityTag(canonicalClaim(snapshot));
}

/** Checks an opened claim snapshot against its committed digest. */
export function checkClaimVersion(snapshot: Record<string, unknown>, digest: string): "ok" | "mismatch" | "unknown_key" {
  return checkIntegrityTag(canonicalClaim(snapshot), digest);
}

/**
 * Commits the current version of the given claims, as stored now, in the caller's transaction:
 * called by the repository after every write of a new version, so that no version escapes.
 */
export async function commitClaimVersions(trx: Trx, ids: readonly string[]): Promise<void> {
  const snapshots = await findCurrentSnapshots(trx, "claim", ids);
  await commitVersions(
    trx,
    [...snapshots].map(([id, s]) => ({ objectType: "claim", objectId: id, version: Number(s.version), digest: claimVersionDigest(openClaimSnapshot(id, s)) })),
  );
}

// A date column reads back (to_jsonb) as `YYYY-MM-DD`; a date written so reads back as written.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The snapshot a claim row just stored reads back as (`to_jsonb` of the row, as `findCurrentSnapshots`
 * gives it), computed from the row itself; undefined where that is not certain (a date in another
 * form), and such a row is read back. Every other column reads back as the value written, once
 * times and numbers are normalized as `canonicalClaim` does.
 */
function snapshotOfStoredRow(row: NewClaimRow): Record<string, unknown> | undefined {
  for (const d of [row.date_earliest, row.date_latest]) {
    if (d !== null && d !== undefined && !(typeof d === "string" && ISO_DATE.test(d))) return undefined;
  }
  return { ...row, value: JSON.parse(row.value) as unknown, sources: JSON.parse(row.sources ?? "[]") as unknown };
}

/**
 * Commits the first version of claims just inserted in the caller's transaction, from the rows as
 * stored (sealed): a bulk import need not read back every claim it wrote to digest it.
 */
export async function commitNewClaimVersions(trx: Trx, stored: readonly NewClaimRow[]): Promise<void> {
  const snapshots = new Map<string, Record<string, unknown>>();
  const readBack: string[] = [];
  for (const row of stored) {
    const s = snapshotOfStoredRow(row);
    if (s) snapshots.set(row.id, s);
    else readBack.push(row.id);
  }
  for (const [id, s] of await findCurrentSnapshots(trx, "claim", readBack)) snapshots.set(id, s);
  await commitNewVersions(
    trx,
    [...snapshots].map(([id, s]) => ({ objectType: "claim", objectId: id, version: Number(s.version), digest: claimVersionDigest(openClaimSnapshot(id, s)) })),
  );
}
