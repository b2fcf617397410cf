import { describe, expect, it } from "vitest";
import { daysBetween } from "./dates.ts";
import { createRng } from "./rng.ts";
import { drawVictims, NAMESAKE_SHARE, SIBLING_SHARE } from "./victims.ts";

const victims = drawVictims(createRng(21, "victims"), 5000);

describe("drawVictims", () => {
  it("makes siblings who share surname, father and city but not the given name", () => {
    const siblings = victims.filter((v) => v.related?.kind === "sibling");
    expect(siblings.length / victims.length).toBeGreaterThan(SIBLING_SHARE * 0.6);
    for (const s of siblings) {
      const base = victims[s.related!.of]!;
      expect([s.family.fa, s.father.fa, s.city]).toEqual([base.family.fa, base.father.fa, base.city]);
      expect(s.given.fa).not.toBe(base.given.fa);
    }
  });

  it("makes namesakes who share given and family name but not the father", () => {
    const namesakes = victims.filter((v) => v.related?.kind === "namesake");
    expect(namesakes.length / victims.length).toBeGreaterThan(NAMESAKE_SHARE * 0.5);
    for (const n of namesakes) {
      const base = victims[n.related!.of]!;
      expect([n.given.fa, n.family.fa]).toEqual([base.given.fa, base.family.fa]);
      expect(n.father.fa).not.toBe(base.father.fa);
    }
  });

  it("dates deaths in the summer of 1367 and births to adults of the time", () => {
    const summer = victims.filter((v) => v.death >= "1988-07-19" && v.death <= "1988-09-21").length;
    expect(summer / victims.length).toBeGreaterThan(0.9);
    expect(victims.every((v) => v.death <= "1988-12-31")).toBe(true);
    expect(victims.every((v) => daysBetween(v.birth, v.death) > 365 * 15)).toBe(true);
  });
});
