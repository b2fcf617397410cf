import type { Visibility } from "./visibility.ts";

/**
 * Who is asking. Every service call that reads or writes takes a Viewer, so that permission
 * and visibility are decided on the server for every route, export and search.
 */
export type Role = "admin" | "editor" | "researcher" | "reviewer" | "viewer";
export type { Visibility } from "./visibility.ts";

export type Viewer =
  | { readonly kind: "anonymous" }
  | {
      readonly kind: "user";
      readonly userId: string;
      readonly name: string;
      readonly role: Role;
      /** Set when the request came with an API token: the token's scopes limit the role. */
      readonly scopes?: readonly string[];
    }
  | { readonly kind: "system"; readonly name: string };

/** The anonymous public visitor: sees only the public projection. */
export const ANONYMOUS: Viewer = Object.freeze({ kind: "anonymous" });

/** A system actor (CLI, importer, demo loader) with full rights, named in the audit log. */
export function systemViewer(name: string): Viewer {
  return Object.freeze({ kind: "system", name });
}

/** The name recorded as author/actor in revisions and the audit log. */
export function actorName(v: Viewer): string {
  switch (v.kind) {
    case "anonymous":
      return "anonymous";
    case "user":
      return `user:${v.userId}`;
    case "system":
      return `system:${v.name}`;
  }
}

/** The visibility levels a viewer may read, most open first. */
export function readableVisibilities(v: Viewer): readonly Visibility[] {
  switch (v.kind) {
    case "anonymous":
      return ["public"];
    case "system":
      return ["public", "team", "confidential"];
    case "user":
      // Confidential values (witness identities, sensitive testimony) are for the people who
      // work with them, not for every team member.
      return v.role === "admin" || v.role === "editor" || v.role === "researcher"
        ? ["public", "team", "confidential"]
        : ["public", "team"];
  }
}
