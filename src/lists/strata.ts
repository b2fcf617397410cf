/**
 * Strata for stratified estimates: each linked person is placed in the prison (or city) most of
 * their records name. Lists spell places in Persian script and several Latin forms ("زندان اوین",
 * "Evin Prison", "Evin"), so values are compared by a script-independent key after dropping the
 * words "prison", "central" and their Persian equivalents. Tiny strata are pooled, since capture
 * histories of a handful of people cannot carry an estimate of their own.
 */
import { normalizeText, phoneticKey } from "../names/index.ts";

/** A stratum: its key and the spelling shown for it (the most common one). */
export interface Stratum {
  readonly key: string;
  readonly label: string;
}

/** Strata with fewer people than this are pooled into one "other" stratum. */
export const MIN_STRATUM = 30;
/** Key of people whose records name no place. */
export const UNKNOWN = "unknown";
/** Key of the pooled small strata. */
export const OTHER = "other";

const NOISE = /\b(prison|central|jail)\b|زندان|مرکزی/g;

/** The comparison key of a place name ("" when nothing is left). */
export function placeKey(text: string): string {
  const core = normalizeText(text).replace(NOISE, " ").replace(/[\s\u200c]+/g, "");
  return core === "" ? "" : phoneticKey(core);
}

/**
 * Assigns every cluster a stratum from its records' values.
 * @param members current membership rows
 * @param values the place column's value of some records
 * @returns cluster id → stratum
 */
export function strataOf(
  members: readonly { list_id: string; record_id: string; cluster_id: string }[],
  values: readonly { list_id: string; record_id: string; value_text: string }[],
): Map<string, Stratum> {
  const valueOf = new Map(values.map((v) => [`${v.list_id}:${v.record_id}`, v.value_text]));
  const votes = new Map<string, Map<string, number>>();
  const spellings = new Map<string, Map<string, number>>();
  for (const m of members) {
    const text = valueOf.get(`${m.list_id}:${m.record_id}`) ?? "";
    const key = placeKey(text);
    if (key === "") continue;
    const v = votes.get(m.cluster_id) ?? votes.set(m.cluster_id, new Map()).get(m.cluster_id)!;
    v.set(key, (v.get(key) ?? 0) + 1);
    const s = spellings.get(key) ?? spellings.set(key, new Map()).get(key)!;
    s.set(text, (s.get(text) ?? 0) + 1);
  }
  const chosen = new Map<string, string>();
  for (const m of members) {
    if (chosen.has(m.cluster_id)) continue;
    const v = votes.get(m.cluster_id);
    // Most votes wins; a tie goes to the smaller key, so the result does not depend on row order.
    const best = v ? [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0] : UNKNOWN;
    chosen.set(m.cluster_id, best);
  }
  const sizes = new Map<string, number>();
  for (const k of chosen.values()) sizes.set(k, (sizes.get(k) ?? 0) + 1);
  const label = (key: string) => {
    const s = spellings.get(key);
    return s ? [...s].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0] : key;
  };
  const out = new Map<string, Stratum>();
  for (const [cluster, key] of chosen) {
    const small = key !== UNKNOWN && (sizes.get(key) ?? 0) < MIN_STRATUM;
    out.set(cluster, small ? { key: OTHER, label: OTHER } : { key, label: key === UNKNOWN ? UNKNOWN : label(key) });
  }
  return out;
}
