import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import type { Trx } from "../db/index.ts";
import { listRevisions } from "../history/index.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import { createClaim, editClaim, findClaimsInInterval, getClaim, listClaims, preferClaim, revertClaim } from "./claim.service.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const tx = <T>(fn: (trx: Trx) => Promise<T>) => t.db.transaction().execute(fn);

describe("claims", () => {
  it("keeps two disagreeing death tolls side by side, each attributed and both contested", async () => {
    const event = await buildEntity(t.db, { type: "event", label: "Fictional 1988 summer killings" });
    const high = await buildSource(t.db, { label: "Fictional report A" });
    const low = await buildSource(t.db, { label: "Fictional report B" });
    const a = await tx((trx) =>
      createClaim(trx, testActor, {
        entityId: event.id,
        property: "death_toll",
        value: { type: "number", amount: 30000 },
        sources: [{ sourceId: high.id, locator: { page: 12 } }],
        editorial: false,
        confidence: "low",
        visibility: "public",
        status: "asserted",
      }),
    );
    const b = await tx((trx) =>
      createClaim(trx, testActor, {
        entityId: event.id,
        property: "death_toll",
        value: { type: "number", amount: 3800 },
        sources: [{ sourceId: low.id }],
        editorial: false,
        confidence: "medium",
        visibility: "public",
        status: "asserted",
      }),
    );
    const claims = await listClaims(t.db, testActor, event.id);
    expect(claims.map((c) => [c.valueText, c.status, c.sources[0]!.sourceId]).sort()).toEqual(
      [
        ["30000", "contested", high.id],
        ["3800", "contested", low.id],
      ].sort(),
    );
    expect(b.status).toBe("contested");
    const aNow = await getClaim(t.db, testActor, a.id);
    expect(aNow.version).toBe(2);

    const preferred = await tx((trx) => preferClaim(trx, testActor, b.id, { version: b.version, reason: "Fictional: better documented" }));
    expect(preferred.preferred).toBe(true);
    expect(preferred.preferredReason).toBe("Fictional: better documented");
  });

  it("refuses a claim without a source unless it is editorial", async () => {
    const p = await buildEntity(t.db);
    await expect(
      tx((trx) =>
        createClaim(trx, testActor, {
          entityId: p.id,
          property: "note",
          value: { type: "text", text: "x" },
          sources: [],
          editorial: false,
          confidence: "medium",
          visibility: "team",
          status: "asserted",
        }),
      ),
    ).rejects.toThrow(/source/);
    const ok = await tx((trx) =>
      createClaim(trx, testActor, {
        entityId: p.id,
        property: "note",
        value: { type: "text", text: "editor's note" },
        sources: [],
        editorial: true,
        confidence: "medium",
        visibility: "team",
        status: "asserted",
      }),
    );
    expect(ok.editorial).toBe(true);
  });

  it("refuses an edit made against a stale version with a clear conflict, and keeps the newer value", async () => {
    const p = await buildEntity(t.db);
    const s = await buildSource(t.db);
    const c = await tx((trx) =>
      createClaim(trx, testActor, {
        entityId: p.id,
        property: "prison",
        value: { type: "text", text: "Evin" },
        sources: [{ sourceId: s.id }],
        editorial: false,
        confidence: "medium",
        visibility: "team",
        status: "asserted",
      }),
    );
    await tx((trx) => editClaim(trx, testActor, c.id, { version: 1, value: { type: "text", text: "Gohardasht" } }));
    const stale = tx((trx) => editClaim(trx, testActor, c.id, { version: 1, value: { type: "text", text: "Qezel Hesar" } }));
    await expect(stale).rejects.toMatchObject({ id: "stale_version", status: 409 });
    expect((await getClaim(t.db, testActor, c.id)).valueText).toBe("Gohardasht");
  });

  it("reverts to an earlier version as a new version, keeping the whole history", async () => {
    const p = await buildEntity(t.db);
    const s = await buildSource(t.db);
    const c = await tx((trx) =>
      createClaim(trx, testActor, {
        entityId: p.id,
        property: "city",
        value: { type: "text", text: "Rasht" },
        sources: [{ sourceId: s.id }],
        editorial: false,
        confidence: "medium",
        visibility: "team",
        status: "asserted",
      }),
    );
    await tx((trx) => editClaim(trx, testActor, c.id, { version: 1, value: { type: "text", text: "Tabriz" }, confidence: "high" }));
    const reverted = await tx((trx) => revertClaim(trx, testActor, c.id, { version: 2, toVersion: 1 }));
    expect(reverted.version).toBe(3);
    expect(reverted.valueText).toBe("Rasht");
    expect(reverted.confidence).toBe("medium");
    const history = await listRevisions(t.db, "claim", c.id);
    expect(history.map((h) => [h.version, h.action, h.snapshot.value_text])).toEqual([
      [1, "create", "Rasht"],
      [2, "update", "Tabriz"],
      [3, "revert", "Rasht"],
    ]);
  });

  it("finds partial dates by interval overlap: a month-precision Jalali date overlaps its days only", async () => {
    const p = await buildEntity(t.db);
    const s = await buildSource(t.db);
    const c = await tx((trx) =>
      createClaim(trx, testActor, {
        entityId: p.id,
        property: "death_date",
        value: { type: "date", text: "مرداد ۱۳۶۷" },
        sources: [{ sourceId: s.id }],
        editorial: false,
        confidence: "medium",
        visibility: "public",
        status: "asserted",
      }),
    );
    // Mordad 1367 = 23 July – 22 August 1988.
    const inside = await findClaimsInInterval(t.db, testActor, { from: "1988-08-01", to: "1988-08-01", property: "death_date" });
    expect(inside.map((x) => x.id)).toContain(c.id);
    const edge = await findClaimsInInterval(t.db, testActor, { from: "1988-07-23", to: "1988-07-23", property: "death_date" });
    expect(edge.map((x) => x.id)).toContain(c.id);
    const before = await findClaimsInInterval(t.db, testActor, { from: "1988-07-01", to: "1988-07-22", property: "death_date" });
    expect(before.map((x) => x.id)).not.toContain(c.id);
    const after = await findClaimsInInterval(t.db, testActor, { from: "1988-08-23", to: "1988-12-31", property: "death_date" });
    expect(after.map((x) => x.id)).not.toContain(c.id);
  });

  it("fills an anonymous reader's page of an interval with public claims even when earlier ones are of team entities", async () => {
    const s = await buildSource(t.db);
    const dated = async (entityId: string, text: string) =>
      tx((trx) =>
        createClaim(trx, testActor, {
          entityId,
          property: "arrest_date",
          value: { type: "date", text },
          sources: [{ sourceId: s.id }],
          editorial: false,
          confidence: "medium",
          visibility: "public",
          status: "asserted",
        }),
      );
    // Public claims of a team person come first by date; the public person's come after them.
    const hidden = await buildEntity(t.db, { visibility: "team" });
    for (const day of ["01", "02", "03"]) await dated(hidden.id, `1961-04-${day}`);
    const shown = await buildEntity(t.db);
    const wanted = [await dated(shown.id, "1961-04-10"), await dated(shown.id, "1961-04-11")];
    const page = await findClaimsInInterval(t.db, ANONYMOUS, { from: "1961-04-01", to: "1961-04-30", property: "arrest_date", limit: 2 });
    expect(page.map((c) => c.id)).toEqual(wanted.map((c) => c.id));
  });

  it("hides team and confidential claims from anonymous readers", async () => {
    const p = await buildEntity(t.db);
    const s = await buildSource(t.db);
    for (const visibility of ["public", "team", "confidential"] as const) {
      await tx((trx) =>
        createClaim(trx, testActor, {
          entityId: p.id,
          property: "note",
          value: { type: "text", text: `${visibility} note` },
          sources: [{ sourceId: s.id }],
          editorial: false,
          confidence: "medium",
          visibility,
          status: "asserted",
        }),
      );
    }
    expect((await listClaims(t.db, ANONYMOUS, p.id)).map((c) => c.valueText)).toEqual(["public note"]);
    expect((await listClaims(t.db, testActor, p.id)).length).toBe(3);
  });
  it("marks both claims contested when an edit makes one disagree with another source", async () => {
    const p = await buildEntity(t.db);
    const [a, b] = [await buildSource(t.db), await buildSource(t.db)];
    const death = (sourceId: string) =>
      tx((trx) =>
        createClaim(trx, testActor, {
          entityId: p.id,
          property: "death_date",
          value: { type: "date", text: "1367" },
          sources: [{ sourceId }],
          editorial: false,
          confidence: "medium",
          visibility: "public",
          status: "asserted",
        }),
      );
    const first = await death(a.id);
    const second = await death(b.id);
    expect([first.status, second.status]).toEqual(["asserted", "asserted"]);
    const edited = await tx((trx) => editClaim(trx, testActor, second.id, { version: 1, value: { type: "date", text: "1368" } }));
    expect(edited.status).toBe("contested");
    expect((await getClaim(t.db, testActor, first.id)).status).toBe("contested");
    const history = await listRevisions(t.db, "claim", first.id);
    expect(history.map((r) => r.action)).toEqual(["create", "contest"]);
  });
});
