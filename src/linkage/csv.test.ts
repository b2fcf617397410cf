import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { SabtError } from "../shared/errors.ts";
import { formatCsv, pairsCsvChunks, parseCsvRecords } from "./csv.ts";
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

describe("pairsCsvChunks", () => {
  it("gives byte for byte the text of formatCsv, over several chunks, with ids that need quotes or are Persian", () => {
    const ids = Array.from({ length: 5000 }, (_, k) => (k % 7 === 0 ? `fa1:ر${k}` : k % 11 === 0 ? `en2:"r,${k}"` : `r${k}`));
    const n = 120_000;
    const left = Int32Array.from({ length: n }, (_, p) => (p * 7919) % ids.length);
    const right = Int32Array.from({ length: n }, (_, p) => (p * 104_729 + 1) % ids.length);
    const probability = Float64Array.from({ length: n }, (_, p) => ((p * 0.6180339887) % 1) ** 3);
    const chunks = [...pairsCsvChunks(ids, { left, right, probability }, 6)];
    expect(chunks.length).toBeGreaterThan(1);
    const rows = [["id_l", "id_r", "score"], ...Array.from(left, (l, p) => [ids[l]!, ids[right[p]!]!, probability[p]!.toFixed(6)])];
    expect(Buffer.concat(chunks).toString("utf8")).toBe(formatCsv(rows));
  });

  it("writes only the header when there are no pairs", () => {
    const chunks = [...pairsCsvChunks(["r1"], { left: new Int32Array(0), right: new Int32Array(0), probability: new Float64Array(0) }, 5)];
    expect(Buffer.concat(chunks).toString("utf8")).toBe("id_l,id_r,score\n");
  });
});
