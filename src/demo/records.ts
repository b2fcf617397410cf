/**
 * Renders one true victim as one list's row, in that list's script, calendar and habits.
 * Each list has a "style" so the four lists differ the way real ones do (which columns they
 * fill, how they write names and dates), with typos and small factual errors on top.
 */
import {
  addDays,
  daysBetween,
  gregorianDate,
  jalaliDate,
  type DigitStyle,
  type GregorianFormat,
  type JalaliFormat,
} from "./dates.ts";
import { placeById } from "./places.ts";
import type { Rng } from "./rng.ts";
import { latinVariant, persianVariant, typo } from "./spelling.ts";
import type { DemoDate, DemoListId, DemoListRecord } from "./types.ts";
import type { Victim } from "./victims.ts";

/** What the generator remembers about a rendered row, for sourced claims on featured people. */
export interface RecordMeta {
  victim: number;
  death?: DemoDate;
  /** Prison id the row names, if any. */
  prison?: string;
}

/** A rendered row plus its meta. */
export interface RenderedRecord {
  row: DemoListRecord;
  meta: RecordMeta;
}

// Weight tables hoisted so 100,000-row runs do not allocate them per row.
const FA_DIGITS = [
  ["persian", 70],
  ["ascii", 25],
  ["arabic", 5],
] as const;
const FA1_BIRTH = [
  ["year", 60],
  ["full", 15],
  ["age", 10],
  ["none", 15],
] as const;
const FA2_BIRTH = [
  ["year", 40],
  ["age", 25],
  ["none", 35],
] as const;
const FA1_DEATH: readonly (readonly [JalaliFormat, number])[] = [
  ["slash", 55],
  ["words", 25],
  ["month", 15],
  ["year", 5],
];
const FA2_DEATH: readonly (readonly [JalaliFormat, number])[] = [
  ["slash", 30],
  ["words", 35],
  ["month", 30],
  ["year", 5],
];
const EN1_DEATH: readonly (readonly [GregorianFormat, number])[] = [
  ["iso", 40],
  ["dmy", 20],
  ["month", 28],
  ["year", 12],
];
const EN2_DEATH: readonly (readonly [GregorianFormat, number])[] = [
  ["mdy", 40],
  ["month", 40],
  ["iso", 20],
];
const EN1_BIRTH = [
  ["year", 30],
  ["full", 10],
  ["age", 35],
  ["none", 25],
] as const;

const FA_NOTES = [
  "به گفتهٔ خانواده",
  "خانواده در آذر ۱۳۶۷ مطلع شد",
  "محل دفن نامعلوم",
  "با برادرش اعدام شد",
  "هوادار یک گروه مخالف",
  "دادگاه چند دقیقه طول کشید",
];
const EN_NOTES = [
  "per family",
  "family informed in late 1988",
  "burial place unknown",
  "executed with a brother",
  "sympathizer of an opposition group",
  "hearing lasted minutes",
  "belongings returned to family",
];
const CONFIDENTIAL_NOTES_FA = [
  "منبع: یکی از بستگان (نام محفوظ)",
  "شاهد هم‌بندی در خارج از کشور",
  "اطلاع از طریق نامهٔ خانوادگی",
];

function age(v: Victim): number {
  return Math.floor(daysBetween(v.birth, v.death) / 365.25);
}

// A few percent of rows carry a factual error: the kind a transcription or a family's memory makes.
function recordedDeath(v: Victim, rng: Rng): string {
  if (rng.chance(0.03)) return addDays(v.death, rng.pick([-1, 1, -30, 30]));
  return v.death;
}

function jalali(
  iso: string,
  rng: Rng,
  formats: readonly (readonly [JalaliFormat, number])[],
  digits: DigitStyle,
): DemoDate {
  return jalaliDate(iso, rng.weighted(formats), digits);
}

function faDigits(rng: Rng): DigitStyle {
  return rng.weighted(FA_DIGITS);
}

function faName(s: string, rng: Rng): string {
  const v = persianVariant(s, rng);
  return rng.chance(0.02) ? typo(v, rng) : v;
}

function enName(s: string, rng: Rng): string {
  const v = latinVariant(s, rng);
  return rng.chance(0.04) ? typo(v, rng) : v;
}

function faPlace(id: string, rng: Rng): string {
  const p = placeById(id);
  return rng.chance(0.3) && p.faVariants.length > 0 ? rng.pick(p.faVariants) : p.fa;
}

function enPlace(id: string, rng: Rng): string {
  const p = placeById(id);
  return rng.chance(0.4) && p.enVariants.length > 0 ? rng.pick(p.enVariants) : p.en;
}

const EMPTY: DemoListRecord = {
  record_id: "",
  full_name: "",
  first_name: "",
  last_name: "",
  father_name: "",
  gender: "",
  birth: "",
  age: "",
  death_date: "",
  death_place: "",
  city: "",
  prison: "",
  notes: "",
};

