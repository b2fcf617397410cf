/**
 * Quantities and moments for people, in a language's digits and calendar conventions: one place
 * for what the public site and the workspace both show (a file's size, when something happened).
 */
import { digits, type Lang } from "./lang.ts";

/** A size in bytes as people read it (`1.5 MiB`; `decimals: 0` gives `2 MiB`), in the language's digits. */
export function formatBytes(lang: Lang, n: number, decimals = 1): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${digits(lang, u === 0 ? String(v) : v.toFixed(decimals))} ${units[u]}`;
}

/** A date and time for people, in the language's calendar (Solar Hijri in Persian), in UTC. */
export function formatWhen(lang: Lang, d: Date): string {
  return new Intl.DateTimeFormat(lang === "fa" ? "fa-IR-u-ca-persian" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(d) + " UTC";
}
