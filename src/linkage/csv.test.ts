import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { SabtError } from "../shared/errors.ts";
import { formatCsv, parseCsvRecords } from "./csv.ts";
import { LINKAGE_RECORD_COLUMNS } from "../shared/victim-list.ts";
import { generateVictimLists } from "./synth/generate.ts";

const reference = (text: string) => parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];

describe("parseCsvRecords", () => {
  it.each([
    ["plain", "a,b\n1,2\n3,4\n"],
    ["CRLF and no final newline", "a,b\r\n1,2\r\n3,4"],
    ["quotes, commas and newlines inside quotes", 'a,b\n"x, y","he said ""hi"""\n"line\nbreak",\n'],
    ["empty lines and a BOM", "\uFEFFa,b\n\n1,2\n\n"],
    ["empty trailing field", "a,b,c\n1,,\n"],
    ["Persian text", "نام,تاریخ\nحسن‌زاده,۱۳۶۷/۰۶/۰۲\n"],
  ])("reads %s as csv-parse does", (_, text) => {
    expect(parseCsvRecords(text)).toEqual(reference(text));
  });

  it("reads a generated victim list as csv-parse does", () => {
    const text = stringify(generateVictimLists({ records: 500, seed: 3 }).records, { header: true, columns: [...LINKAGE_RECORD_COLUMNS] });
    expect(parseCsvRecords(text)).toEqual(reference(text));
  });

  it.each([
    ["an unclosed quote", 'a,b\n"x,1\n'],
    ["a short row", "a,b\n1\n"],
  ])("rejects %s with a validation error", (_, text) => {
    expect(() => parseCsvRecords(text)).toThrow(SabtError);
  });
});

describe("formatCsv", () => {
  it("round-trips fields that need quoting", () => {
    const rows = [["id", "name"], ["r1", 'Zareie, "Hassan"'], ["r2", "two\nlines"]];
    expect(parseCsvRecords(formatCsv(rows))).toEqual([
      { id: "r1", name: 'Zareie, "Hassan"' },
      { id: "r2", name: "two\nlines" },
    ]);
  });
});
