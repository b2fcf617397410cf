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
 * The one error handler: named errors become their status with id and message; anything else is
 * logged (without request data) and answered with a generic 500, never a stack trace.
 */
export function handleError(err: Error, c: Context): Response {
  if (isSabtError(err)) {
    return c.json(errorBody(err.id, err.message, err.details), err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const id: ErrorId = status === 401 ? "unauthorized" : status === 413 ? "payload_too_large" : status === 403 ? "forbidden" : "validation_failed";
    return c.json(errorBody(id, err.message || "bad request"), status);
  }
  if (err instanceof SyntaxError) {
    return c.json(errorBody("validation_failed", "body: malformed JSON"), 400);
  }
  // The server log is the operator's: it gets the whole error; the client gets only its id.
  Logger.error("http", "unhandled error", { path: c.req.path, name: err.name, message: err.message, stack: err.stack?.split("\n").slice(1, 6).join(" | ") });
  return c.json(errorBody("internal", "Something went wrong on the server. The error has been logged."), 500);
}
