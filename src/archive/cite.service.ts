/**
 * "Cite this passage": a claim on a record that cites a source with a locator pointing into an
 * archived item (`{ archiveItemId, page, quote }`). The quote is what the public site shows as the
 * citation when the claim is public; the archive item itself is never linked from there.
 */
import { z } from "zod";
import { createClaim, PropertySchema, type Claim } from "../claims/index.ts";
import type { Trx } from "../db/index.ts";
import { getEntity } from "../entities/index.ts";
import { isSabtError, validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { parseInput } from "../shared/validate.ts";
import type { Viewer } from "../shared/viewer.ts";
import { VisibilitySchema } from "../shared/visibility.ts";
import { readEvidenceItem } from "./evidence.service.ts";
import { countPageTexts } from "./page-text.repository.ts";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The citation form as sent: the record (id or slug), the claim, the source and where in the item. */
export const PassageCitationSchema = z.object({
  entity: z.string().trim().min(1, "give a record's id or slug").max(200),
  property: z.string().trim().pipe(PropertySchema),
  value: z.string().trim().min(1, "give the value the passage supports").max(20_000),
  sourceId: z.string().trim().min(1, "choose a source").max(64),
  page: z.preprocess(blank, z.coerce.number().int("a whole page number").min(1, "a page number from 1").max(100_000).optional()),
  // The locator's values are limited to 2000 characters (claim.schema.ts).
  quote: z.string().trim().min(1, "give the quoted passage").max(2000),
  visibility: z.preprocess(blank, VisibilitySchema.default("team")),
});
/** A validated citation form. */
export type PassageCitation = z.infer<typeof PassageCitationSchema>;

/** Reads an entity for the form, turning "not found" into a message about the field. */
async function entityFor(trx: Trx, viewer: Viewer, idOrSlug: string, fieldName: string) {
  try {
    return await getEntity(trx, viewer, idOrSlug);
  } catch (e) {
    if (isSabtError(e) && (e.id === "not_found" || e.id === "forbidden")) throw validationError(`${fieldName}: no such record you may see`);
    throw e;
  }
}

/**
 * Makes a claim on a record citing a passage of an archive item the viewer may read. Every field
 * is checked before anything is written (the caller's transaction holds the claim and its revision).
 * @throws SabtError validation_failed naming the form field (`page: …`); not_found for the item; forbidden.
 * @example await db.transaction().execute((trx) => citeArchivePassage(trx, viewer, itemId, { entity: "fictional-person", property: "detention_place", value: "Quillfern depot", sourceId, page: "2", quote: "…" }));
 */
export async function citeArchivePassage(trx: Trx, viewer: Viewer, itemId: string, input: unknown): Promise<Claim> {
  authorize(viewer, "create");
  const item = await readEvidenceItem(trx, viewer, itemId);
  const f = parseInput(PassageCitationSchema, input);
  const pages = await countPageTexts(trx, item.id);
  if (f.page !== undefined && pages > 0 && f.page > pages) throw validationError(`page: this document has ${pages} pages`);
  const entity = await entityFor(trx, viewer, f.entity, "entity");
  const source = await entityFor(trx, viewer, f.sourceId, "sourceId");
  if (source.type !== "source" && source.type !== "list") throw validationError(`sourceId: ${source.type} is not a source`);
  return createClaim(trx, viewer, {
    entityId: entity.id,
    property: f.property,
    value: { type: "text", text: f.value },
    sources: [{ sourceId: source.id, locator: { archiveItemId: item.id, ...(f.page !== undefined ? { page: f.page } : {}), quote: f.quote } }],
    editorial: false,
    confidence: "medium",
    visibility: f.visibility,
    status: "asserted",
  });
}
