/**
 * Enumerated claim values (gender, roles, kinds of event, place, organization and source,
 * confidence, status) in Persian and English. Stored values are English words or snake_case
 * codes; a Persian page must never show them raw.
 */
import type { Lang } from "../../i18n/index.ts";

type Pair = readonly [en: string, fa: string];

// Maps, not objects: values are written by editors and importers, and a plain object would answer
// a value called "constructor" with Object.prototype.constructor (issue 13).
const GENDERS: ReadonlyMap<string, Pair> = new Map(Object.entries({
  male: ["male", "مرد"],
  female: ["female", "زن"],
  unknown: ["unknown", "نامعلوم"],
} satisfies Record<string, Pair>));

const ROLES: ReadonlyMap<string, Pair> = new Map(Object.entries({
  victim: ["victim", "جان‌باخته"],
  defendant: ["defendant", "متهم"],
  witness: ["witness", "شاهد"],
  executor: ["executor", "مجری اعدام"],
  arrested: ["arrested", "بازداشت‌شده"],
  buried: ["buried", "به خاک سپرده"],
  commission_member: ["commission member", "عضو هیئت"],
  religious_judge: ["religious judge", "حاکم شرع"],
  "religious judge": ["religious judge", "حاکم شرع"],
  prosecutor: ["prosecutor", "دادستان"],
  intelligence_representative: ["intelligence representative", "نمایندهٔ اطلاعات"],
  "intelligence representative": ["intelligence representative", "نمایندهٔ اطلاعات"],
  member: ["member", "عضو"],
  detainee: ["detainee", "بازداشتی"],
  accused: ["accused", "متهم"],
  judge: ["judge", "قاضی"],
  participant: ["participant", "شرکت‌کننده"],
} satisfies Record<string, Pair>));

const EVENT_TYPES: ReadonlyMap<string, Pair> = new Map(Object.entries({
  execution: ["execution", "اعدام"],
  commission_sitting: ["commission sitting", "نشست هیئت"],
  arrest: ["arrest", "بازداشت"],
  burial: ["burial", "خاک‌سپاری"],
  trial: ["trial", "دادرسی"],
  transfer: ["transfer", "انتقال"],
  testimony: ["testimony", "شهادت"],
} satisfies Record<string, Pair>));

const PLACE_TYPES: ReadonlyMap<string, Pair> = new Map(Object.entries({
  city: ["city", "شهر"],
  prison: ["prison", "زندان"],
  burial_site: ["burial site", "محل خاک‌سپاری"],
  province: ["province", "استان"],
  country: ["country", "کشور"],
} satisfies Record<string, Pair>));

const ORGANIZATION_TYPES: ReadonlyMap<string, Pair> = new Map(Object.entries({
  state_body: ["state body", "نهاد دولتی"],
  court: ["court", "دادگاه"],
  documentation_group: ["documentation group", "گروه مستندسازی"],
  research_group: ["research group", "گروه پژوهشی"],
  publisher: ["publisher", "ناشر"],
} satisfies Record<string, Pair>));

const SOURCE_TYPES: ReadonlyMap<string, Pair> = new Map(Object.entries({
  list: ["list", "فهرست"],
  report: ["report", "گزارش"],
  register: ["register", "دفتر ثبت"],
  court_document: ["court document", "سند دادگاه"],
  testimony: ["testimony", "شهادت"],
  article: ["article", "نوشته"],
} satisfies Record<string, Pair>));

const CONFIDENCES: ReadonlyMap<string, Pair> = new Map(Object.entries({
  low: ["low", "کم"],
  medium: ["medium", "متوسط"],
  high: ["high", "زیاد"],
} satisfies Record<string, Pair>));

const STATUSES: ReadonlyMap<string, Pair> = new Map(Object.entries({
  asserted: ["asserted", "ادعاشده"],
  contested: ["contested", "مورد اختلاف"],
  retracted: ["retracted", "پس‌گرفته"],
} satisfies Record<string, Pair>));

// Units of number values ("3 people").
const UNITS: ReadonlyMap<string, Pair> = new Map(Object.entries({
  people: ["people", "نفر"],
  persons: ["persons", "نفر"],
  commissions: ["commissions", "هیئت"],
  years: ["years", "سال"],
  days: ["days", "روز"],
} satisfies Record<string, Pair>));

/** The display of the unit of a number value; a unit not in the vocabulary is shown as written. */
export function unitLabel(lang: Lang, unit: string): string {
  const pair = UNITS.get(unit);
  return pair ? pair[lang === "en" ? 0 : 1] : unit;
}

/** Which claim properties hold a value of a closed vocabulary, and which one. */
const VOCABULARY_OF: ReadonlyMap<string, ReadonlyMap<string, Pair>> = new Map([
  ["gender", GENDERS],
  ["role", ROLES],
  ["event_type", EVENT_TYPES],
  ["place_type", PLACE_TYPES],
  ["organization_type", ORGANIZATION_TYPES],
  ["source_type", SOURCE_TYPES],
  ["confidence", CONFIDENCES],
  ["status", STATUSES],
]);

/** True when values of this claim property come from a closed vocabulary (and are translated). */
export function isEnumerated(property: string): boolean {
  return VOCABULARY_OF.has(property);
}

/**
 * The display of an enumerated value in a language; an unknown value (not in the vocabulary) is
 * shown as written, since it is then an editor's own words rather than a code.
 */
export function enumLabel(lang: Lang, property: string, value: string): string {
  const pair = VOCABULARY_OF.get(property)?.get(value) ?? VOCABULARY_OF.get(property)?.get(value.trim().toLowerCase());
  return pair ? pair[lang === "en" ? 0 : 1] : value;
}

/** Every vocabulary with its codes and labels (tests look for the English ones on Persian pages). */
export const VOCABULARIES: readonly ReadonlyMap<string, Pair>[] = [...VOCABULARY_OF.values(), UNITS];
