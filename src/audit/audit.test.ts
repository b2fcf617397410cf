import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity } from "../../test/factories.ts";
import { verifyAuditChain } from "./audit.service.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("audit chain", () => {
  it("verifies an intact chain of many entries", async () => {
    for (let i = 0; i < 5; i++) await buildEntity(t.db);
    const r = await verifyAuditChain(t.db);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.checked).toBeGreaterThanOrEqual(5);
  });

  it("refuses updates and deletes of audit entries at the database level", async () => {
    await expect(sql`UPDATE audit_log SET actor = 'x' WHERE seq = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it("names the entry whose content was altered behind the trigger's back", async () => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_append_only`.execute(t.db);
    await sql`UPDATE audit_log SET actor = 'system:attacker' WHERE seq = 3`.execute(t.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_append_only`.execute(t.db);
    const r = await verifyAuditChain(t.db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ seq: "3", message: expect.stringMatching(/entry 3 was altered/) }]);
  });

  it("detects a deleted entry as a gap", async () => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_append_only`.execute(t.db);
    await sql`DELETE FROM audit_log WHERE seq = 2`.execute(t.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_append_only`.execute(t.db);
    const r = await verifyAuditChain(t.db);
    expect(r.problems.map((p) => p.message).join("\n")).toMatch(/entries are missing/);
  });
});
