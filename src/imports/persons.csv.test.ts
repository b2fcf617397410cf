import { describe, expect, it } from "vitest";
import { parsePersonsCsv } from "./persons.csv.ts";

const ok = (csv: string) => {
  const r = parsePersonsCsv(csv);
  expect(r.problems).toEqual([]);
  return r;
};

describe("reading a victim list as spreadsheets export it", () => {
  it("numbers rows as the spreadsheet does: blank rows count, a value spanning lines is one row", () => {
    const csv = [
      "record_id,full_name,age",
      '1,"Fictional\nTwo Lines",27',
      "",
      "2,Fictional Two,999",
      ",,",
      "3,Fictional Three,-1",
    ].join("\n");
    const r = parsePersonsCsv(csv);
    expect(r.problems).toEqual([
      { row: 4, column: "age", message: expect.stringMatching(/999/) },
      { row: 6, column: "age", message: expect.stringMatching(/-1/) },
    ]);
    expect(r.total).toBe(3);
  });

  it("numbers the header's own problems by its row when blank rows come before it", () => {
    expect(parsePersonsCsv("\n\nrecord_id,full_name@secret\n1,A").problems).toEqual([
      { row: 3, column: "full_name@secret", message: expect.stringMatching(/unknown visibility/) },
    ]);
  });

  it("skips blank rows, including rows of empty cells, instead of calling their record_id empty", () => {
    const r = ok("record_id,full_name\n1,Fictional One\n,\n , \n\n2,Fictional Two\n");
    expect(r.rows.map((x) => [x.line, x.recordId])).toEqual([
      [2, "1"],
      [6, "2"],
    ]);
    expect(r.total).toBe(2);
  });

  it("ignores empty trailing columns, with or without a header cell, but refuses a value in a column without a header", () => {
    expect(ok("record_id,full_name,,\n1,Fictional One,,\n2,Fictional Two,,").rows).toHaveLength(2);
    expect(ok("record_id,full_name\n1,Fictional One,,\n2,Fictional Two").rows).toHaveLength(2);
    expect(parsePersonsCsv("record_id,full_name,,\n1,Fictional One,,stray").problems).toEqual([
      { row: 2, column: "", message: "a value in column 4, which has no header" },
    ]);
    expect(parsePersonsCsv("record_id,full_name\n1,Fictional One,,stray").problems).toEqual([
      { row: 2, column: "", message: "the row has 4 fields, the header has 2" },
    ]);
    expect(parsePersonsCsv("record_id,full_name,city\n1,Fictional One").problems).toEqual([
      { row: 2, column: "", message: "the row has 2 fields, the header has 3" },
    ]);
  });

  it("reads a UTF-8 BOM, CRLF line ends, headers in any case with spaces, and quoted commas, quotes and newlines", () => {
    const r = ok(
      '\ufeffRecord_ID , Full Name@Public ,Place-of-Birth\r\n1,"Fictional, ""Kuchik"" One","Line 1\r\nLine 2"\r\n',
    );
    expect(r.rows[0]).toMatchObject({
      recordId: "1",
      label: 'Fictional, "Kuchik" One',
      labelVisibility: "public",
    });
    expect(r.rows[0]!.values.map((v) => [v.property, v.value])).toEqual([
      ["name", { type: "name", text: 'Fictional, "Kuchik" One', kind: "full" }],
      ["place_of_birth", { type: "text", text: "Line 1\r\nLine 2" }],
    ]);
  });

  it("reads a file whose rows end differently (CRLF, LF, CR mixed)", () => {
    const r = ok('record_id,full_name,notes\r\n1,A,x\n2,B,"two\r\nlines"\r3,C,z\r\n');
    expect(r.rows.map((x) => [x.line, x.recordId])).toEqual([
      [2, "1"],
      [3, "2"],
      [4, "3"],
    ]);
  });

  it("keeps a quote inside an unquoted value as written (a nickname)", () => {
    expect(ok('record_id,full_name\n1,Ali "Kuchik" Fictional').rows[0]!.label).toBe('Ali "Kuchik" Fictional');
  });

  it("reads lists saved with semicolons or tabs", () => {
    expect(ok("record_id;full_name;city\n1;Fictional, Jr;Tehran").rows[0]!.values).toHaveLength(2);
    expect(ok("record_id\tfull_name\n1\tFictional One").rows[0]!.label).toBe("Fictional One");
  });

  it("strips invisible characters at the ends of cells, so the same row keeps its identity and hash", () => {
    const plain = ok("record_id,full_name\nfa-1,کریمی‌پور").rows[0]!;
    const marked = ok("record_id,full_name\n\u200ffa-1\u200e,\u200cکریمی‌پور\u200c").rows[0]!;
    expect(marked.recordId).toBe("fa-1");
    expect(marked.label).toBe("کریمی‌پور"); // the ZWNJ inside the name stays
    expect(marked.hash).toBe(plain.hash);
  });

  it("refuses control characters and U+FFFD with one error for the cell", () => {
    const r = parsePersonsCsv(
      "record_id,full_name,notes\n1,Nul\u0000Name,x\n2,Fictional Two,bad\ufffdbyte\n3\u0001,Fictional Three,",
    );
    expect(r.problems).toEqual([
      { row: 2, column: "full_name", message: "the value contains the control character U+0000" },
      { row: 3, column: "notes", message: expect.stringMatching(/U\+FFFD/) },
      { row: 4, column: "record_id", message: "the value contains the control character U+0001" },
    ]);
  });

  it("refuses a name longer than a claim may hold, once", () => {
    expect(parsePersonsCsv(`record_id,full_name\n1,${"ن".repeat(301)}`).problems).toEqual([
      { row: 2, column: "full_name", message: "the value is longer than 300 characters" },
    ]);
    expect(parsePersonsCsv(`record_id,full_name,death_date\n1,A,${"1".repeat(250)}`).problems).toEqual([
      { row: 2, column: "death_date", message: "the value is longer than 200 characters" },
    ]);
  });

  it("reads genders in Arabic letter forms and ages with their unit", () => {
    const r = ok("record_id,full_name,gender,age\n1,A,مذكر,27 years\n2,B,مؤنث,۲۷ سال\n3,C,M.,٢٧");
    expect(r.rows.map((x) => x.values.slice(1).map((v) => v.value))).toEqual([
      [
        { type: "text", text: "male" },
        { type: "number", amount: 27, unit: "years" },
      ],
      [
        { type: "text", text: "female" },
        { type: "number", amount: 27, unit: "years" },
      ],
      [
        { type: "text", text: "male" },
        { type: "number", amount: 27, unit: "years" },
      ],
    ]);
  });

  it("refuses a huge, negative or fractional age", () => {
    const r = parsePersonsCsv("record_id,full_name,age\n1,A,99999999999999999999\n2,B,-5\n3,C,27.5\n4,D,121");
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "age"],
      [3, "age"],
      [4, "age"],
      [5, "age"],
    ]);
  });

  it("reads dates as Persian lists write them: direction marks, hyphenated year ranges, Persian month names", () => {
    const r = ok(
      "record_id,full_name,birth,death_date\n1,A,1340-1342,\u200f۱۳۶۷/۰۵/۱۰\u200f\n2,B,حدود ۱۳۴۰,مرداد ۱۳۶۷",
    );
    expect(r.rows).toHaveLength(2);
  });

  it("refuses impossible dates with the reason", () => {
    const r = parsePersonsCsv(
      "record_id,full_name,death_date\n1,A,30 Esfand 1367\n2,B,1367/13/01\n3,C,1988-02-30",
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/Esfand 1367 has 29 days/),
      expect.stringMatching(/month 13 does not exist/),
      expect.stringMatching(/February 1988 has 29 days/),
    ]);
  });
});

describe("columns named after a canonical column's property", () => {
  it("are read as that column, so their values are checked and typed", () => {
    const r = ok("record_id,name,birth_date,age_at_death,note\n1,Fictional One,1340,27,x");
    expect(r.rows[0]!.values.map((v) => [v.column, v.property, v.value.type])).toEqual([
      ["full_name", "name", "name"],
      ["birth", "birth_date", "date"],
      ["age", "age_at_death", "number"],
      ["notes", "note", "text"],
    ]);
    expect(parsePersonsCsv("record_id,full_name,birth_date\n1,A,1367/13/01").problems).toEqual([
      { row: 2, column: "birth_date", message: expect.stringMatching(/month 13 does not exist/) },
    ]);
    expect(parsePersonsCsv("record_id,full_name,name\n1,A,B").problems).toEqual([
      { row: 1, column: "name", message: 'column "full_name" appears twice' },
    ]);
  });
});
