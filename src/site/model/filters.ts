/**
 * The public search form's filters, read from a GET query (no JavaScript needed): each field is
 * validated on its own and a value that does not fit is ignored, so a hand-edited address shows
 * results for what it says correctly rather than an error. Pure: no I/O.
 */
import { z } from "zod";
import { parseDate, toAsciiDigits } from "../../dates/index.ts";
import type { Lang } from "../../i18n/index.ts";

/** The roles a person can be filtered by (what the public claims say of them). */
export const ROLES = ["victim", "official", "witness"] as const;
/** A role of the filter. */
export type Role = (typeof ROLES)[number];
/** The genders the importer and the demo write (`gender` claims). */
export const GENDERS = ["female", "male"] as const;
/** The calendars a year of death may be given in. */
export const YEAR_CALENDARS = ["jalali", "gregorian"] as const;

/** How many hits one page of results shows. */
export const HITS_PER_PAGE = 20;
/** The last page a visitor may ask for (deep offsets cost the database and help no reader). */
export const MAX_PAGE = 200;

const Id = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/);
const Field = {
  q: z.string().transform((s) => s.trim().slice(0, 200)),
  prison: Id,
  city: Id,
  list: Id,
  gender: z.enum(GENDERS),
  role: z.enum(ROLES),
  year: z
    .string()
    .transform((s) => toAsciiDigits(s.trim()))
    .pipe(z.string().regex(/^\d{3,4}$/))
    .transform(Number)
    .pipe(z.number().int().min(1200).max(2100)),
  cal: z.enum(YEAR_CALENDARS),
  page: z
    .string()
    .transform((s) => toAsciiDigits(s.trim()))
    .pipe(z.string().regex(/^\d{1,4}$/))
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE)),
};

/** What the visitor asked for; absent fields do not filter. */
export interface FindQuery {
  q: string;
  prison?: string | undefined;
  city?: string | undefined;
  list?: string | undefined;
  gender?: (typeof GENDERS)[number] | undefined;
  role?: Role | undefined;
  year?: number | undefined;
  cal: (typeof YEAR_CALENDARS)[number];
  page: number;
}

function pick<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  const r = schema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/**
 * Reads the filters from a request's query parameters. The calendar of the year defaults to the
 * page's main calendar (Solar Hijri on Persian pages).
 */
export function parseFindQuery(get: (name: string) => string | undefined, lang: Lang): FindQuery {
  return {
    q: pick(Field.q, get("q")) ?? "",
    prison: pick(Field.prison, get("prison")),
    city: pick(Field.city, get("city")),
    list: pick(Field.list, get("list")),
    gender: pick(Field.gender, get("gender")),
    role: pick(Field.role, get("role")),
    year: pick(Field.year, get("year")),
    cal: pick(Field.cal, get("cal")) ?? (lang === "fa" ? "jalali" : "gregorian"),
    page: pick(Field.page, get("page")) ?? 1,
  };
}

/** True when any filter besides the text is set. */
export function hasFilters(f: FindQuery): boolean {
  return [f.prison, f.city, f.list, f.gender, f.role, f.year].some((v) => v !== undefined);
}

/** The Gregorian days (inclusive, ISO) a year covers in its calendar; undefined when it has none. */
export function yearSpan(year: number, cal: FindQuery["cal"]): { from: string; to: string } | undefined {
  try {
    const d = parseDate(String(year), { calendar: cal });
    return { from: d.earliest, to: d.latest };
  } catch {
    return undefined;
  }
}

/** The query string of a search (only the fields set), with another page. */
export function findQueryString(f: FindQuery, page: number): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  for (const k of ["prison", "city", "list", "gender", "role"] as const) {
    const v = f[k];
    if (v) p.set(k, v);
  }
  if (f.year !== undefined) {
    p.set("year", String(f.year));
    p.set("cal", f.cal);
  }
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `?${s}` : "";
}
