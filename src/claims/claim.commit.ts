import { commitNewVersions, commitVersions, type Commitment } from "../audit/index.ts";
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

// The fields of `canonicalClaim` in the order its canonical JSON lists them (keys sorted), each
// with the text that precedes its value there.
const SORTED_FIELDS = fieldsWithPrefixes([...FIELDS].sort());
const SORTED_FIELDS_UNPARSED = fieldsWithPrefixes([...FIELDS, "unparsed"].sort());

function fieldsWithPrefixes(fields: readonly string[]): readonly (readonly [string, string])[] {
  return fields.map((f, i) => [f, `${i === 0 ? "{" : ","}${JSON.stringify(f)}:`] as const);
}

/** What `canonicalStoredRow` keeps across the rows of one import batch. */
interface DigestMemo {
  /** Canonical JSON of each distinct value and citation text. */
  json: Map<string, string>;
  /** The ISO text of the last time seen: a batch's rows share one creation time (one Date). */
  time?: { at: unknown; iso: unknown };
}

/**
 * `canonicalClaim` of a new claim row as stored, for a row whose value is not sealed and whose
 * dates read back as written: the same text, built without reading the row back, and with each
 * distinct JSON value and citation canonicalized once (`memo`), as an import repeats them
 * thousands of times.
 */
function canonicalStoredRow(row: NewClaimRow, memo: DigestMemo): string {
  const r = row as unknown as Record<string, unknown>;
  const keys = typeof row.unparsed === "string" ? SORTED_FIELDS_UNPARSED : SORTED_FIELDS;
  let out = "";
  for (const [f, prefix] of keys) {
    let json: string;
    if (f === "value" || f === "sources") {
      const text = r[f] as string;
      let canonical = memo.json.get(text);
      if (canonical === undefined) memo.json.set(text, (canonical = canonicalJson(JSON.parse(text))));
      json = canonical;
    } else {
      let v: unknown = r[f] ?? null;
      if (f === "created_at" || f === "updated_at") {
        const time = memo.time && memo.time.at === v ? memo.time : (memo.time = { at: v, iso: isoTime(v) });
        v = time.iso;
      }
      if (f === "num_value" && v !== null) v = String(Number(v));
      // Every other column holds a string, number, boolean or null, whose canonical form is its JSON.
      json = v !== null && typeof v === "object" ? canonicalJson(v) : JSON.stringify(v);
    }
    out += prefix + json;
  }
  return `${out}}`;
}

/** True when a stored row's dates read back exactly as written (see ISO_DATE). */
function datesReadBackAsWritten(row: NewClaimRow): boolean {
  return [row.date_earliest, row.date_latest].every((d) => d === null || d === undefined || (typeof d === "string" && ISO_DATE.test(d)));
}

/** The commitments of new claims that can be digested from the rows alone, and the ids to read back. */
export interface NewClaimDigests {
  commitments: Commitment[];
  readBack: string[];
}

// Rows digested between two turns of the event loop (see digestNewClaims).
const DIGEST_SLICE = 1000;

/**
 * Digests new claim rows as stored, from the rows alone where that is certain (see
 * `canonicalStoredRow`); a sealed value, or a date in a form the database rewrites, is left to be
 * read back once stored. It lets the event loop turn between slices, so that a COPY of the same
 * rows already under way reaches a PostgreSQL server, which stores them meanwhile.
 */
export async function digestNewClaims(stored: readonly NewClaimRow[]): Promise<NewClaimDigests> {
  const memo: DigestMemo = { json: new Map() };
  const out: NewClaimDigests = { commitments: [], readBack: [] };
  for (let i = 0; i < stored.length; i++) {
    if (i > 0 && i % DIGEST_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    const row = stored[i]!;
    if (row.visibility !== "confidential" && datesReadBackAsWritten(row)) {
      out.commitments.push({ objectType: "claim", objectId: row.id, version: Number(row.version), digest: integrityTag(canonicalStoredRow(row, memo)) });
    } else out.readBack.push(row.id);
  }
  return out;
}

/**
 * Commits the first version of claims just inserted in the caller's transaction, with their
 * digests from `digestNewClaims`: a bulk import need not read back every claim it wrote. The rest
 * are digested from the rows read back, as for every other write.
 */
export async function commitNewClaimVersions(trx: Trx, digests: NewClaimDigests): Promise<void> {
  const commitments = [...digests.commitments];
  for (const [id, s] of await findCurrentSnapshots(trx, "claim", digests.readBack)) {
    commitments.push({ objectType: "claim", objectId: id, version: Number(s.version), digest: claimVersionDigest(openClaimSnapshot(id, s)) });
  }
  await commitNewVersions(trx, commitments);
}
