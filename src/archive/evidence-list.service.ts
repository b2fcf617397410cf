/**
 * The evidence list of the workspace: original items (uploads and web captures) a viewer may read,
 * searched by title, file name and the text extracted from PDFs, filtered by type, date added,
 * who added it and whether a claim cites it, newest first, a page at a time.
 */
import { z } from "zod";
import type { Db } from "../db/index.ts";
import { authorize } from "../shared/policy.ts";
import { parseInput } from "../shared/validate.ts";
import { readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { rowToArchiveItem, type ArchiveItem } from "./archive.types.ts";
import { countEvidence, EVIDENCE_TYPES, findEvidenceAdders, findEvidencePage, type EvidenceListQuery } from "./evidence-list.repository.ts";

export { EVIDENCE_TYPES, type EvidenceType } from "./evidence-list.repository.ts";

/** Items per page of the list. */
export const EVIDENCE_PAGE_SIZE = 25;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const Day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(DAY, "a date as YYYY-MM-DD")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "a date as YYYY-MM-DD")
    .optional(),
);

/** The list's filters as a form or query string sends them (every field optional, blanks ignored). */
export const EvidenceFilterSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  type: z.preprocess(blankToUndefined, z.enum(EVIDENCE_TYPES).optional()),
  from: Day,
  to: Day,
  addedBy: z.preprocess(blankToUndefined, z.string().max(300).optional()),
  cited: z.preprocess(blankToUndefined, z.enum(["yes", "no"]).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});
/** Validated list filters. */
export type EvidenceFilter = z.infer<typeof EvidenceFilterSchema>;

/** One row of the list. */
export interface EvidenceListEntry {
  item: ArchiveItem;
  /** The display name of whoever added it: a member's name, or the process (`system:cli:…`). */
  addedBy: string;
  cited: boolean;
}

/** One page of the list and the total count. */
export interface EvidenceList {
  entries: EvidenceListEntry[];
  total: number;
  page: number;
  pages: number;
}

function adderName(actor: string, name: string | null): string {
  return name ?? actor.replace(/^system:/, "");
}

/**
 * Lists the original items the viewer may read that match the filters, newest first.
 * @throws SabtError validation_failed naming the field (`from: a date as YYYY-MM-DD`); forbidden.
 * @example const list = await listEvidence(db, viewer, { q: "detention", type: "pdf", cited: "no" });
 */
export async function listEvidence(db: Db, viewer: Viewer, input: unknown): Promise<EvidenceList> {
  authorize(viewer, "read");
  const f = parseInput(EvidenceFilterSchema, input);
  const visibilities = readableVisibilities(viewer);
  const query: Omit<EvidenceListQuery, "limit" | "offset"> = {
    visibilities,
    claimVisibilities: visibilities,
    q: f.q,
    type: f.type,
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
    // "to" is inclusive for people: everything added before the next day.
    before: f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) : undefined,
    addedBy: f.addedBy,
    cited: f.cited === undefined ? undefined : f.cited === "yes",
  };
  const total = await countEvidence(db, { ...query, limit: 0, offset: 0 });
  const pages = Math.max(1, Math.ceil(total / EVIDENCE_PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await findEvidencePage(db, { ...query, limit: EVIDENCE_PAGE_SIZE, offset: (page - 1) * EVIDENCE_PAGE_SIZE });
  return {
    entries: rows.map((r) => ({ item: rowToArchiveItem(r), addedBy: adderName(r.created_by, r.adder_name), cited: r.cited })),
    total,
    page,
    pages,
  };
}

/** Who has added items the viewer may read: the choices of the "added by" filter, by name. */
export async function listEvidenceAdders(db: Db, viewer: Viewer): Promise<{ actor: string; name: string }[]> {
  authorize(viewer, "read");
  const rows = await findEvidenceAdders(db, readableVisibilities(viewer));
  return rows.map((r) => ({ actor: r.actor, name: adderName(r.actor, r.name) })).sort((a, b) => a.name.localeCompare(b.name));
}
