/**
 * What the sources agree on, as a pure function: equal values meet however they were written,
 * spellings in another script are not a disagreement, and only public sources are counted.
 */
import { describe, expect, it } from "vitest";
import { parseDate } from "../../dates/index.ts";
import { BUILTIN_NAMES } from "../../../test/builtin-names.ts";
import { enumLabel, unitLabel } from "../i18n/vocabulary.ts";
import { agreementOf, type AgreementClaim } from "./agreement.ts";

let n = 0;
/** A public claim of the fictional person `p1` citing one source. */
function claim(property: string, value: AgreementClaim["value"], valueText: string, source: string, extra: Partial<AgreementClaim> = {}): AgreementClaim {
  n += 1;
  return { id: `c${n}`, entity_id: "p1", property, value, value_text: valueText, ref_id: null, preferred: false, status: "asserted", sources: [{ sourceId: source }], ...extra };
}
const day = (text: string, calendar: "jalali" | "gregorian") => ({ type: "date", date: parseDate(text, { calendar }) });
const isPublic = (id: string) => id !== "team-register";

describe("agreementOf", () => {
  it("meets equal dates written in either calendar, and counts the sources that agree out of those that say", () => {
    const claims = [
      claim("death_date", day("1367/05/10", "jalali"), "1367/05/10", "L1"),
      claim("death_date", day("1988-08-01", "gregorian"), "1988-08-01", "L2"),
      claim("death_date", day("۱۰ مرداد ۱۳۶۷", "jalali"), "۱۰ مرداد ۱۳۶۷", "L3"),
      claim("death_date", day("1988-09-05", "gregorian"), "1988-09-05", "L4"),
    ];
    const [death] = agreementOf(claims, ["death_date"], isPublic);
    expect(death!.contested).toBe(true);
    expect(death!.groups.map((g) => g.total)).toEqual([4]);
    expect(death!.groups[0]!.values.map((v) => v.sources)).toEqual([["L1", "L2", "L3"], ["L4"]]);
  });

  it("meets names however they were typed, keeps other scripts apart without calling it a disagreement, and shows the common spelling", () => {
    const name = (text: string, source: string) => claim("name", { type: "name", text, kind: "full" }, text, source);
    const [names] = agreementOf([name("گلنار آزموني", "L1"), name("گلنار آزمونی", "L2"), name("گلنار  آزمونی", "L3"), name("گلنار آزمونی", "L5"), name("Golnar Azmouni", "L4")], ["name"], isPublic);
    expect(names!.contested).toBe(false);
    expect(names!.groups.map((g) => [g.script, g.total, g.values.length])).toEqual([["arabic", 4, 1], ["latin", 1, 1]]);
    expect(names!.groups[0]!.values[0]!.shown.value_text).toBe("گلنار آزمونی");
  });

  it("never counts a source that is not public, and respects an editor's contested mark and preferred value", () => {
    const evin = { type: "entity", id: "place-evin" };
    const claims = [
      claim("prison", evin, "Evin", "team-register", { ref_id: "place-evin" }),
      claim("prison", evin, "Evin", "L1", { ref_id: "place-evin", status: "contested" }),
      claim("gender", { type: "text", text: "female" }, "female", "L1"),
      claim("gender", { type: "text", text: "Female" }, "Female", "L2"),
      claim("city", { type: "entity", id: "karaj" }, "Karaj", "L1", { ref_id: "karaj" }),
      claim("city", { type: "entity", id: "tehran" }, "Tehran", "L2", { ref_id: "tehran", preferred: true }),
      claim("city", { type: "entity", id: "retracted" }, "Nowhere", "L3", { ref_id: "retracted", status: "retracted" }),
    ];
    const [prison, gender, city] = agreementOf(claims, ["prison", "gender", "city"], isPublic);
    expect(prison!.contested).toBe(true);
    expect(prison!.groups[0]!.values[0]!.sources).toEqual(["L1"]);
    expect(prison!.groups[0]!.total).toBe(1);
    expect(gender!.contested).toBe(false);
    expect(gender!.groups[0]!.values[0]!.sources).toEqual(["L1", "L2"]);
    expect(city!.groups[0]!.values.map((v) => [v.shown.value_text, v.preferred])).toEqual([["Tehran", true], ["Karaj", false]]);
    expect(city!.groups[0]!.total).toBe(2);
  });

  it("takes built-in property names as ordinary values and properties (issue 13)", () => {
    const claims = BUILTIN_NAMES.flatMap((word) => [
      claim(word, { type: "text", text: word }, word, "L1"),
      claim("role", { type: "text", text: word }, word, "L2"),
    ]);
    const out = agreementOf(claims, [...BUILTIN_NAMES, "role"], isPublic);
    expect(out.map((p) => p.property)).toEqual([...BUILTIN_NAMES, "role"]);
    expect(out.at(-1)!.groups[0]!.values).toHaveLength(BUILTIN_NAMES.length);
    for (const word of BUILTIN_NAMES) {
      expect(enumLabel("fa", "role", word)).toBe(word);
      expect(enumLabel("fa", word, "male")).toBe("male");
      expect(unitLabel("fa", word)).toBe(word);
    }
    expect(enumLabel("fa", "gender", "male")).toBe("مرد");
  });
});
