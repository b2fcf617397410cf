/**
 * The two fictional legal cases: one conviction under universal jurisdiction, one complaint
 * against serving officials stalled on immunity. Accused, court, charges, dates and outcome
 * are claims citing the (fictional) court documents.
 */
import { gregorianParts } from "./dates.ts";
import type { Graph } from "./graph.ts";
import { ref, text } from "./graph.ts";
import { SOURCES } from "./institutions.ts";
import type { DemoCitation } from "./types.ts";

/** Adds both legal cases for the given accused official keys. */
export function addLegalCases(g: Graph, accused: [string[], string[]]): void {
  const j = (page: number): { sources: DemoCitation[] } => ({
    sources: [{ source: SOURCES.judgment1, locator: { page } }],
  });
  const c1 = g.entity(
    "legal_case:1",
    "legal_case",
    "legal-case-1",
    "Fictional case 1 (Northern District Court)",
  );
  // A title in each language, so that a Persian page does not show the English label (issue 12).
  g.claim(c1, "title", text("Fictional case 1 (Northern District Court)", "en"));
  g.claim(c1, "title", text("پروندهٔ خیالی ۱ (دادگاه ناحیهٔ شمال)", "fa"));
  for (const a of accused[0]) g.claim(c1, "accused", ref(a), j(1));
  g.claim(c1, "court", ref("org:court-north"), j(1));
  g.claim(c1, "charge", text("war crimes (fictional charge sheet)", "en"), j(2));
  g.claim(c1, "charge", text("murder (fictional charge sheet)", "en"), j(2));
  g.claim(c1, "filed", { type: "date", value: gregorianParts(2019, 11, 9) }, j(3));
  g.claim(c1, "trial_opened", { type: "date", value: gregorianParts(2021, 8, 10) }, j(3));
  g.claim(c1, "judgment", { type: "date", value: gregorianParts(2022, 7, 14) }, j(1));
  g.claim(c1, "outcome", text("convicted; life imprisonment (fictional)", "en"), j(240));
  g.claim(c1, "outcome", text("محکوم؛ حبس ابد (خیالی)", "fa"), j(240));
  const s2 = (page: number): { sources: DemoCitation[] } => ({
    sources: [{ source: SOURCES.complaint2, locator: { page } }],
  });
  const c2 = g.entity(
    "legal_case:2",
    "legal_case",
    "legal-case-2",
    "Fictional case 2 (Western Regional Court)",
  );
  g.claim(c2, "title", text("Fictional case 2 (Western Regional Court)", "en"));
  g.claim(c2, "title", text("پروندهٔ خیالی ۲ (دادگاه منطقه‌ای غرب)", "fa"));
  for (const a of accused[1]) g.claim(c2, "accused", ref(a), s2(1));
  g.claim(c2, "court", ref("org:court-west"), s2(1));
  g.claim(c2, "charge", text("crimes against humanity (fictional complaint)", "en"), s2(4));
  g.claim(c2, "charge", text("enforced disappearance (fictional complaint)", "en"), s2(4));
  g.claim(c2, "filed", { type: "date", value: gregorianParts(2023, 3, 2) }, s2(1));
  g.claim(
    c2,
    "outcome",
    text("pending: the court is examining a claim of official immunity (fictional)", "en"),
    s2(30),
  );
  g.claim(
    c2,
    "outcome",
    text("در جریان: دادگاه ادعای مصونیت مقام رسمی را بررسی می‌کند (خیالی)", "fa"),
    s2(30),
  );
}
