/**
 * A seeded generator of victim lists of the persian_synth kind: four lists (fa1, fa2 in Persian
 * script with Solar Hijri dates; en1, en2 in Latin with Gregorian dates), with transliteration
 * variants, typos, ages instead of birth dates, siblings who share surname, father, city and
 * death date, and namesakes. Every person is fictional; use it to validate and benchmark.
 */
import { toJalaali } from "jalaali-js";
import { LINKAGE_RECORD_COLUMNS } from "../../shared/victim-list.ts";
import type { Rng } from "../random.ts";
import { createRng, pick, randomInt } from "../random.ts";
import { inventName } from "./invented.ts";
import { arabicKeyboard, decorate, localDigits, typo } from "./noise.ts";
import type { PoolName } from "./pools.ts";
import { CITIES, FEMALE_NAMES, MALE_NAMES, PRISONS, SURNAMES } from "./pools.ts";


interface NameForm {
  readonly fa: string;
  latin(rng: Rng): string;
}

interface Person {
  readonly entity: string;
  readonly male: boolean;
  readonly given: NameForm;
  readonly surname: NameForm;
  readonly father: NameForm | undefined;
  readonly seyyed: boolean;
  readonly birth: number; // day number
  readonly death: number;
  readonly city: PoolName | undefined;
  readonly prison: PoolName | undefined;
}

const fromPool = (p: PoolName): NameForm => ({ fa: p.fa, latin: (rng) => pick(rng, p.latin) });

/**
 * Zipf-like pick: early pool entries (common names) are chosen far more often. The skew is set so
 * that, as in the persian_synth lists, the commonest given name (Mohammad) is about 5 % of records
 * and the commonest surname about 3-4 %.
 */
function common<T>(rng: Rng, items: readonly T[], skew = 1.6): T {
  return items[Math.min(items.length - 1, Math.floor(items.length * rng() ** skew))]!;
}

function givenName(rng: Rng, male: boolean): NameForm {
  if (rng() < 0.25) return inventName(rng);
  return fromPool(common(rng, male ? MALE_NAMES : FEMALE_NAMES));
}

function surnameOf(rng: Rng): NameForm {
  if (rng() < 0.45) return fromPool(common(rng, SURNAMES, 1.5));
  const base = inventName(rng);
  const r = rng();
  if (r < 0.7) {
    // Most Persian surnames are a word plus -i, -zadeh, -pour or -nejad.
    const [faSuffix, latinSuffixes] = pick(rng, [
      ["ی", ["i", "i", "y"]], ["ی", ["i"]], ["زاده", ["zadeh", "zade", "-zadeh", " Zadeh"]], ["پور", ["pour", "poor", "pur"]],
      ["نژاد", ["nejad", "nezhad"]], ["نیا", ["nia", "niya"]],
    ] as const);
    const joiner = faSuffix === "ی" ? "" : "\u200C";
    return { fa: base.fa + joiner + faSuffix, latin: (g) => base.latin(g) + pick(g, latinSuffixes) };
  }
  return base;
}

const DAY_MS = 86_400_000;
const day = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);

function makePerson(rng: Rng, entity: string, family?: Person): Person {
  const male = rng() < 0.8;
  // Two waves, as in the persian_synth lists: the 1980s executions and 2005 onwards.
  const death = family && rng() < 0.6 ? family.death + randomInt(rng, 3) : rng() < 0.45 ? day(1981, 1, 1) + randomInt(rng, 9 * 365) : day(2005, 1, 1) + randomInt(rng, 20 * 365);
  const age = 15 + randomInt(rng, 55);
  const birth = family ? family.birth + (rng() < 0.5 ? -1 : 1) * (1 + randomInt(rng, 8 * 365)) : death - age * 365 - randomInt(rng, 365);
  return {
    entity,
    male,
    given: givenName(rng, male),
    surname: family?.surname ?? surnameOf(rng),
    father: family ? family.father : rng() < 0.7 ? givenName(rng, true) : undefined,
    seyyed: family?.seyyed ?? rng() < 0.05,
    birth,
    death,
    city: family?.city ?? (rng() < 0.9 ? common(rng, CITIES) : undefined),
    prison: family?.prison ?? (rng() < 0.7 ? pick(rng, PRISONS) : undefined),
  };
}

const PERSIAN_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
const LATIN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number) => String(n).padStart(2, "0");

function jalaliText(rng: Rng, d: number, precise: boolean): string {
  const g = new Date(d * DAY_MS);
  const j = toJalaali(g.getUTCFullYear(), g.getUTCMonth() + 1, g.getUTCDate());
  const digits = pick(rng, ["persian", "persian", "arabic", "ascii"] as const);
  const r = rng();
  const text = !precise || r < 0.1 ? `${j.jy}` : r < 0.25 ? `${PERSIAN_MONTHS[j.jm - 1]} ${j.jy}` : r < 0.4 ? `${j.jd} ${PERSIAN_MONTHS[j.jm - 1]} ${j.jy}` : `${j.jy}/${pad(j.jm)}/${pad(j.jd)}`;
  return localDigits(text, digits);
}

