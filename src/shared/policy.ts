import { forbidden, notFound } from "./errors.ts";
import { readableVisibilities, type Role, type Viewer, type Visibility } from "./viewer.ts";

/** The actions Sabt authorizes. */
export type Action = "read" | "create" | "update" | "review" | "export" | "admin";

// One line per action: which roles may do it. System actors (CLI, importer) may do everything;
// anonymous visitors may only read public things.
const ROLES: Record<Action, readonly Role[]> = {
  read: ["admin", "editor", "researcher", "reviewer", "viewer"],
  create: ["admin", "editor", "researcher"],
  update: ["admin", "editor", "researcher"],
  review: ["admin", "editor", "reviewer"],
  export: ["admin"],
  admin: ["admin"],
};

/** True when the viewer may perform the action (ignoring the object's visibility). */
export function can(viewer: Viewer, action: Action): boolean {
  if (viewer.kind === "system") return true;
  if (viewer.kind === "anonymous") return action === "read";
  if (viewer.scopes && !viewer.scopes.includes(action === "read" ? "read" : action === "admin" || action === "export" ? "admin" : "write")) {
    return false;
  }
  return ROLES[action].includes(viewer.role);
}

/**
 * Throws unless the viewer may perform the action on an object of the given visibility. An object
 * the viewer may not read is reported as not found, so its existence does not leak.
 */
export function authorize(viewer: Viewer, action: Action, object?: { visibility: Visibility; what: string }): void {
  if (object && !readableVisibilities(viewer).includes(object.visibility)) throw notFound(object.what);
  if (!can(viewer, action)) throw forbidden();
}
