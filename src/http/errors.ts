import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { isSabtError, type ErrorId } from "../shared/errors.ts";
import { Logger } from "../shared/logger.ts";

/** The JSON body of every API error. */
export function errorBody(id: ErrorId, message: string, details?: Record<string, unknown>) {
  return { error: { id, message, ...(details ? { details } : {}) } };
}

/** Formats the first validation issue as "field: message" (STYLE.md §8). */
export function formatZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * The path of the first string in a validated request value that PostgreSQL cannot store or
 * compare (a NUL character, or half of a surrogate pair), or undefined when there is none.
 * JSON and URLs can carry both, and each once reached the database as a 500.
 */
export function findUnstorableText(value: unknown, path: readonly (string | number)[] = []): string | undefined {
  if (typeof value === "string") return UNSTORABLE.test(value) ? path.join(".") || "input" : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findUnstorableText(v, [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = findUnstorableText(k, [...path, k]) ?? findUnstorableText(v, [...path, k]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True for PostgreSQL's "data exception" errors (SQLSTATE class 22: a value out of range, a
 * date that does not exist, a character the encoding cannot hold). They are caused by the
 * request's data, so they are the client's 400, not the server's 500; the schemas catch the
 * known cases first with a clearer message, this is the net under them.
 */
function isDataException(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * The one error handler: named errors become their status with id and message; anything else is
 * logged (without request data) and answered with a generic 500, never a stack trace.
 */
export function handleError(err: Error, c: Context): Response {
  if (isSabtError(err)) {
    return c.json(errorBody(err.id, err.message, err.details), err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const id: ErrorId =
      status === 401 ? "unauthorized" : status === 413 ? "payload_too_large" : status === 403 ? "forbidden" : status === 415 ? "unsupported" : "validation_failed";
    return c.json(errorBody(id, err.message || "bad request"), status);
  }
  if (err instanceof SyntaxError) {
    return c.json(errorBody("validation_failed", "body: malformed JSON"), 400);
  }
  if (isDataException(err)) {
    Logger.warn("http", "data exception from the database", { path: c.req.path, code: (err as { code?: string }).code });
    return c.json(errorBody("validation_failed", "input: a value cannot be stored or compared (out of range, or an invalid character or date)"), 400);
  }
  // The server log is the operator's: it gets the whole error; the client gets only its id.
  Logger.error("http", "unhandled error", { path: c.req.path, name: err.name, message: err.message, stack: err.stack?.split("\n").slice(1, 6).join(" | ") });
  return c.json(errorBody("internal", "Something went wrong on the server. The error has been logged."), 500);
}
