/**
 * The merged history of a record (issue 11): the entity's versions and every claim's, newest
 * first, paginated, authors resolved to members' names, and confidential values never shown to a
 * role that may not read them (also in the earlier versions sealed when a value became confidential).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { BUILTIN_NAMES } from "../../test/builtin-names.ts";
import { createUser, resolveActors } from "../auth/index.ts";
import type { Trx } from "../db/index.ts";
import { editEntity, revertEntityLabel } from "../entities/index.ts";
import { isSabtError } from "../shared/errors.ts";
import type { Role, Viewer } from "../shared/viewer.ts";
import { createClaim, editClaim } from "./claim.service.ts";
import { listClaimVersions, listEntityVersions, listRecordHistory, type RecordChange } from "./record-history.service.ts";

let t: TestDatabase;
const tx = <T>(fn: (trx: Trx) => Promise<T>) => t.db.transaction().execute(fn);

async function member(role: Role, name: string): Promise<Viewer> {
  const email = `${role}-${process.pid}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const { id } = await tx((trx) => createUser(trx, testActor, { email, name, role }));
  return { kind: "user", userId: id, name, role };
}

let editor: Viewer;
let reviewer: Viewer;
let entityId = "";
let teamClaim = "";
let secretClaim = "";
let turnedClaim = "";

/** Everything a change carries, as text, to look for leaks. */
const dump = (changes: readonly RecordChange[]) =>
  JSON.stringify(changes.map((c) => [c.current, c.previous].map((v) => v && { ...v, fields: v.fields ? [...v.fields] : null })));