function renderFa1(v: Victim, rng: Rng): RenderedRecord {
  const digits = faDigits(rng);
  const first = faName(v.given.fa, rng);
  const last = faName(v.family.fa, rng);
  const death = rng.chance(0.95) ? jalali(recordedDeath(v, rng), rng, FA1_DEATH, digits) : undefined;
  const prison = rng.chance(0.6) ? v.prison : undefined;
  const birthKind = rng.weighted(FA1_BIRTH);
  const row: DemoListRecord = {
    ...EMPTY,
    full_name: `${first} ${last}`,
    first_name: rng.chance(0.9) ? first : "",
    last_name: rng.chance(0.9) ? last : "",
    father_name: rng.chance(0.7) ? faName(v.father.fa, rng) : "",
    gender: rng.chance(0.8) ? (v.gender === "male" ? "مرد" : "زن") : "",
    birth:
      birthKind === "year"
        ? jalaliDate(v.birth, "year", digits).text
        : birthKind === "full"
          ? jalaliDate(v.birth, "slash", digits).text
          : "",
    age: birthKind === "age" ? String(age(v)) : "",
    death_date: death?.text ?? "",
    death_place: rng.chance(0.4) ? faPlace(v.prison, rng) : "",
    city: rng.chance(0.85) ? placeById(v.city).fa : "",
    prison: prison ? faPlace(prison, rng) : "",
    notes: rng.chance(0.1) ? rng.pick(FA_NOTES) : "",
  };
  return { row, meta: { victim: v.index, ...(death ? { death } : {}), ...(prison ? { prison } : {}) } };
}

function renderFa2(v: Victim, rng: Rng): RenderedRecord {
  const digits = faDigits(rng);
  const death = rng.chance(0.9) ? jalali(recordedDeath(v, rng), rng, FA2_DEATH, digits) : undefined;
  const prison = rng.chance(0.7) ? v.prison : undefined;
  const birthKind = rng.weighted(FA2_BIRTH);
  const row: DemoListRecord = {
    ...EMPTY,
    full_name: `${faName(v.given.fa, rng)} ${faName(v.family.fa, rng)}`,
    father_name: rng.chance(0.8) ? faName(v.father.fa, rng) : "",
    gender: rng.chance(0.5) ? (v.gender === "male" ? "مرد" : "زن") : "",
    birth: birthKind === "year" ? jalaliDate(v.birth, "year", digits).text : "",
    age: birthKind === "age" ? String(age(v)) : "",
    death_date: death?.text ?? "",
    city: rng.chance(0.75) ? placeById(v.city).fa : "",
    prison: prison ? faPlace(prison, rng) : "",
    notes: rng.chance(0.15) ? rng.pick(CONFIDENTIAL_NOTES_FA) : "",
  };
  return { row, meta: { victim: v.index, ...(death ? { death } : {}), ...(prison ? { prison } : {}) } };
}

function gregorian(
  iso: string,
  rng: Rng,
  formats: readonly (readonly [GregorianFormat, number])[],
): DemoDate {
  return gregorianDate(iso, rng.weighted(formats));
}

function renderEn1(v: Victim, rng: Rng): RenderedRecord {
  const given = enName(v.given.en, rng);
  const family = enName(v.family.en, rng);
  const death = rng.chance(0.95) ? gregorian(recordedDeath(v, rng), rng, EN1_DEATH) : undefined;
  const prison = rng.chance(0.5) ? v.prison : undefined;
  const birthKind = rng.weighted(EN1_BIRTH);
  const row: DemoListRecord = {
    ...EMPTY,
    full_name: rng.chance(0.15) ? `${family} ${given}` : `${given} ${family}`,
    father_name: rng.chance(0.1) ? enName(v.father.en, rng) : "",
    gender: rng.chance(0.6) ? v.gender : "",
    birth: birthKind === "year" ? v.birth.slice(0, 4) : birthKind === "full" ? v.birth : "",
    age: birthKind === "age" ? String(age(v)) : "",
    death_date: death?.text ?? "",
    city: rng.chance(0.8) ? enPlace(v.city, rng) : "",
    prison: prison ? enPlace(prison, rng) : "",
    notes: rng.chance(0.05) ? rng.pick(EN_NOTES) : "",
  };
  return { row, meta: { victim: v.index, ...(death ? { death } : {}), ...(prison ? { prison } : {}) } };
}

function renderEn2(v: Victim, rng: Rng): RenderedRecord {
  const given = enName(v.given.en, rng);
  const family = enName(v.family.en, rng);
  const death = rng.chance(0.9) ? gregorian(recordedDeath(v, rng), rng, EN2_DEATH) : undefined;
  const prison = rng.chance(0.65) ? v.prison : undefined;
  const row: DemoListRecord = {
    ...EMPTY,
    full_name: `${family}, ${given}`,
    first_name: given,
    last_name: family,
    father_name: rng.chance(0.6) ? enName(v.father.en, rng) : "",
    gender: rng.chance(0.9) ? rng.pick(v.gender === "male" ? ["male", "M"] : ["female", "F"]) : "",
    birth: rng.chance(0.5) ? v.birth.slice(0, 4) : "",
    death_date: death?.text ?? "",
    death_place: rng.chance(0.3) ? enPlace(v.prison, rng) : "",
    city: rng.chance(0.8) ? enPlace(v.city, rng) : "",
    prison: prison ? enPlace(prison, rng) : "",
    notes: rng.chance(0.08) ? rng.pick(EN_NOTES) : "",
  };
  return { row, meta: { victim: v.index, ...(death ? { death } : {}), ...(prison ? { prison } : {}) } };
}

/** Renders victim `v` as a row of list `list` (without its `record_id`, assigned later). */
export function renderRecord(list: DemoListId, v: Victim, rng: Rng): RenderedRecord {
  switch (list) {
    case "fa1":
      return renderFa1(v, rng);
    case "fa2":
      return renderFa2(v, rng);
    case "en1":
      return renderEn1(v, rng);
    case "en2":
      return renderEn2(v, rng);
  }
}
