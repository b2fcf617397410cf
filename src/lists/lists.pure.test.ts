/**
 * The pure helpers of linked lists: record keys and cluster names, rebuilding linker records
 * from import origins, and place strata across scripts.
 */
import { describe, expect, it } from "vitest";
import { canonicalPair, clusterName, keyString, parseKeyString } from "./keys.ts";
import { parseListOrigin } from "../shared/victim-list.ts";
import { toLinkageRecords } from "./records.ts";
import { MIN_STRATUM, placeKey, strataOf } from "./strata.ts";

const L1 = "11111111-1111-4111-8111-111111111111";
const L2 = "22222222-2222-4222-8222-222222222222";

describe("record keys", () => {
  it.each([
    [{ list: L1, record: "r1" }, `${L1}:r1`],
    [{ list: L1, record: "a:b" }, `${L1}:a:b`],
  ])("round-trips %o", (key, text) => {
    expect(keyString(key)).toBe(text);
    expect(parseKeyString(text)).toEqual(key);
  });

  it.each(["", "nocolon", ":r1", `${L1}:`])("rejects %j", (text) => expect(parseKeyString(text)).toBeUndefined());

  it("names a cluster by its smallest member whatever the order, and orders pairs one way", () => {
    const a = { list: L1, record: "r9" };
    const b = { list: L1, record: "r10" };
    const c = { list: L2, record: "r1" };
    expect(clusterName([c, a, b])).toBe(`${L1}:r10`);
    expect(clusterName([b, c, a])).toBe(`${L1}:r10`);
    expect(canonicalPair(c, a)).toEqual([a, c]);
    expect(canonicalPair(a, c)).toEqual([a, c]);
  });
});

describe("rebuilding list rows", () => {
  it("reads the list, record and column of an import origin, record ids with colons included", () => {
    expect(parseListOrigin(`list:${L1}:r:7:full_name`)).toEqual({ list: L1, record: "r:7", column: "full_name" });
    expect(parseListOrigin("user:edit")).toBeUndefined();
  });

  it("fills the linker's columns, ages as numbers, and ignores other columns", () => {
    const recs = toLinkageRecords(
      [
        { list: L1, record: "r1" },
        { list: L2, record: "r2" },
      ],
      [
        { origin: `list:${L1}:r1:full_name`, value_text: "Fictional Person", num_value: null },
        { origin: `list:${L1}:r1:age`, value_text: "34 years", num_value: "34" },
        { origin: `list:${L1}:r1:notes`, value_text: "secret", num_value: null },
        { origin: `list:${L2}:r2:prison`, value_text: "Evin", num_value: null },
      ],
    );
    expect(recs[0]).toMatchObject({ record_id: `${L1}:r1`, source: L1, full_name: "Fictional Person", age: "34", prison: "" });
    expect(recs[0]).not.toHaveProperty("notes");
    expect(recs[1]).toMatchObject({ record_id: `${L2}:r2`, source: L2, prison: "Evin", full_name: "" });
  });
});

describe("place strata", () => {
  it.each([
    ["زندان اوین", "Evin Prison"],
    ["دیزل‌آباد", "Dizelabad Prison"],
    ["قزل‌حصار", "Ghezel Hesar"],
    ["زندان مرکزی تبریز", "Tabriz Central Prison"],
  ])("gives %s and %s one key", (fa, en) => expect(placeKey(fa)).toBe(placeKey(en)));

  it("places each person in the prison most of their records name and pools small strata", () => {
    const members: { list_id: string; record_id: string; cluster_id: string }[] = [];
    const values: { list_id: string; record_id: string; value_text: string }[] = [];
    for (let i = 0; i < MIN_STRATUM; i++) {
      members.push({ list_id: L1, record_id: `e${i}`, cluster_id: `c${i}` }, { list_id: L2, record_id: `e${i}`, cluster_id: `c${i}` });
      values.push({ list_id: L1, record_id: `e${i}`, value_text: "اوین" }, { list_id: L2, record_id: `e${i}`, value_text: i === 0 ? "Lakan" : "Evin Prison" });
    }
    members.push({ list_id: L1, record_id: "k", cluster_id: "ck" }, { list_id: L1, record_id: "u", cluster_id: "cu" });
    values.push({ list_id: L1, record_id: "k", value_text: "Lakan" });
    const s = strataOf(members, values);
    // Shown by its most common spelling (30 × اوین, 29 × Evin Prison).
    expect(s.get("c1")).toEqual({ key: placeKey("Evin"), label: "اوین" });
    // A tie (one vote each) goes to the smaller key ("an" < "lkn"), whatever the row order.
    expect([placeKey("Evin"), placeKey("Lakan")]).toEqual(["an", "lkn"]);
    expect(s.get("c0")!.key).toBe("an");
    expect(s.get("ck")).toEqual({ key: "other", label: "other" });
    expect(s.get("cu")).toEqual({ key: "unknown", label: "unknown" });
  });
});
