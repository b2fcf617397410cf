/**
 * The rows of issue 14's table: each benchmark reports its headline figure beside the reference
 * measured in the same run (bare Node, the database's COPY, Hugo, R's recorded time) and the target.
 * `npm run bench` collects them from its children (through the file named by SABT_BENCH_SUMMARY) and
 * prints one table at the end; a benchmark run alone just prints its row.
 */
import fs from "node:fs";

/** One row of the summary table. */
export interface SummaryRow {
  work: string;
  sabt: string;
  reference: string;
  /** Sabt's figure over the reference's, when both are rates (or the inverse for times). */
  ratio?: number | undefined;
  target: string;
  holds: boolean | undefined;
}

/** Prints a row and, under `npm run bench`, records it for the final table. */
export function reportRow(row: SummaryRow): void {
  console.log(`» ${row.work}: ${row.sabt} | reference ${row.reference}${row.ratio === undefined ? "" : ` | ratio ${row.ratio.toFixed(2)}`} | target ${row.target} | ${verdict(row.holds)}`);
  const file = process.env["SABT_BENCH_SUMMARY"];
  if (file) fs.appendFileSync(file, JSON.stringify(row) + "\n");
}

function verdict(holds: boolean | undefined): string {
  return holds === undefined ? "not judged" : holds ? "holds" : "MISSED";
}

/** The collected rows as a Markdown table. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = ["| Work | Sabt | Reference (same run) | Ratio | Target | |", "|---|---|---|---|---|---|"];
  for (const r of rows) lines.push(`| ${cell(r.work)} | ${cell(r.sabt)} | ${cell(r.reference)} | ${r.ratio === undefined ? "–" : r.ratio.toFixed(2)} | ${cell(r.target)} | ${verdict(r.holds)} |`);
  return lines.join("\n");
}
