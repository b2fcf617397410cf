/**
 * Month names for display (English and Persian) and the spelling variants the parser accepts.
 * Variants come from transliteration habits in English-language sources and from Persian typing habits.
 */
import { keyOfFolded, nameKey } from "./normalize.ts";
import type { Calendar } from "./partial-date.schema.ts";

/** The Solar Hijri months in order (1 = Farvardin), in English transliteration and Persian script. */
export const jalaliMonthNames = Object.freeze({
  en: Object.freeze([
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
  ]),
  fa: Object.freeze([
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
  ]),
});

/** The Gregorian months in order, in English and in Persian usage. */
export const gregorianMonthNames = Object.freeze({
  en: Object.freeze([
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ]),
  fa: Object.freeze([
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
  ]),
});

/** The Lunar Hijri months in order (1 = Muharram), in English transliteration and Persian script. */
export const hijriMonthNames = Object.freeze({
  en: Object.freeze([
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Awwal",
    "Jumada al-Thani",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qadah",
    "Dhu al-Hijjah",
  ]),
  fa: Object.freeze([
    "محرم",
    "صفر",
    "ربیع‌الاول",
    "ربیع‌الثانی",
    "جمادی‌الاول",
    "جمادی‌الثانی",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذی‌القعده",
    "ذی‌الحجه",
  ]),
});

const DISPLAY: Record<Calendar, { en: readonly string[]; fa: readonly string[] }> = {
  jalali: jalaliMonthNames,
  gregorian: gregorianMonthNames,
  hijri: hijriMonthNames,
};

/** The display name of a month (1-12) in a calendar and language. */
export function monthName(calendar: Calendar, month: number, lang: "en" | "fa"): string {
  return DISPLAY[calendar][lang][month - 1] ?? String(month);
}

// Extra spellings per month (index 0 = month 1), beyond the display names above.
const JALALI_VARIANTS: readonly (readonly string[])[] = [
  ["Farvardeen", "Farwardin", "Favardin"],
  ["Ordibehest", "Ordibehisht", "Ordibehesht", "Ordibehecht", "Ardibehesht", "Urdibihisht"],
  ["Khordaad", "Khurdad", "Khordad", "Xordad"],
  ["Teer"],
  ["Mordaad", "Amordad", "Murdad", "Mourdad", "امرداد"],
  ["Shahrivar", "Shahrewar", "Shahriver", "Shahrivaar", "Shahrivar", "Shahriwar"],
  ["Mihr", "Mehr"],
  ["Aabaan", "Abaan", "Aaban"],
  ["Aazar", "Azar", "Adhar"],
  ["Day", "Dei", "Dai", "Dee"],
  ["Bahmann"],
  ["Esfand", "Isfand", "Espand", "Esfaand", "Asfand"],
];

const GREGORIAN_VARIANTS: readonly (readonly string[])[] = [
  ["Jan", "ژانویهٔ", "جانویه", "ینایر", "يناير"],
  ["Feb", "فبرایر", "فبراير"],
  ["Mar", "مارچ"],
  ["Apr", "آپریل", "ابریل", "أبريل"],
  ["می", "مای", "مایو", "مايو"],
  ["Jun", "جون", "یونیو", "يونيو"],
  ["Jul", "جولای", "ژوییه", "یولیو", "يوليو"],
  ["Aug", "آگوست", "اگوست", "اوگوست", "أغسطس"],
  ["Sep", "Sept", "سپتامبر"],
  ["Oct", "اکتبر", "أكتوبر"],
  ["Nov", "نوامبر", "نوفمبر"],
  ["Dec", "دسامبر", "دیسمبر", "ديسمبر"],
];

