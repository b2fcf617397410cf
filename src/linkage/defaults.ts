/**
 * Default settings: Sabt's victim-list schema (the columns of the persian_synth benchmark): a
 * name in Persian or Latin script, father's name, gender, birth date or age, death date in either
 * calendar, city and prison.
 */
import type { LinkSettings, LinkSettingsInput } from "./settings.ts";
import { LinkSettingsSchema } from "./settings.ts";

/** The victim-list settings as written (before defaults are filled in). */
export const VICTIM_LIST_SETTINGS: LinkSettingsInput = {
  linkType: "dedupe",
  uFromCandidates: true,
  priorOver: "all",
  fields: [
    { kind: "person", name: "name", full: "full_name", first: "first_name", last: "last_name" },
    { kind: "name", name: "father", columns: ["father_name"] },
    { kind: "gender", name: "gender", columns: ["gender"] },
    { kind: "date", name: "birth", columns: ["birth"], age: "age", ageAt: "death_date" },
    { kind: "date", name: "death", columns: ["death_date"] },
    { kind: "place", name: "city", columns: ["city"] },
    { kind: "place", name: "prison", columns: ["prison"] },
  ],
  // Each rule pairs a name part with something that splits namesakes (a year, the father, the
  // city); "Mohammad Mohammadi" alone would put thousands of records in one block at scale. The
  // prefix and suffix transforms let a name with a typo in its middle still meet its twin.
  blocking: [
    ["name.full", "death.year"],
    ["name.full", "birth.year"],
    ["name.full", "city"],
    ["name.full", "prison"],
    ["name.surname", "death.year", "name.given:first2"],
    ["name.given", "death.year", "name.surname:first2"],
    ["name.surname", "death.year", "name.given:last2"],
    ["death", "name.given:first1"],
    ["name.surname", "birth.year", "name.given:first1"],
    ["name.given", "birth.year", "name.surname:first1"],
    ["name.surname", "father", "name.given:first1"],
    ["name.given", "father", "name.surname:first1"],
  ],
  // Agreeing on a rare name alone makes a good candidate; common names are left to the rules above.
  rareBlocking: [["name.full"], ["name.given", "name.surname:first3"], ["name.surname", "name.given:first3"]],
  rareBlockSize: 12,
  // Strict rules whose pairs are mostly the same person, so that EM learns what a match looks like
  // rather than what namesakes and siblings share (see settings.ts).
  trainingRules: [
    ["death", "birth.year"],
    ["name.full", "death"],
    ["name.full", "birth.year"],
    ["name.full", "father"],
  ],
};

/** The victim-list settings with defaults filled in. */
export function victimListSettings(): LinkSettings {
  return LinkSettingsSchema.parse(VICTIM_LIST_SETTINGS);
}