beforeAll(async () => {
  t = await createTestDatabase();
  editor = await member("editor", "Fictional Editor Shirin Moradi");
  reviewer = await member("reviewer", "Fictional Reviewer Kaveh Nouri");
  const src = await buildSource(t.db);
  const person = await buildEntity(t.db, { visibility: "team", label: "Fictional Person Bahram Asadi" });
  entityId = person.id;
  const base = { entityId, sources: [{ sourceId: src.id }], editorial: false, confidence: "medium" as const, status: "asserted" as const };
  teamClaim = (await tx((trx) => createClaim(trx, editor, { ...base, property: "note", value: { type: "text", text: "Fictional arrested in spring" }, visibility: "team" }))).id;
  await tx((trx) => editClaim(trx, editor, teamClaim, { version: 1, value: { type: "text", text: "Fictional arrested in summer" }, reason: "constructor" }));
  secretClaim = (await tx((trx) => createClaim(trx, editor, { ...base, property: "witness", value: { type: "text", text: "Fictional secret witness Parisa" }, visibility: "confidential" }))).id;
  await tx((trx) => editClaim(trx, editor, secretClaim, { version: 1, value: { type: "text", text: "Fictional secret witness Parisa K." }, reason: "Fictional secret reason" }));
  // Team, then confidential (its first version gets sealed), then team again with a new value.
  turnedClaim = (await tx((trx) => createClaim(trx, editor, { ...base, property: "detention_place", value: { type: "text", text: "Fictional old place Qezel" }, visibility: "team" }))).id;
  await tx((trx) => editClaim(trx, editor, turnedClaim, { version: 1, visibility: "confidential" }));
  await tx((trx) => editClaim(trx, editor, turnedClaim, { version: 2, visibility: "team", value: { type: "text", text: "Fictional new place Evin" } }));
  await tx((trx) => editEntity(trx, editor, entityId, { version: 1, label: "Fictional Person Bahram Asadi-Rad", reason: "spelling" }));
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe("record history", () => {
  it("merges the record's versions and every claim's, newest first", async () => {
    const { changes, total } = await listRecordHistory(t.db, editor, entityId, { limit: 100, offset: 0 });
    // entity 2 + team claim 2 + secret claim 2 + turned claim 3.
    expect(total).toBe(9);
    const times = changes.map((c) => c.current.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(changes[0]!.current).toMatchObject({ objectType: "entity", version: 2, reason: "spelling" });
    expect(changes[0]!.previous?.fields?.get("label")).toBe("Fictional Person Bahram Asadi");
    expect(changes[0]!.current.fields?.get("label")).toBe("Fictional Person Bahram Asadi-Rad");
    const edit = changes.find((c) => c.current.objectId === teamClaim && c.current.version === 2)!;
    expect(edit.current.reason).toBe("constructor");
    expect(edit.previous?.fields?.get("value")).toBe("Fictional arrested in spring");
    expect(edit.current.fields?.get("value")).toBe("Fictional arrested in summer");
    // Readers who may read confidential values see them opened.
    expect(dump(changes)).toContain("Fictional secret witness Parisa K.");
    expect(dump(changes)).toContain("Fictional old place Qezel");
  });

  it("pages through the merged history without losing or repeating a change", async () => {
    const all = (await listRecordHistory(t.db, editor, entityId, { limit: 100, offset: 0 })).changes;
    const first = await listRecordHistory(t.db, editor, entityId, { limit: 4, offset: 0 });
    const rest = await listRecordHistory(t.db, editor, entityId, { limit: 10, offset: 4 });
    const key = (c: RecordChange) => `${c.current.objectId}@${c.current.version}`;
    expect([...first.changes, ...rest.changes].map(key)).toEqual(all.map(key));
    expect(first.changes).toHaveLength(4);
  });

  it("tells a reviewer that confidential changes happened, never their values or reasons", async () => {
    const { changes, total } = await listRecordHistory(t.db, reviewer, entityId, { limit: 100, offset: 0 });
    expect(total).toBe(9);
    const text = dump(changes);
    expect(text).not.toContain("Parisa");
    expect(text).not.toContain("Fictional secret reason");
    // The value sealed when the claim became confidential stays sealed, though the claim is team again.
    expect(text).not.toContain("Qezel");
    expect(text).toContain("Fictional new place Evin");
    const secret = changes.filter((c) => c.current.objectId === secretClaim);
    expect(secret.map((c) => [c.current.sealed, c.current.fields, c.current.reason])).toEqual([
      [true, undefined, null],
      [true, undefined, null],
    ]);
    const turned = changes.filter((c) => c.current.objectId === turnedClaim).map((c) => [c.current.version, c.current.sealed]);
    expect(turned).toEqual([
      [3, false],
      [2, true],
      [1, true],
    ]);
  });

  it("lists a claim's versions with the sealed ones unreadable to a reviewer", async () => {
    const { versions } = await listClaimVersions(t.db, reviewer, turnedClaim);
    expect(versions.find((v) => v.version === 1)?.fields).toBeUndefined();
    expect(versions.find((v) => v.version === 3)?.fields?.get("value")).toBe("Fictional new place Evin");
    expect(versions.some((v) => v.version === 99)).toBe(false);
    await expect(listClaimVersions(t.db, reviewer, secretClaim)).rejects.toMatchObject({ id: "not_found" });
  });

  it("resolves authors to members' names with one lookup, and never fails on an unknown one", async () => {
    const { changes } = await listRecordHistory(t.db, reviewer, entityId, { limit: 100, offset: 0 });
    const actors = await resolveActors(t.db, [...changes.map((c) => c.current.author), "user:00000000-dead-beef", "system:cli:operator1", "system:import", ...BUILTIN_NAMES, "user:constructor"]);
    expect(actors.get(changes[0]!.current.author)).toEqual({ kind: "member", name: "Fictional Editor Shirin Moradi" });
    expect(actors.get("user:00000000-dead-beef")).toEqual({ kind: "unknown", marker: "00000000" });
    expect(actors.get("system:cli:operator1")).toEqual({ kind: "system", system: "cli", detail: "operator1" });
    expect(actors.get("system:import")).toEqual({ kind: "system", system: "import", detail: "" });
    expect(actors.get("constructor")).toEqual({ kind: "unknown", marker: "construc" });
    expect(actors.get("user:constructor")).toEqual({ kind: "unknown", marker: "construc" });
  });
});

describe("reverting a record's label", () => {
  it("gives the label of an earlier version back as a new version, and refuses a stale one whole", async () => {
    const e = await buildEntity(t.db, { visibility: "team", label: "Fictional Label One" });
    await tx((trx) => editEntity(trx, editor, e.id, { version: 1, label: "Fictional Label Two" }));
    const err = await tx((trx) => revertEntityLabel(trx, editor, e.id, { version: 1, toVersion: 1, reason: "stale" })).catch((x: unknown) => x);
    expect(isSabtError(err) && err.id).toBe("stale_version");
    const back = await tx((trx) => revertEntityLabel(trx, editor, e.id, { version: 2, toVersion: 1, reason: "__proto__" }));
    expect([back.label, back.version]).toEqual(["Fictional Label One", 3]);
    const { versions } = await listEntityVersions(t.db, editor, e.id);
    expect(versions.map((v) => [v.version, v.fields?.get("label"), v.reason])).toEqual([
      [1, "Fictional Label One", null],
      [2, "Fictional Label Two", null],
      [3, "Fictional Label One", "__proto__"],
    ]);
  });
});