const HIJRI_VARIANTS: readonly (readonly string[])[] = [
  ["Moharram", "Muharam", "Moharam", "Muharram al-Haram"],
  ["Saphar", "Sefer"],
  [
    "Rabi I",
    "Rabi al-Awal",
    "Rabi ul-Awwal",
    "Rabiol-Avval",
    "Rabi al-Avval",
    "Rabi-ol-Avval",
    "ربیع‌الاوّل",
    "ربیع‌الاولی",
  ],
  [
    "Rabi II",
    "Rabi al-Akhir",
    "Rabi al-Sani",
    "Rabi ul-Thani",
    "Rabi os-Sani",
    "Rabiol-Sani",
    "Rabi-os-Sani",
    "ربیع‌الآخر",
    "ربیع‌الثانیه",
  ],
  [
    "Jumada I",
    "Jumada al-Ula",
    "Jamadi al-Awwal",
    "Jamadi ol-Avval",
    "Jamadiol-Avval",
    "جمادی‌الاولی",
    "جمادی‌الاوّل",
  ],
  [
    "Jumada II",
    "Jumada al-Akhirah",
    "Jumada al-Akhira",
    "Jamadi al-Thani",
    "Jamadi os-Sani",
    "Jamadios-Sani",
    "جمادی‌الآخر",
    "جمادی‌الثانیه",
    "جمادی‌الاخری",
  ],
  ["Rajab al-Murajjab"],
  ["Sha'ban", "Shaaban", "Shaban al-Moazzam"],
  ["Ramazan", "Ramadhan", "Ramzan", "رمضان المبارک"],
  ["Shavval", "Shawal", "Shaval"],
  [
    "Dhu al-Qa'dah",
    "Dhul-Qadah",
    "Dhu al-Qidah",
    "Dhul-Qi'dah",
    "Zulqadah",
    "Zi-Qadeh",
    "Zilqadeh",
    "Dhu'l-Qa'da",
    "ذیقعده",
    "ذوالقعده",
  ],
  [
    "Dhu al-Hijja",
    "Dhul-Hijjah",
    "Dhu'l-Hijja",
    "Zulhijjah",
    "Zi-Hajjeh",
    "Zilhajjeh",
    "Zilhijjah",
    "ذیحجه",
    "ذوالحجه",
  ],
];

/** What a month name means: its calendar and number. */
export interface MonthMatch {
  calendar: Calendar;
  month: number;
}

function buildLookup(): ReadonlyMap<string, MonthMatch> {
  const map = new Map<string, MonthMatch>();
  const add = (calendar: Calendar, names: readonly (readonly string[])[]) =>
    names.forEach((list, i) => {
      for (const name of list) {
        const key = nameKey(name);
        const known = map.get(key);
        // A spelling shared by two months would make dates silently wrong: fail at load, in every test.
        if (known && (known.calendar !== calendar || known.month !== i + 1)) {
          throw new Error(`month name "${name}" is ambiguous`);
        }
        map.set(key, { calendar, month: i + 1 });
      }
    });
  for (const calendar of ["jalali", "gregorian", "hijri"] as const) {
    add(
      calendar,
      DISPLAY[calendar].en.map((n) => [n]),
    );
    add(
      calendar,
      DISPLAY[calendar].fa.map((n) => [n]),
    );
  }
  add("jalali", JALALI_VARIANTS);
  add("gregorian", GREGORIAN_VARIANTS);
  add("hijri", HIJRI_VARIANTS);
  return map;
}

const LOOKUP = buildLookup();

/** The longest month name, in words, so the parser knows how many tokens to try joining. */
export const MAX_MONTH_NAME_WORDS = 4;

/**
 * Looks up a month name typed in any supported spelling, script or case.
 * @param text one or more words, e.g. "Mordad", "مرداد", "Rabi al-Awwal"
 * @returns the calendar and month number, or undefined when it is not a known month name
 */
export function lookupMonthName(text: string): MonthMatch | undefined {
  return LOOKUP.get(nameKey(text));
}

/** {@link lookupMonthName} for text the parser has already folded (skips folding it again). */
export function lookupFoldedMonthName(folded: string): MonthMatch | undefined {
  return LOOKUP.get(keyOfFolded(folded));
}
