import { z } from "zod";

/** A version number as a form or a query string carries it: digits only, 1 or more. */
const VersionNumber = z
  .string()
  .regex(/^[0-9]{1,9}$/, "a version number")
  .transform(Number)
  .pipe(z.number().int().min(1));

/** The two versions to compare (`?a=&b=`); either may be left out for the page's default. */
export const ComparePairSchema = z.object({
  a: VersionNumber.optional(),
  b: VersionNumber.optional(),
});
export type ComparePair = z.infer<typeof ComparePairSchema>;

/** The versions a revert form carries: the current one the member saw, the target, and the pair on screen. */
export const RevertVersionsSchema = z.object({
  version: VersionNumber,
  toVersion: VersionNumber,
  a: VersionNumber,
  b: VersionNumber,
});

/** Why a revert's reason was refused, for the message beside the field; undefined when it is fine. */
export function reasonProblem(reason: string): "missing" | "tooLong" | undefined {
  if (reason.trim() === "") return "missing";
  if (reason.length > 1000) return "tooLong";
  return undefined;
}
