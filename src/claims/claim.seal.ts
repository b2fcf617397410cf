import type { ClaimRow, ClaimUpdate, NewClaimRow } from "../db/index.ts";
import { isSealed, openSealed, seal } from "../crypto/index.ts";
import { activeKeyring } from "../crypto/index.ts";

/**
 * The columns of a claim that carry its value. For a confidential claim all of them are sealed
 * into `value.sealed` and the plain columns are emptied (ASVS 5.0 V14.2.x: sensitive data
 * encrypted at rest): the value, its text and search key, and also the derived date interval,
 * number and entity reference, which would otherwise reveal a date of death or a witness link.
 */
interface ValueColumns {
  value: unknown;
  value_text: string;
  search_key: string;
  ref_id: string | null;
  date_earliest: string | null;
  date_latest: string | null;
  num_value: string | number | null;
}

const aad = (claimId: string) => `claim:${claimId}`;

function sealColumns(claimId: string, valueType: string, cols: ValueColumns) {
  const payload = JSON.stringify({ v: cols.value, t: cols.value_text, s: cols.search_key, r: cols.ref_id, e: cols.date_earliest, l: cols.date_latest, n: cols.num_value });
  return {
    value: JSON.stringify({ type: valueType, sealed: seal(activeKeyring(), payload, aad(claimId)) }),
    value_text: "",
    search_key: "",
    ref_id: null,
    date_earliest: null,
    date_latest: null,
    num_value: null,
  };
}

/** The sealed payload inside a stored value, if the value is sealed. */
function sealedOf(value: unknown): string | undefined {
  if (value && typeof value === "object" && "sealed" in value) {
    const s = (value as { sealed: unknown }).sealed;
    return isSealed(s) ? s : undefined;
  }
  return undefined;
}

/** True when a stored claim value is sealed. */
export function isSealedClaimValue(value: unknown): boolean {
  return sealedOf(value) !== undefined;
}

/** Seals a new claim row before insertion when it is confidential; other rows pass unchanged. */
export function sealNewClaimRow(row: NewClaimRow): NewClaimRow {
  if (row.visibility !== "confidential") return row;
  const cols = sealColumns(row.id, row.value_type, {
    value: JSON.parse(row.value) as unknown,
    value_text: row.value_text,
    search_key: row.search_key ?? "",
    ref_id: row.ref_id ?? null,
    date_earliest: row.date_earliest ?? null,
    date_latest: row.date_latest ?? null,
    num_value: row.num_value ?? null,
  });
  return { ...row, ...cols };
}

/** Opens a stored claim row: a sealed value is decrypted into the plain columns; others pass unchanged. */
export function openClaimRow<T extends Pick<ClaimRow, "id" | "value">>(row: T): T {
  const sealed = sealedOf(row.value);
  if (!sealed) return row;
  const p = JSON.parse(openSealed(activeKeyring(), sealed, aad(row.id))) as {
    v: ClaimRow["value"];
    t: string;
    s: string;
    r: string | null;
    e: string | null;
    l: string | null;
    n: string | number | null;
  };
  return {
    ...row,
    value: p.v,
    value_text: p.t,
    search_key: p.s,
    ref_id: p.r,
    date_earliest: p.e,
    date_latest: p.l,
    num_value: p.n === null ? null : String(p.n),
  };
}

/** The value columns an update changes. */
const VALUE_KEYS = ["value", "value_text", "search_key", "ref_id", "date_earliest", "date_latest", "num_value"] as const;

/** True when an update touches the value or the visibility, so its sealing must be recomputed. */
export function updateNeedsSealing(update: ClaimUpdate): boolean {
  return update.visibility !== undefined || VALUE_KEYS.some((k) => update[k] !== undefined);
}

/**
 * Rewrites an update so that the stored value columns match the claim's visibility after the
 * update: sealed when it is (or becomes) confidential, plain when it stops being confidential.
 * @param current the claim as it is now, already opened.
 */
export function sealClaimUpdate(current: ClaimRow, update: ClaimUpdate): ClaimUpdate {
  if (!updateNeedsSealing(update)) return update;
  const visibility = update.visibility ?? current.visibility;
  const cols: ValueColumns = {
    value: update.value !== undefined ? (JSON.parse(update.value) as unknown) : current.value,
    value_text: update.value_text ?? current.value_text,
    search_key: update.search_key ?? current.search_key,
    ref_id: update.ref_id !== undefined ? update.ref_id : current.ref_id,
    date_earliest: update.date_earliest !== undefined ? update.date_earliest : current.date_earliest,
    date_latest: update.date_latest !== undefined ? update.date_latest : current.date_latest,
    num_value: update.num_value !== undefined ? update.num_value : current.num_value,
  };
  if (visibility === "confidential") {
    return { ...update, ...sealColumns(current.id, update.value_type ?? current.value_type, cols) };
  }
  return { ...update, ...cols, value: JSON.stringify(cols.value) };
}

/** Opens a claim snapshot from the history (revisions copy the stored, sealed row). */
export function openClaimSnapshot(id: string, snapshot: Record<string, unknown>): Record<string, unknown> {
  if (!isSealedClaimValue(snapshot.value)) return snapshot;
  return openClaimRow({ ...snapshot, id, value: snapshot.value } as Pick<ClaimRow, "id" | "value"> & Record<string, unknown>);
}

/**
 * Seals a plain claim snapshot of the history, as its claim is sealed now (issue 13: a value that
 * becomes confidential must not stay readable in its earlier versions). A sealed snapshot is
 * returned unchanged. Opening it gives back exactly the columns it had.
 */
export function sealClaimSnapshot(id: string, snapshot: Record<string, unknown>): Record<string, unknown> {
  if (isSealedClaimValue(snapshot.value)) return snapshot;
  const s = snapshot as Partial<Record<keyof ClaimRow, unknown>>;
  const cols = sealColumns(id, String(s.value_type), {
    value: s.value,
    value_text: typeof s.value_text === "string" ? s.value_text : "",
    search_key: typeof s.search_key === "string" ? s.search_key : "",
    ref_id: (s.ref_id as string | null | undefined) ?? null,
    date_earliest: (s.date_earliest as string | null | undefined) ?? null,
    date_latest: (s.date_latest as string | null | undefined) ?? null,
    num_value: (s.num_value as string | number | null | undefined) ?? null,
  });
  return { ...snapshot, ...cols, value: JSON.parse(cols.value) as unknown };
}
