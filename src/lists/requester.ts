/**
 * Who asked for a queued run (linkage, estimation), stored in the job's payload so that the run is
 * authorized and audited as theirs when a worker takes it up, perhaps in another process.
 */
import { z } from "zod";
import { forbidden } from "../shared/errors.ts";
import { systemViewer, type Viewer } from "../shared/viewer.ts";

/** Only a system actor (the CLI, a schedule) or a signed-in user's id, name and role are kept. */
export const RequesterSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("system"), name: z.string().min(1).max(200) }),
  z.object({
    kind: z.literal("user"),
    userId: z.string().min(1).max(200),
    name: z.string().max(500),
    role: z.enum(["admin", "editor", "researcher", "reviewer", "viewer"]),
  }),
]);
/** A validated requester. */
export type Requester = z.infer<typeof RequesterSchema>;

/**
 * The requester to store for a viewer. An anonymous viewer cannot queue anything (a stored run
 * acts with the requester's rights when it is taken up).
 * @throws SabtError forbidden for an anonymous viewer.
 */
export function requesterOf(viewer: Viewer): Requester {
  if (viewer.kind === "anonymous") throw forbidden();
  if (viewer.kind === "system") return { kind: "system", name: viewer.name };
  return { kind: "user", userId: viewer.userId, name: viewer.name, role: viewer.role };
}

/** The viewer a queued run acts as. */
export function viewerOf(r: Requester): Viewer {
  return r.kind === "system" ? systemViewer(r.name) : Object.freeze({ kind: "user", userId: r.userId, name: r.name, role: r.role });
}
