/**
 * Interface strings of a memorial page's summary, in Persian and English (kept apart from
 * `strings.ts` so that the summary's words stay together).
 */
import { num, type Lang } from "../../i18n/index.ts";

const EN = {
  summary: "What the sources say, in brief",
  summaryNote: "Each value says how many of the sources that give it agree; the numbers lead to the sources.",
  sourcesDiffer: "sources differ",
  ofList: "list",
  ofLists: "lists",
  ofSource: "source",
  ofSources: "sources",
  of: "of",
} as const;

type Key = keyof typeof EN;

const FA: Record<Key, string> = {
  summary: "آنچه منابع می‌گویند، به کوتاهی",
  summaryNote: "کنار هر مقدار آمده است که چند منبع از منابعی که آن را گزارش کرده‌اند با آن هم‌داستان‌اند؛ شماره‌ها به منابع می‌رسند.",
  sourcesDiffer: "منابع هم‌داستان نیستند",
  // Persian counts with the singular noun ("۳ از ۴ فهرست").
  ofList: "فهرست",
  ofLists: "فهرست",
  ofSource: "منبع",
  ofSources: "منبع",
  of: "از",
};

/** A summary string in a language. */
export function ms(lang: Lang, key: Key): string {
  return (lang === "en" ? EN : FA)[key];
}

/** "3 of 4 lists" (or "sources") in the reader's language and digits. */
export function agreementText(lang: Lang, agreeing: number, total: number, lists: boolean): string {
  const noun = lists ? (total === 1 ? "ofList" : "ofLists") : total === 1 ? "ofSource" : "ofSources";
  return `${num(lang, agreeing)} ${ms(lang, "of")} ${num(lang, total)} ${ms(lang, noun)}`;
}
