export { isLang, type Lang, digits, mainCalendar, LANGS, num, bothCalendars, dirOf, otherLang } from "./lang.ts";
export { formatBytes, formatWhen } from "./format.ts";
