import type { Db } from "../db/index.ts";
import { findUserNames } from "./actor-names.repository.ts";

/**
 * Who an author or actor value (`user:<id>`, `system:<name>`, as `actorName` writes them) names:
 * a member by name, a system actor by its kind (`cli` with the operator's login, `import`, `demo`
 * or another name), or an unknown value with a short marker, never the raw id.
 */
export type Actor =
  | { readonly kind: "member"; readonly name: string }
  | { readonly kind: "system"; readonly system: "cli" | "import" | "demo" | "other"; readonly detail: string }
  | { readonly kind: "unknown"; readonly marker: string };

const SYSTEMS = [
  ["cli", "cli"],
  ["import", "import"],
  ["demo", "demo"],
] as const;

/** A system actor's name read as its kind and the rest (`cli:maryam` → cli, "maryam"). */
function systemActor(name: string): Actor {
  for (const [prefix, system] of SYSTEMS) {
    if (name === prefix || name.startsWith(`${prefix}:`) || name.startsWith(`${prefix}-`)) {
      return { kind: "system", system, detail: name.slice(prefix.length + 1) };
    }
  }
  return { kind: "system", system: "other", detail: name };
}

/** A short marker for a value that names nobody Sabt knows (a deleted or foreign account). */
function unknownActor(value: string): Actor {
  return { kind: "unknown", marker: value.replace(/^user:/, "").slice(0, 8) || "?" };
}

/**
 * Resolves author and actor values to who they name, with one query for all the members among
 * them (history pages call it once per page). Unknown values never throw: a history row must
 * render even when its author's account is gone.
 * @returns a Map keyed by the values as given (a Map, so any text is a safe key).
 */
export async function resolveActors(db: Db, values: Iterable<string>): Promise<Map<string, Actor>> {
  const distinct = [...new Set(values)];
  const userIds = distinct.filter((v) => v.startsWith("user:")).map((v) => v.slice("user:".length));
  const names = await findUserNames(db, userIds);
  const out = new Map<string, Actor>();
  for (const v of distinct) {
    if (v.startsWith("user:")) {
      const name = names.get(v.slice("user:".length));
      out.set(v, name === undefined ? unknownActor(v) : { kind: "member", name });
    } else if (v.startsWith("system:")) {
      out.set(v, systemActor(v.slice("system:".length)));
    } else {
      out.set(v, unknownActor(v));
    }
  }
  return out;
}
