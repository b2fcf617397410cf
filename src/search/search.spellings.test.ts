import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createClaims, type ClaimCreateReq } from "../claims/index.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import { search } from "./search.service.ts";

// Fictional people only: common given names with invented surnames.
const PEOPLE: Record<string, string[]> = {
  mohammadreza: ["محمدرضا کمان‌آبادی"],
  mohammadRezaApart: ["Mohammad Reza Zarbafian"],
  abdollah: ["عبد الله تیرگرانی"],
  rouhollah: ["روح‌الله نیکوسرشتی"],
  jafar: ["سید جعفر دلاورنیا"],
  khadijeh: ["خدیجه قاسمی‌فرازنده"],
  zahra: ["زهرا ورقانیان"],
  ghasem: ["قاسم شیرافکنیان"],
  pourmohammadi: ["حسین پورمحمدی‌زرین"],
  arabicLetters: ["علي كريمي‌ستاره"],
  gholamhossein: ["Gholamhossein Mirhosseini-Kavand"],
  hosseini: ["مریم حسینی‌کوهپایه"],
  alireza: ["علی رضا تلاونی"],
};

let t: TestDatabase;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const source = await buildSource(t.db);
  for (const [key, names] of Object.entries(PEOPLE)) {
    const p = await buildEntity(t.db, { label: `Fictional ${key}` });
    ids[key] = p.id;
    const claims: ClaimCreateReq[] = names.map((text) => ({
      entityId: p.id,
      property: "name",
      value: { type: "name", text, kind: "full" },
      sources: [{ sourceId: source.id }],
      editorial: false,
      confidence: "medium",
      visibility: "public",
      status: "asserted",
    }));
    await t.db.transaction().execute((trx) => createClaims(trx, testActor, claims));
  }
});
afterAll(async () => {
  await t.close();
});

describe("search across spellings and scripts", () => {
  it.each([
    // Compounds written joined, apart, hyphenated or with a ZWNJ, whatever their position.
    ["Mohammad Reza", "mohammadreza"],
    ["Mohammad-Reza Kamanabadi", "mohammadreza"],
    ["Mohammadreza", "mohammadreza"],
    ["محمد رضا", "mohammadreza"],
    ["محمد\u200cرضا", "mohammadreza"],
    ["مُحَمَّدرِضا", "mohammadreza"],
    ["Mohammadreza Zarbafian", "mohammadRezaApart"],
    ["محمدرضا", "mohammadRezaApart"],
    ["Abdollah", "abdollah"],
    ["Abdullah Tirgarani", "abdollah"],
    ["عبدالله", "abdollah"],
    ["Ruhollah", "rouhollah"],
    ["Rouhollah Nikoosereshti", "rouhollah"],
    ["روح الله", "rouhollah"],
    ["Pour Mohammadi", "pourmohammadi"],
    ["Hussein Pourmohammadi", "pourmohammadi"],
    ["Gholam Hossein", "gholamhossein"],
    ["غلام حسین میرحسینی", "gholamhossein"],
    ["Gholam-Hossein Mir Hosseini", "gholamhossein"],
    ["Alireza Talavani", "alireza"],
    ["علیرضا", "alireza"],
    // Latin spellings of Persian-script names.
    ["Ja'far", "jafar"],
    ["Jaʿfar Delavarnia", "jafar"],
    ["Jafar", "jafar"],
    ["Seyyed Jafar", "jafar"],
    ["Sayyid Jaafar", "jafar"],
    ["Khadija", "khadijeh"],
    ["Khadije", "khadijeh"],
    ["Khadijeh Ghasemi", "khadijeh"],
    ["Zehra", "zahra"],
    ["Zahra Varghanian", "zahra"],
    ["Qasem", "ghasem"],
    ["Qassem", "ghasem"],
    ["Qasim", "ghasem"],
    ["Ghasem Shirafkanian", "ghasem"],
    ["Hosseïni", "hosseini"],
    ["Husseini", "hosseini"],
    ["Hoseini", "hosseini"],
    ["HOSSEINI", "hosseini"],
    // Arabic letter forms against Persian ones.
    ["علی کریمی", "arabicLetters"],
    ["Ali Karimi", "arabicLetters"],
  ])("finds %s → %s", async (q, key) => {
    for (const viewer of [testActor, ANONYMOUS]) {
      const hits = await search(t.db, viewer, q);
      expect(hits.map((h) => h.id)).toContain(ids[key]);
    }
  });

  it.each([
    ["a NUL character", "Zahra\u0000"],
    ["an unpaired surrogate", "Zahra\uD800"],
    ["SQL wildcards and quotes", "%_'\\ Zahra"],
  ])("answers a query holding %s instead of failing", async (_what, q) => {
    const hits = await search(t.db, testActor, q);
    expect(hits.map((h) => h.id)).toContain(ids.zahra);
  });

  it("answers a 10,000-character query quickly, reading only its beginning", async () => {
    const started = performance.now();
    const hits = await search(t.db, testActor, `Zahra ${"Varghanian ".repeat(1000)}`);
    expect(hits.map((h) => h.id)).toContain(ids.zahra);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
