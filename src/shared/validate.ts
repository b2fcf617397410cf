import type { z } from "zod";
import { validationError } from "./errors.ts";

/**
 * Validates input with a zod schema, returning its typed value or throwing one validation error
 * that names the first offending field (`field: message`), as every boundary reports them.
 * `prefix` is prepended to the field name (the CLI names its options `--iterations`).
 * @throws SabtError validation_failed
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const path = i?.path.map(String).join(".") || "input";
  throw validationError(`${prefix}${path}: ${i?.message ?? "invalid"}`);
}
