import { z } from "@hono/zod-openapi";

/** The error body every failing API call returns. */
export const ErrorSchema = z
  .object({ error: z.object({ id: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) })
  .openapi("Error");

/** Standard error responses, listed on every route. */
export const errorResponses = {
  400: { description: "Invalid input", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "Bad credentials", content: { "application/json": { schema: ErrorSchema } } },
  403: { description: "Not allowed", content: { "application/json": { schema: ErrorSchema } } },
  404: { description: "Not found (or not visible to you)", content: { "application/json": { schema: ErrorSchema } } },
  409: { description: "Stale version or conflict", content: { "application/json": { schema: ErrorSchema } } },
  500: { description: "Unexpected server error (logged; id `internal`)", content: { "application/json": { schema: ErrorSchema } } },
} as const;

/** The standard error responses plus those only a request with a body can get. */
export const bodyErrorResponses = {
  ...errorResponses,
  413: { description: "Body larger than 2 MiB (id `payload_too_large`)", content: { "application/json": { schema: ErrorSchema } } },
  415: { description: "Body not sent as application/json (id `unsupported`)", content: { "application/json": { schema: ErrorSchema } } },
} as const;

/** A JSON response of the given schema. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON request body of the given schema. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

/** `{id}` in a path. */
export const IdParamSchema = z.object({ id: z.string().min(1).max(200) });
