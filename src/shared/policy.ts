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

// How closed each visibility is; readableVisibilities lists them most open first, so a viewer who
// may read one level may read every more open one.
const CLOSEDNESS: Record<Visibility, number> = { public: 0, team: 1, confidential: 2 };

/**
 * The most closed of some visibilities. Something that belongs to, or points at, other things is
 * read at the most closed of its own visibility and theirs: a team claim about a confidential
 * person is as confidential as the person (issue 13). A value that is not a known visibility (a
 * missing entity, a bad row) counts as confidential, so a gap fails closed.
 * @example strictestVisibility("team", "confidential") // "confidential"
 */
export function strictestVisibility(...levels: readonly (string | null | undefined)[]): Visibility {
  let out: Visibility = "public";
  for (const l of levels) {
    const v: Visibility = l === "public" || l === "team" || l === "confidential" ? l : "confidential";
    if (CLOSEDNESS[v] > CLOSEDNESS[out]) out = v;
  }
  return out;
}
