import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "./decode.ts";

const CSV = "record_id,full_name,city\nw-1,رضا کریمی‌پور,تهران\n";

describe("decoding a list file", () => {
  it("reads UTF-8, with or without a byte-order mark", () => {
    expect(decodeCsvBytes(Buffer.from(CSV))).toEqual({ text: CSV });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]))).toEqual({
      text: CSV,
    });
  });

  it.each([
    ["UTF-16 LE with a BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, "utf16le")])],
    [
      "UTF-16 BE with a BOM",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(CSV, "utf16le").swap16()]),
    ],
    ["UTF-16 LE without a BOM", Buffer.from(CSV, "utf16le")],
  ])("refuses %s, saying how to save it", (_name, bytes) => {
    const r = decodeCsvBytes(bytes);
    expect(r).toEqual({
      problem: { row: 0, column: "", message: expect.stringMatching(/UTF-16.*CSV UTF-8/) },
    });
  });

  it("refuses Windows-1256 instead of importing mojibake, naming the first bad line", () => {
    // "record_id,full_name\n1,A\n2,رضا" with the Persian name in the Arabic code page.
    const bytes = Buffer.concat([
      Buffer.from("record_id,full_name\n1,A\n2,"),
      Buffer.from([0xd1, 0xd6, 0xc7]),
      Buffer.from("\n"),
    ]);
    const r = decodeCsvBytes(bytes);
    expect(r).toEqual({
      problem: { row: 0, column: "", message: expect.stringMatching(/not UTF-8 \(line 3 .*Windows-1256/) },
    });
  });

  it("refuses Latin-1", () => {
    expect(
      "problem" in decodeCsvBytes(Buffer.from("record_id,full_name\n1,Jos\xe9 Fictional\n", "latin1")),
    ).toBe(true);
  });
});
