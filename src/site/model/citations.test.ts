/**
 * Public locators: a quoted passage is shown with its page in the reader's language, and the
 * archive item it came from (evidence in the team's archive) is never named on the public site.
 */
import { describe, expect, it } from "vitest";
import { formatLocator } from "./citations.ts";

describe("formatLocator", () => {
  it("shows the page and the quote of a passage cited from an archive item, never the item", () => {
    const locator = { archiveItemId: "0b7c8a52-fictional-item", page: 2, quote: "The Wrenmoor bridge was closed at noon." };
    expect(formatLocator("en", locator)).toBe("p. 2, “The Wrenmoor bridge was closed at noon.”");
    expect(formatLocator("fa", locator)).toBe("ص ۲، “The Wrenmoor bridge was closed at noon.”");
    expect(formatLocator("en", { archiveItemId: "0b7c8a52-fictional-item" })).toBeUndefined();
  });

  it("keeps a locator key named like a built-in property as written", () => {
    expect(formatLocator("en", { constructor: "x", page: 7 })).toBe("constructor x, p. 7");
  });
});
