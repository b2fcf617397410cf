/**
 * The `PartialDate` domain value: what a source said (original text, calendar, precision, qualifier)
 * plus a normalized Gregorian interval `[earliest, latest]` that queries can compare as plain strings.
 */
import { z } from "zod";

/** The calendars a source may use: Gregorian, Solar Hijri (Jalali) and Lunar Hijri (Umm al-Qura). */
export const CALENDARS = ["gregorian", "jalali", "hijri"] as const;
/** How much of the date the source gave. */
export const PRECISIONS = ["year", "month", "day"] as const;
/** How the source qualified the date. */
export const QUALIFIERS = ["exact", "about", "before", "after", "between"] as const;

/**
 * The open lower bound of "before X": the first day ISO-8601 strings can express with four digits.
 * A real value (not null) so that `earliest <= :to AND latest >= :from` needs no NULL handling.
 */
export const OPEN_START = "0001-01-01";
/** The open upper bound of "after X" (see {@link OPEN_START}). */
export const OPEN_END = "9999-12-31";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One end of a date in its entry calendar: a year, optionally a month, optionally a day. */
export const DatePartsSchema = z.object({
  year: z.number().int(),
  month: z.number().int().min(1).max(12).optional(),
  day: z.number().int().min(1).max(31).optional(),
});

/** A calendar-aware partial date; validated at every boundary (API, CSV import, stored JSON). */
export const PartialDateSchema = z
  .object({
    original: z.string(),
    calendar: z.enum(CALENDARS),
    precision: z.enum(PRECISIONS),
    qualifier: z.enum(QUALIFIERS),
    year: z.number().int(),
    month: z.number().int().min(1).max(12).optional(),
    day: z.number().int().min(1).max(31).optional(),
    end: DatePartsSchema.optional(),
    earliest: z.string().regex(ISO_DAY, "must be YYYY-MM-DD"),
    latest: z.string().regex(ISO_DAY, "must be YYYY-MM-DD"),
  })
  .superRefine((d, ctx) => {
    // The fields must agree with the precision, or displays and intervals would disagree.
    const expected = d.day !== undefined ? "day" : d.month !== undefined ? "month" : "year";
    if (d.day !== undefined && d.month === undefined) {
      ctx.addIssue({ code: "custom", path: ["month"], message: "a day needs a month" });
    }
    if (d.precision !== expected) {
      ctx.addIssue({
        code: "custom",
        path: ["precision"],
        message: `must be "${expected}" for the given fields`,
      });
    }
    if ((d.qualifier === "between") !== (d.end !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["end"],
        message: 'is required exactly when the qualifier is "between"',
      });
    }
    if (d.earliest > d.latest) {
      ctx.addIssue({ code: "custom", path: ["latest"], message: "must not be before earliest" });
    }
  });

/** A calendar-aware partial date with its normalized Gregorian interval. */
export type PartialDate = z.infer<typeof PartialDateSchema>;
/** One of {@link CALENDARS}. */
export type Calendar = PartialDate["calendar"];
/** One of {@link PRECISIONS}. */
export type Precision = PartialDate["precision"];
/** One of {@link QUALIFIERS}. */
export type Qualifier = PartialDate["qualifier"];
/** A year with optional month and day, in some calendar. */
export type DateParts = z.infer<typeof DatePartsSchema>;
