/** The fictionality notice in both languages, shared by the assembler, articles and archive files. */
export const DEMO_NOTICE_TEXT = {
  en: "This collection is fictional: every person in it is invented. Places and calendars are real; names, lists, events, officials, cases and sources are not.",
  fa: "این مجموعه خیالی است: همهٔ افراد آن ساختگی‌اند. مکان‌ها و تقویم‌ها واقعی‌اند، اما نام‌ها، فهرست‌ها، رویدادها، مقام‌ها، پرونده‌ها و منابع ساختگی‌اند.",
} as const;
