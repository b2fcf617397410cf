/**
 * Renders a demo list as CSV text in Sabt's import schema (RFC 4180 quoting, `\n` line ends),
 * with per-column visibility suffixes such as `notes@confidential`.
 */
import { CANONICAL_HEADERS, type CanonicalHeader, type DemoList, type DemoVisibility } from "./types.ts";

function quote(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Renders one list as CSV with the canonical headers, in canonical order.
 * @param list the list to render
 * @param columnVisibility overrides `list.columnVisibility`; a named column's header gets `@<visibility>`
 * @returns CSV text ending with a newline
 * @example
 * demoListCsv(lists[0]!, { notes: "confidential" }); // "record_id,full_name,…,notes@confidential\n…"
 */
export function demoListCsv(
  list: DemoList,
  columnVisibility?: Partial<Record<CanonicalHeader, DemoVisibility>>,
): string {
  const vis = columnVisibility ?? list.columnVisibility;
  const header = CANONICAL_HEADERS.map((h) => (vis[h] ? `${h}@${vis[h]}` : h)).join(",");
  const lines = [header];
  for (const record of list.records) {
    lines.push(CANONICAL_HEADERS.map((h) => quote(record[h])).join(","));
  }
  return lines.join("\n") + "\n";
}
