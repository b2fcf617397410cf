/**
 * Who may do what with linked lists, on top of the shared role table (src/shared/policy.ts):
 * team members read; admins, editors and reviewers decide pairs and run linkage; researchers may
 * also run estimates; only admins and editors publish an estimate to the public site.
 */
import { SabtError } from "../shared/errors.ts";
import { authorize, can } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";

/** The actions of this capability. */
export type ListsAction = "read" | "review" | "estimate" | "publish";

/**
 * Throws unless the viewer may perform the action. Anonymous visitors never reach the team data
 * (the public side reads only `public_estimate`).
 */
export function authorizeLists(viewer: Viewer, action: ListsAction): void {
  if (viewer.kind === "anonymous") throw new SabtError("unauthorized", "Sign in first");
  switch (action) {
    case "read":
      return authorize(viewer, "read");
    case "review":
      return authorize(viewer, "review");
    case "estimate":
      if (can(viewer, "review")) return;
      return authorize(viewer, "create");
    case "publish":
      // Publishing speaks for the project: it takes both the reviewer's and the editor's rights.
      authorize(viewer, "review");
      return authorize(viewer, "update");
  }
}

/** True when the viewer may perform the action (for showing or hiding forms; the server checks again). */
export function mayLists(viewer: Viewer, action: ListsAction): boolean {
  try {
    authorizeLists(viewer, action);
    return true;
  } catch {
    return false;
  }
}
