import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createClaims } from "../claims/index.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import { exportAllJson, exportFtm } from "./export.service.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const s = await buildSource(t.db);
  const p = await buildEntity(t.db, { label: "Fictional Exported Person" });
  const hidden = await buildEntity(t.db, { label: "Fictional Hidden Person", visibility: "team" });
  const claim = (entityId: string, property: string, value: Parameters<typeof createClaims>[2][number]["value"], visibility: "public" | "confidential") => ({
    entityId,
    property,
    value,
    sources: [{ sourceId: s.id }],
    editorial: false,
    confidence: "medium" as const,
    visibility,
    status: "asserted" as const,
  });
  await t.db.transaction().execute((trx) =>
    createClaims(trx, testActor, [
      claim(p.id, "name", { type: "name", text: "پرویز نادری", kind: "full" }, "public"),
      claim(p.id, "death_date", { type: "date", text: "مرداد ۱۳۶۷" }, "public"),
      claim(p.id, "note", { type: "text", text: "ftm-canary-confidential" }, "confidential"),
      claim(hidden.id, "name", { type: "name", text: "ftm-canary-team-entity", kind: "full" }, "public"),
    ]),
  );
});
afterAll(async () => {
  await t.close();
});

describe("exports", () => {
  it("exports public data as FollowTheMoney-style entities, and nothing else", async () => {
    const lines: string[] = [];
    await exportFtm(t.db, (l) => void lines.push(l));
    const text = lines.join("\n");
    expect(text).not.toMatch(/canary/);
    const person = lines.map((l) => JSON.parse(l) as { schema: string; properties: Record<string, string[]> }).find((e) => e.properties.name?.includes("پرویز نادری"));
    expect(person).toMatchObject({ schema: "Person", properties: { deathDate: ["1988-07"] }, fictional: true });
  });

  it("exports everything for admins and refuses anyone else", async () => {
    const lines: string[] = [];
    await exportAllJson(t.db, testActor, (l) => void lines.push(l));
    expect(lines.join("\n")).toMatch(/ftm-canary-team-entity/);
    await expect(exportAllJson(t.db, ANONYMOUS, () => undefined)).rejects.toMatchObject({ id: "forbidden" });
  });
});
