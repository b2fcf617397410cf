import type { Db } from "../src/db/index.ts";
import { createEntity, type Entity, type EntityCreateReq } from "../src/entities/index.ts";
import { createUser, createApiToken } from "../src/auth/index.ts";
import { systemViewer, type Role } from "../src/shared/viewer.ts";

/** The actor tests write as. */
export const testActor = systemViewer("test");

let n = 0;
/** A unique suffix for labels in one test file. */
export function uniq(prefix: string): string {
  n += 1;
  return `${prefix} ${process.pid}-${n}`;
}

/** Creates an entity with overrides (defaults: a public, fictional person). */
export async function buildEntity(db: Db, over: Partial<EntityCreateReq> = {}): Promise<Entity> {
  return db.transaction().execute((trx) =>
    createEntity(trx, testActor, { type: "person", label: uniq("Fictional Person"), visibility: "public", isFictional: true, ...over }),
  );
}

/** Creates a source entity (public by default). */
export async function buildSource(db: Db, over: Partial<EntityCreateReq> = {}): Promise<Entity> {
  return buildEntity(db, { type: "source", label: uniq("Fictional Report"), ...over });
}

/** Creates a team member with an API token and returns the bearer header for it. */
export async function buildUserToken(db: Db, role: Role, scopes: ("read" | "write" | "admin")[] = ["read", "write"]) {
  const email = `${role}-${process.pid}-${++n}@example.org`;
  return db.transaction().execute(async (trx) => {
    const u = await createUser(trx, testActor, { email, name: `Test ${role}`, role });
    const t = await createApiToken(trx, testActor, { email, name: "test", scopes });
    return { userId: u.id, token: t.token, headers: { Authorization: `Bearer ${t.token}` } };
  });
}
