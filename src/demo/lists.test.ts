import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { demoListCsv } from "./csv.ts";
import { generateListRecords, WITHIN_LIST_DUPLICATE_SHARE } from "./lists.ts";
import { CANONICAL_HEADERS } from "./types.ts";
import { INCLUSION, LIST_IDS, WELL_KNOWN_SHARE } from "./victims.ts";
import type { DemoListId } from "./types.ts";

/** The expected share of victims on no list under `INCLUSION` (about 0.139). */
function expectedShareOnNoList(): number {
  const miss = (p: Readonly<Record<DemoListId, number>>): number => LIST_IDS.reduce((acc, id) => acc * (1 - p[id]), 1);
  return WELL_KNOWN_SHARE * miss(INCLUSION.wellKnown) + (1 - WELL_KNOWN_SHARE) * miss(INCLUSION.other);
}

const big = generateListRecords({ seed: 5, victims: 20_000 });

describe("generateListRecords", () => {
  it("works at 20,000 victims and reports every record exactly once in the truth", () => {
    expect(big.truth).toHaveLength(20_000);
    const inTruth = big.truth.flatMap((t) => t.records.map((r) => `${r.list}/${r.recordId}`));
    const inLists = big.lists.flatMap((l) => l.records.map((r) => `${l.id}/${r.record_id}`));
    expect(new Set(inTruth).size).toBe(inTruth.length);
    expect(new Set(inTruth)).toEqual(new Set(inLists));
  });

  it("leaves the documented share of victims on no list", () => {
    const none = big.truth.filter((t) => t.records.length === 0).length / big.truth.length;
    expect(expectedShareOnNoList()).toBeCloseTo(0.139, 2);
    expect(Math.abs(none - expectedShareOnNoList())).toBeLessThan(0.012);
  });

  it("sizes each list by its documented inclusion probabilities", () => {
    for (const id of LIST_IDS) {
      const p = WELL_KNOWN_SHARE * INCLUSION.wellKnown[id] + (1 - WELL_KNOWN_SHARE) * INCLUSION.other[id];
      const expected = big.truth.length * p * (1 + WITHIN_LIST_DUPLICATE_SHARE);
      const size = big.lists.find((l) => l.id === id)?.records.length ?? 0;
      expect(Math.abs(size / expected - 1), id).toBeLessThan(0.04);
    }
  });

  it("produces every capture pattern, with positively dependent lists from the latent classes", () => {
    const patterns = new Map<string, number>();
    for (const t of big.truth) {
      const key = LIST_IDS.map((id) => (t.records.some((r) => r.list === id) ? "1" : "0")).join("");
      patterns.set(key, (patterns.get(key) ?? 0) + 1);
    }
    expect(patterns.size).toBe(16);
    // Heterogeneity: being on fa1 makes being on en1 more likely than the marginal rate.
    const on = (t: (typeof big.truth)[number], id: string): boolean => t.records.some((r) => r.list === id);
    const fa1 = big.truth.filter((t) => on(t, "fa1"));
    const en1Given = fa1.filter((t) => on(t, "en1")).length / fa1.length;
    const en1 = big.truth.filter((t) => on(t, "en1")).length / big.truth.length;
    expect(en1Given).toBeGreaterThan(en1 + 0.02);
  });

  it("includes siblings and namesakes, the hard cases for linkage", () => {
    const small = generateListRecords({ seed: 5, victims: 2000 });
    const names = small.lists.find((l) => l.id === "en2")?.records.map((r) => r.full_name) ?? [];
    expect(new Set(names).size).toBeLessThan(names.length);
  });

  it("writes Persian script and Jalali dates in fa lists, Latin script and Gregorian dates in en lists", () => {
    const fa1 = big.lists.find((l) => l.id === "fa1")!;
    const en1 = big.lists.find((l) => l.id === "en1")!;
    expect(fa1.records.every((r) => /^[\u0600-\u06ff\u200c ]+$/.test(r.full_name))).toBe(true);
    expect(fa1.records.some((r) => /^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/.test(r.death_date))).toBe(true);
    expect(fa1.records.some((r) => /^(مرداد|شهریور) [۰-۹]{4}$/.test(r.death_date))).toBe(true);
    expect(fa1.records.some((r) => /^1367\/0[4-6]\/\d\d$/.test(r.death_date))).toBe(true);
    expect(en1.records.every((r) => /^[A-Za-z ,'-]+$/.test(r.full_name))).toBe(true);
    expect(en1.records.some((r) => /^1988-0[7-9]-\d\d$/.test(r.death_date))).toBe(true);
    expect(en1.records.some((r) => r.age !== "" && r.birth === "")).toBe(true);
    const spellings = new Set(
      en1.records.map((r) => r.full_name.split(" ").find((w) => /^M[ou]ham+[ae]d$/.test(w))).filter(Boolean),
    );
    expect(spellings.size).toBeGreaterThanOrEqual(3);
  });
});

describe("demoListCsv", () => {
  const list = generateListRecords({ seed: 9, victims: 300 }).lists[1]!;

  it("renders the canonical headers in order, with the list's visibility suffixes", () => {
    const header = demoListCsv(list).split("\n")[0];
    expect(header).toBe(CANONICAL_HEADERS.map((h) => (h === "notes" ? "notes@confidential" : h)).join(","));
  });

  it("accepts per-column visibility overrides", () => {
    const header = demoListCsv(list, { full_name: "public", notes: "team" }).split("\n")[0];
    expect(header?.startsWith("record_id,full_name@public,")).toBe(true);
    expect(header?.endsWith(",notes@team")).toBe(true);
  });

  it("round-trips through a CSV parser, quotes included", () => {
    const tricky = {
      ...list,
      records: [{ ...list.records[0]!, notes: 'said "no", then\nleft' }, ...list.records.slice(1)],
    };
    const rows = parse(demoListCsv(tricky, {}), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(tricky.records.length);
    expect(rows[0]).toEqual(tricky.records[0]);
  });
});
