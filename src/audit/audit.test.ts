import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity } from "../../test/factories.ts";
import { tempDir } from "../../test/template.ts";
import { hashAuditEntry } from "./audit.chain.ts";
import { advanceAuditWitness, verifyAuditChain } from "./audit.service.ts";

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

describe("audit chain against tampering a hash chain alone cannot show", () => {
  let u: TestDatabase;
  let dir: string;
  const tamper = async (statement: ReturnType<typeof sql>) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_append_only`.execute(u.db);
    await statement.execute(u.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_append_only`.execute(u.db);
  };
  beforeAll(async () => {
    u = await createTestDatabase();
    dir = tempDir();
  });
  afterAll(async () => {
    await u.close();
  });

  it("names the newest entry when it is cut off the end, through the head kept outside the database", async () => {
    for (let i = 0; i < 3; i++) await buildEntity(u.db);
    await advanceAuditWitness(u.db, dir);
    expect((await verifyAuditChain(u.db, { dataDir: dir })).ok).toBe(true);
    const head = (await sql<{ seq: string }>`SELECT max(seq)::text AS seq FROM audit_log`.execute(u.db)).rows[0]!.seq;
    await tamper(sql`DELETE FROM audit_log WHERE seq = ${head}`);
    const r = await verifyAuditChain(u.db, { dataDir: dir });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ seq: head, message: expect.stringMatching(new RegExp(`entry ${head} is missing`)) }]);
    // The witness is evidence: closing the database again must not move it past the damage.
    await advanceAuditWitness(u.db, dir);
    await buildEntity(u.db);
    await advanceAuditWitness(u.db, dir);
    expect((await verifyAuditChain(u.db, { dataDir: dir })).problems.map((p) => p.seq)).toContain(head);
  });

  it("names the newest entry rewritten with a freshly computed hash", async () => {
    const w = tempDir();
    await buildEntity(u.db);
    await advanceAuditWitness(u.db, w);
    const last = (await sql<{ seq: string; at: Date; action: string; object_type: string; object_id: string; prev_hash: string }>`
      SELECT seq::text AS seq, at, action, object_type, object_id, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1`.execute(u.db)).rows[0]!;
    const forged = hashAuditEntry({
      seq: last.seq,
      at: last.at,
      actor: "system:someone-else",
      action: last.action,
      objectType: last.object_type,
      objectId: last.object_id,
      details: {},
      prevHash: last.prev_hash,
    });
    await tamper(sql`UPDATE audit_log SET actor = 'system:someone-else', details = '{}'::jsonb, hash = ${forged} WHERE seq = ${last.seq}`);
    const r = await verifyAuditChain(u.db, { dataDir: w });
    expect(r.problems).toContainEqual({ seq: last.seq, message: expect.stringMatching(/was replaced/) });
  });

  it("names an entry slipped in before the first one", async () => {
    const v = await createTestDatabase();
    try {
      await buildEntity(v.db);
      await sql`INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, details, prev_hash, hash)
        VALUES (0, now(), 'system:x', 'entity.create', 'entity', 'x', '{}', ${"0".repeat(64)}, ${"0".repeat(64)})`.execute(v.db);
      const r = await verifyAuditChain(v.db);
      expect(r.problems).toEqual([{ seq: "0", message: expect.stringMatching(/entry 0 is out of place/) }]);
    } finally {
      await v.close();
    }
  });

  it("names an entry whose time was moved by less than a millisecond", async () => {
    const v = await createTestDatabase();
    try {
      await buildEntity(v.db);
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_append_only`.execute(v.db);
      await sql`UPDATE audit_log SET at = at + interval '7 microseconds' WHERE seq = 1`.execute(v.db);
      const r = await verifyAuditChain(v.db);
      expect(r.problems).toEqual([{ seq: "1", message: expect.stringMatching(/entry 1 was altered: its time/) }]);
    } finally {
      await v.close();
    }
  });

  it("reports an audit log emptied of every entry while records remain", async () => {
    const v = await createTestDatabase();
    try {
      await buildEntity(v.db);
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_append_only`.execute(v.db);
      await sql`DELETE FROM audit_log`.execute(v.db);
      const r = await verifyAuditChain(v.db);
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.message).toMatch(/the audit log is empty/);
    } finally {
      await v.close();
    }
  });
});
