import { describe, expect, it } from "vitest";
import { wordDiff } from "./word-diff.ts";

const side = (parts: ReturnType<typeof wordDiff>, keep: "removed" | "added") =>
  parts.filter((p) => p.kind === "same" || p.kind === keep).map((p) => p.text).join("");

describe("wordDiff", () => {
  it("marks only the words that changed", () => {
    expect(wordDiff("died in 1988 in Tehran", "died in 1367 in Tehran")).toEqual([
      { kind: "same", text: "died in " },
      { kind: "removed", text: "1988 " },
      { kind: "added", text: "1367 " },
      { kind: "same", text: "in Tehran" },
    ]);
  });

  it.each([
    ["", ""],
    ["", "new text"],
    ["old text", ""],
    ["اعدام در زندان اوین", "اعدام در زندان گوهردشت"],
    ["constructor __proto__ toString", "__proto__ constructor"],
    ["  spaces   kept ", "spaces kept"],
  ])("gives back both texts exactly (%j → %j)", (a, b) => {
    const parts = wordDiff(a, b);
    expect(side(parts, "removed")).toBe(a);
    expect(side(parts, "added")).toBe(b);
  });

  it("treats very long texts as replaced whole instead of spending quadratic work", () => {
    const a = Array.from({ length: 1000 }, (_, i) => `a${i}`).join(" ");
    const b = Array.from({ length: 1000 }, (_, i) => `b${i}`).join(" ");
    expect(wordDiff(a, b)).toEqual([
      { kind: "removed", text: a },
      { kind: "added", text: b },
    ]);
  });
});
