/**
 * Sabt's closed error vocabulary. Every error a user can see has a stable snake_case id and an
 * HTTP status; anything else is an internal error rendered without details (STYLE.md §9).
 */
export type ErrorId =
  | "validation_failed"
  | "not_found"
  | "stale_version"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "four_eyes"
  | "data_dir_locked"
  | "integrity_failed"
  | "unsupported"
  | "payload_too_large"
  | "rate_limited"
  | "internal";

const STATUS: Record<ErrorId, number> = {
  validation_failed: 400,
  not_found: 404,
  stale_version: 409,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  four_eyes: 403,
  data_dir_locked: 423,
  integrity_failed: 500,
  unsupported: 415,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/** An error whose id and message may be shown to users and API clients. */
export class SabtError extends Error {
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "SabtError";
    this.status = STATUS[id];
  }
}

/** Bad input: the message names the field ("field: message"). */
export const validationError = (message: string, details?: Record<string, unknown>) =>
  new SabtError("validation_failed", message, details);
/** A record that does not exist (or that the caller may not know exists). */
export const notFound = (what: string) => new SabtError("not_found", `${what} not found`);
/** An edit made against an older version than the stored one. */
export const staleVersion = (what: string, expected: number, actual: number) =>
  new SabtError(
    "stale_version",
    `${what} was changed by someone else: you edited version ${expected}, the current version is ${actual}. Reload and apply your change again.`,
    { expected, actual },
  );
/** A request the caller lacks permission for. */
export const forbidden = (message = "You do not have permission to do this") =>
  new SabtError("forbidden", message);

/** True when the value is one of Sabt's named errors. */
export function isSabtError(e: unknown): e is SabtError {
  return e instanceof SabtError;
}
