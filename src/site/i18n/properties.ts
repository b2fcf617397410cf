/** Display names of claim properties and entity types, in Persian and English. */
import type { Lang } from "../../i18n/index.ts";

// Maps, not objects: properties are named by editors and importers, and a plain object would
// answer a property called "constructor" with Object.prototype.constructor (issue 13).
const PROPS: ReadonlyMap<string, readonly [en: string, fa: string]> = new Map(Object.entries({
  name: ["Name", "نام"],
  father_name: ["Father's name", "نام پدر"],
  birth_date: ["Born", "تولد"],
  death_date: ["Died", "درگذشت"],
  gender: ["Gender", "جنسیت"],
  city: ["City", "شهر"],
  prison: ["Prison", "زندان"],
  title: ["Title", "عنوان"],
  date: ["Date", "تاریخ"],
  event_type: ["Kind of event", "نوع رویداد"],
  part_of: ["Part of", "بخشی از"],
  place: ["Place", "مکان"],
  victim_count_known: ["Known victims", "جان‌باختگان شناخته‌شده"],
  death_toll: ["Death toll", "شمار کشته‌شدگان"],
  commission_count: ["Commissions", "شمار هیئت‌ها"],
  place_type: ["Kind of place", "نوع مکان"],
  located_in: ["Located in", "واقع در"],
  coordinates: ["Coordinates", "مختصات"],
  alias: ["Also called", "نام دیگر"],
  organization_type: ["Kind of organization", "نوع سازمان"],
  source_type: ["Kind of source", "نوع منبع"],
  published: ["Published", "انتشار"],
  updated: ["Updated", "به‌روزرسانی"],
  publisher: ["Publisher", "ناشر"],
  author: ["Author", "نویسنده"],
  url: ["Address", "نشانی"],
  compiled_by: ["Compiled by", "گردآورنده"],
  source: ["Source", "منبع"],
  holder: ["Held by", "دارنده"],
  position: ["Position", "سمت"],
  organization: ["Organization", "سازمان"],
  start: ["From", "از"],
  end: ["To", "تا"],
  role: ["Role", "نقش"],
  member: ["Member", "عضو"],
  superior: ["Superior", "بالادست"],
  subordinate: ["Subordinate", "زیردست"],
  detainee: ["Detainee", "بازداشتی"],
  from_event: ["Since", "از رویداد"],
  participant: ["Participant", "شرکت‌کننده"],
  event: ["Event", "رویداد"],
  accused: ["Accused", "متهم"],
  court: ["Court", "دادگاه"],
  charge: ["Charge", "اتهام"],
  filed: ["Filed", "تاریخ شکایت"],
  judgment: ["Judgment", "رأی"],
  trial_opened: ["Trial opened", "آغاز دادرسی"],
  outcome: ["Outcome", "نتیجه"],
  about: ["About", "دربارهٔ"],
  tag: ["Tag", "برچسب"],
  cites: ["Cites", "استناد"],
  label: ["Label", "برچسب"],
  summary: ["Summary", "خلاصه"],
  age: ["Age", "سن"],
  death_place: ["Place of death", "محل درگذشت"],
  notes: ["Notes", "یادداشت"],
  note: ["Note", "یادداشت"],
  age_at_death: ["Age at death", "سن هنگام مرگ"],
  burial_place: ["Place of burial", "محل خاک‌سپاری"],
} satisfies Record<string, [en: string, fa: string]>));

const TYPES: ReadonlyMap<string, readonly [en: string, fa: string]> = new Map(Object.entries({
  person: ["People", "افراد"],
  organization: ["Organizations", "سازمان‌ها"],
  place: ["Places", "مکان‌ها"],
  event: ["Events", "رویدادها"],
  position: ["Positions", "سمت‌ها"],
  source: ["Sources", "منابع"],
  list: ["Lists", "فهرست‌ها"],
  article: ["Articles", "نوشته‌ها"],
  tag: ["Tags", "برچسب‌ها"],
  detention: ["Detentions", "بازداشت‌ها"],
  membership: ["Memberships", "عضویت‌ها"],
  occupancy: ["Positions held", "سمت‌ها"],
  command: ["Chain of command", "زنجیرهٔ فرماندهی"],
  participation: ["Participation in events", "حضور در رویدادها"],
  legal_case: ["Legal cases", "پرونده‌های حقوقی"],
} satisfies Record<string, [en: string, fa: string]>));

/** The display name of a claim property (falls back to the property with spaces). */
export function propertyName(lang: Lang, property: string): string {
  const p = PROPS.get(property);
  return p ? p[lang === "en" ? 0 : 1] : property.replace(/_/g, " ");
}

/** The plural display name of an entity type. */
export function typeName(lang: Lang, type: string): string {
  const p = TYPES.get(type);
  return p ? p[lang === "en" ? 0 : 1] : type.replace(/_/g, " ");
}
