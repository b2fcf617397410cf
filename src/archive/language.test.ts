import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language.ts";

describe("detectLanguage", () => {
  it.each([
    ["این گزارش درباره بازداشت گروهی از دانشجویان در تهران است و خانواده‌ها از آنها خبری ندارند.", "fa"],
    ["پدرش گفت که او را به زندان بردند", "fa"],
    ["ذكر التقرير أن المعتقلين نقلوا إلى السجن في المدينة بعد المحاكمة التي استمرت ساعة واحدة.", "ar"],
    ["The report says that the detainees were moved to the prison after a trial that lasted one hour.", "en"],
    ["12345 — 67890", "und"],
    ["", "und"],
  ])("%s → %s", (text, language) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it("reports the script", () => {
    expect(detectLanguage("گزارش").script).toBe("Arab");
    expect(detectLanguage("Bonjour tout le monde").script).toBe("Latn");
  });
});