function gregorianText(rng: Rng, d: number, precise: boolean): string {
  const g = new Date(d * DAY_MS);
  const y = g.getUTCFullYear();
  const m = g.getUTCMonth();
  const dd = g.getUTCDate();
  const r = rng();
  if (!precise || r < 0.1) return `${y}`;
  if (r < 0.25) return `${LATIN_MONTHS[m]} ${y}`;
  if (r < 0.45) return `${dd} ${LATIN_MONTHS[m]} ${y}`;
  if (r < 0.55) return `${LATIN_MONTHS[m]} ${dd}, ${y}`;
  return `${y}-${pad(m + 1)}-${pad(dd)}`;
}

type Source = "fa1" | "fa2" | "en1" | "en2";

function render(rng: Rng, p: Person, source: Source): Record<string, string> {
  const persian = source.startsWith("fa");
  const rec: Record<string, string> = Object.fromEntries(LINKAGE_RECORD_COLUMNS.map((c) => [c, ""]));
  rec.source = source;
  let given = persian ? p.given.fa : p.given.latin(rng);
  let surname = persian ? p.surname.fa : p.surname.latin(rng);
  if (rng() < 0.08) given = typo(rng, given);
  if (rng() < 0.08) surname = typo(rng, surname);
  if (p.seyyed && rng() < 0.6) given = `${persian ? "سید" : pick(rng, ["Seyed", "Seyyed", "Sayed", "Sayyid"])} ${given}`;
  const father = p.father && rng() < (persian ? 0.6 : 0.3) ? (persian ? p.father.fa : p.father.latin(rng)) : "";
  let full = `${given} ${surname}`;
  if (source === "en2" && rng() < 0.5) full = `${surname}, ${given}`;
  if (source === "en1" && rng() < 0.05) full = `${surname} ${given}`;
  if (persian && rng() < 0.15) full = arabicKeyboard(full);
  if (persian && rng() < 0.08) full = decorate(rng, full);
  rec.full_name = full;
  if (source === "fa1" || source === "en2") {
    rec.first_name = persian ? (full.split(" ").length === 2 ? full.split(" ")[0]! : given) : given;
    rec.last_name = persian ? (full.split(" ").length === 2 ? full.split(" ")[1]! : surname) : surname;
  }
  rec.father_name = father;
  if (rng() < 0.6) rec.gender = persian ? (p.male ? "مرد" : "زن") : p.male ? "male" : "female";
  const deathShift = rng() < 0.03 ? 1 : 0; // conversion slips by a day now and then
  if (rng() < 0.95) rec.death_date = persian ? jalaliText(rng, p.death + deathShift, true) : gregorianText(rng, p.death + deathShift, true);
  const r = rng();
  if (r < 0.5) rec.birth = persian ? jalaliText(rng, p.birth, rng() < 0.4) : gregorianText(rng, p.birth, rng() < 0.3);
  else if (r < 0.8) {
    const age = Math.floor((p.death - p.birth) / 365.25);
    rec.age = persian ? localDigits(String(age), pick(rng, ["persian", "ascii"] as const)) : String(age);
  }
  if (p.city && rng() < 0.85) rec.city = persian ? (rng() < 0.05 ? typo(rng, p.city.fa) : p.city.fa) : pick(rng, p.city.latin);
  if (p.prison && rng() < 0.5) rec.prison = persian ? p.prison.fa : pick(rng, p.prison.latin);
  if (persian && rng() < 0.15) {
    rec.father_name = arabicKeyboard(rec.father_name ?? "");
    rec.city = arabicKeyboard(rec.city ?? "");
    rec.prison = arabicKeyboard(rec.prison ?? "");
  }
  return rec;
}

/** Generated lists with the truth. */
export interface SyntheticLists {
  readonly records: Record<string, string>[];
  readonly truth: { record_id: string; entity_id: string; source: string }[];
}

const INCLUSION: Readonly<Record<Source, number>> = { fa1: 0.55, fa2: 0.45, en1: 0.45, en2: 0.3 };

/**
 * Generates about `records` records of fictional victims in four lists.
 * @example generateVictimLists({ records: 1000, seed: 7 }).records.length // ≈ 1000
 */
export function generateVictimLists(opts: { records: number; seed: number }): SyntheticLists {
  const rng = createRng(opts.seed);
  const people: Person[] = [];
  const out: { rec: Record<string, string>; entity: string; key: number }[] = [];
  let e = 0;
  while (out.length < opts.records) {
    const person = makePerson(rng, `E${String(e++).padStart(6, "0")}`);
    people.push(person);
    const family = [person];
    if (rng() < 0.15) {
      const siblings = 1 + randomInt(rng, 2);
      for (let s = 0; s < siblings; s++) family.push(makePerson(rng, `E${String(e++).padStart(6, "0")}`, person));
    }
    for (const p of family) {
      const sources = (Object.keys(INCLUSION) as Source[]).filter((s) => rng() < INCLUSION[s]);
      if (sources.length === 0) sources.push(pick(rng, ["fa1", "en1"] as const));
      for (const s of sources) {
        out.push({ rec: render(rng, p, s), entity: p.entity, key: rng() });
        if (rng() < 0.03) out.push({ rec: render(rng, p, s), entity: p.entity, key: rng() });
      }
    }
  }
  // Record order and ids carry no label, as in the benchmark.
  out.sort((a, b) => a.key - b.key);
  const records: Record<string, string>[] = out.map((o, k) => ({ ...o.rec, record_id: `r${String(k).padStart(7, "0")}` }));
  return {
    records,
    truth: records.map((r, k) => ({ record_id: r.record_id ?? "", entity_id: out[k]!.entity, source: r.source ?? "" })),
  };
}
