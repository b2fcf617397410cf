import { describe, expect, it } from "vitest";
import { extractMainText } from "./main-text.ts";

describe("extractMainText", () => {
  it("keeps headings and paragraphs apart and drops scripts", async () => {
    const r = await extractMainText(
      `<html><head><title>T</title></head><body><h1>عنوان</h1><p>بند یکم.</p><p>Second paragraph.</p><script>alert(1)</script></body></html>`,
    );
    expect(r.text).toBe("عنوان\nبند یکم.\nSecond paragraph.");
    expect(r.title).toBe("T");
  });
});
