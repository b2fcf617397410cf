/**
 * Interface strings of finding people (issue 12) in Persian and English: the search filters, the
 * details under a hit, the letter index, officials and a list's names. Kept apart from
 * `strings.ts` so that the two tables grow without touching each other.
 */
import type { Lang } from "../../i18n/index.ts";

const EN = {
  filters: "Filters",
  anyValue: "Any",
  prison: "Prison",
  city: "City",
  list: "List",
  gender: "Gender",
  role: "Role",
  yearOfDeath: "Year of death",
  calendar: "Calendar",
  jalali: "Solar Hijri",
  gregorian: "Gregorian",
  female: "Female",
  male: "Male",
  victim: "Victim",
  official: "Official",
  witness: "Witness",
  born: "born",
  died: "died",
  onLists: "named on",
  results: "results",
  moreThan: "more than",
  noMatch: "No public record matches these filters.",
  findHint: "Choose filters or type a name; filters alone list every matching person.",
  byLetter: "People by first letter",
  letterTitle: "People: {l}",
  officials: "Officials",
  officialsIntro: "People who held a position or were accused in a legal case.",
  namesOnList: "Names on this list",
  allNamesOnList: "All names on this list",
  namesOnListTitle: "Names on {l}",
  noNames: "No public names on this list yet.",
};

const FA: Record<keyof typeof EN, string> = {
  filters: "پالایه‌ها",
  anyValue: "همه",
  prison: "زندان",
  city: "شهر",
  list: "فهرست",
  gender: "جنسیت",
  role: "نقش",
  yearOfDeath: "سال درگذشت",
  calendar: "تقویم",
  jalali: "هجری خورشیدی",
  gregorian: "میلادی",
  female: "زن",
  male: "مرد",
  victim: "جان‌باخته",
  official: "مقام رسمی",
  witness: "شاهد",
  born: "زاده",
  died: "درگذشته",
  onLists: "نام‌برده در",
  results: "نتیجه",
  moreThan: "بیش از",
  noMatch: "هیچ رکورد عمومی‌ای با این پالایه‌ها نمی‌خواند.",
  findHint: "پالایه‌ای برگزینید یا نامی بنویسید؛ پالایه‌ها به‌تنهایی همهٔ افراد هم‌خوان را فهرست می‌کنند.",
  byLetter: "افراد به ترتیب حرف نخست",
  letterTitle: "افراد: {l}",
  officials: "مقام‌ها",
  officialsIntro: "کسانی که سمتی داشته‌اند یا در پرونده‌ای حقوقی متهم بوده‌اند.",
  namesOnList: "نام‌های این فهرست",
  allNamesOnList: "همهٔ نام‌های این فهرست",
  namesOnListTitle: "نام‌های {l}",
  noNames: "هنوز نام عمومی‌ای در این فهرست نیست.",
};

/** A key of the finding strings. */
export type FindStringKey = keyof typeof EN;

const TABLES: Record<Lang, Record<FindStringKey, string>> = { en: EN, fa: FA };

/** The finding string for a key in a language, with `{l}` replaced when given. */
export function tf(lang: Lang, key: FindStringKey, l?: string): string {
  const s = TABLES[lang][key];
  return l === undefined ? s : s.replace("{l}", l);
}
