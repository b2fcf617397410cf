/**
 * Builds the four victim lists and their ground truth. Both `generateDemo` and
 * `generateListRecords` call `buildLists`, so benchmarks at 100,000 victims exercise exactly the
 * code that produces the demo.
 */
import { renderRecord, type RecordMeta } from "./records.ts";
import { createRng } from "./rng.ts";
import type {
  DemoList,
  DemoListId,
  DemoListRecords,
  DemoRecordRef,
  DemoTruthPerson,
  DemoVisibility,
  CanonicalHeader,
} from "./types.ts";
import { drawVictims, LIST_IDS, type Victim } from "./victims.ts";

/** Share of a list's reports that appear twice in the same list (a list's own duplicates). */
export const WITHIN_LIST_DUPLICATE_SHARE = 0.01;

const LIST_META: Readonly<
  Record<
    DemoListId,
    {
      name: string;
      script: "Arab" | "Latn";
      calendar: "jalali" | "gregorian";
      columnVisibility: Partial<Record<CanonicalHeader, DemoVisibility>>;
    }
  >
> = {
  // fa1 is published by its (fictional) group, so names and dates are public.
  fa1: {
    name: "fa1",
    script: "Arab",
    calendar: "jalali",
    columnVisibility: { full_name: "public", death_date: "public" },
  },
  // fa2's notes name informants: they must never reach a public page.
  fa2: { name: "fa2", script: "Arab", calendar: "jalali", columnVisibility: { notes: "confidential" } },
  en1: { name: "en1", script: "Latn", calendar: "gregorian", columnVisibility: { full_name: "public" } },
  en2: { name: "en2", script: "Latn", calendar: "gregorian", columnVisibility: {} },
};

/** The lists, the truth, the victims and each record's meta, for the demo assembler. */
export interface BuiltLists extends DemoListRecords {
  victims: Victim[];
  /** Meta per list, aligned with `lists[i].records`. */
  meta: Readonly<Record<DemoListId, RecordMeta[]>>;
}

/** Generates the victims and renders the four lists for `seed`. */
export function buildLists(seed: number, victimCount: number): BuiltLists {
  const victims = drawVictims(createRng(seed, "victims"), victimCount);
  const refs: DemoRecordRef[][] = victims.map(() => []);
  const lists: DemoList[] = [];
  const meta = {} as Record<DemoListId, RecordMeta[]>;
  for (const id of LIST_IDS) {
    // One stream per list, so a change in one list's style does not reshuffle the others.
    const rng = createRng(seed, `list:${id}`);
    const rendered = [];
    for (const v of victims) {
      if (!v.lists.includes(id)) continue;
      rendered.push(renderRecord(id, v, rng));
      if (rng.chance(WITHIN_LIST_DUPLICATE_SHARE)) rendered.push(renderRecord(id, v, rng));
    }
    // Lists are not ordered by the truth: shuffle before numbering so ids carry no signal.
    const shuffled = rng.shuffle(rendered);
    const width = Math.max(5, String(shuffled.length).length);
    const records = shuffled.map((r, i) => {
      const recordId = `${id}-${String(i + 1).padStart(width, "0")}`;
      refs[r.meta.victim]?.push({ list: id, recordId });
      // Rows are fresh objects from the renderer, so filling the id in place saves a copy per row.
      r.row.record_id = recordId;
      return r.row;
    });
    meta[id] = shuffled.map((r) => r.meta);
    const m = LIST_META[id];
    lists.push({
      id,
      key: `list:${id}`,
      source: `source:list-${id}`,
      name: m.name,
      script: m.script,
      calendar: m.calendar,
      columnVisibility: { ...m.columnVisibility },
      records,
    });
  }
  const truth: DemoTruthPerson[] = victims.map((v, i) => ({ personKey: v.key, records: refs[i] ?? [] }));
  return { lists, truth, victims, meta };
}

/**
 * Generates only the four victim lists and their ground truth, fast enough for 100,000 victims.
 * @param options seed and number of true victims (documented or not)
 * @returns the lists and, for every true victim, the records that report them
 * @example
 * const { lists, truth } = generateListRecords({ seed: 1, victims: 100_000 });
 */
export function generateListRecords(options: { seed: number; victims: number }): DemoListRecords {
  const { lists, truth } = buildLists(options.seed, options.victims);
  return { lists, truth };
}
