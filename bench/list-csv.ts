/** The generated fictional victim list the import benchmarks feed to the importer (spine, import floor). */
import { CANONICAL_HEADERS, generateListRecords } from "../src/demo/index.ts";

/** A CSV of `rows` fictional list rows (the demo generator's four lists, pooled), and their full names. */
export function makeListCsv(rows: number): { csv: string; names: string[] } {
  // About 1.8 records per victim over the four lists: ask for enough victims to fill `rows`.
  const { lists } = generateListRecords({ seed: 7, victims: Math.ceil(rows / 1.5) });
  const out: string[] = [CANONICAL_HEADERS.join(",")];
  const names: string[] = [];
  const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  for (const l of lists) {
    for (const r of l.records) {
      if (out.length > rows) break; // the header plus exactly `rows` rows
      out.push(CANONICAL_HEADERS.map((h) => esc(r[h])).join(","));
      if (r.full_name) names.push(r.full_name);
    }
  }
  return { csv: out.join("\n"), names };
}
