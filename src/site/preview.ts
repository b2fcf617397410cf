/**
 * Preview of an article that is not public yet (a draft, `team` visibility, or scheduled, with a
 * future `published` date), for signed-in team members only. The preview shows exactly what the
 * public will see once it is published: only the article's public claims, and only public
 * entities and sources around it. Never cached, never indexed.
 */
import { listClaims, type Claim } from "../claims/index.ts";
import type { Db, PublicClaimRow, PublicEntityRow } from "../db/index.ts";
import { getEntity, listEntityRevisions } from "../entities/index.ts";
import { notFound } from "../shared/errors.ts";
import type { Viewer } from "../shared/viewer.ts";
import { overlayReader, type SiteReader } from "./site.reader.ts";

/** Maps a claim the viewer may read to the public row shape (only called for public claims). */
function asPublicRow(c: Claim): PublicClaimRow {
  const v = c.value;
  return {
    id: c.id,
    entity_id: c.entityId,
    property: c.property,
    value_type: v.type,
    value: v as unknown as Record<string, unknown>,
    value_text: c.valueText,
    search_key: "",
    ref_id: v.type === "entity" ? v.id : null,
    date_earliest: v.type === "date" ? v.date.earliest : null,
    date_latest: v.type === "date" ? v.date.latest : null,
    num_value: v.type === "number" ? String(v.amount) : null,
    sources: c.sources.map((s) => ({ sourceId: s.sourceId, ...(s.locator ? { locator: s.locator } : {}) })),
    editorial: c.editorial,
    confidence: c.confidence,
    status: c.status,
    preferred: c.preferred,
    preferred_reason: c.preferredReason,
    confidence_rule: c.confidenceRule,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    record_id: c.entityId,
    record_ref_id: v.type === "entity" ? v.id : null,
  };
}

/** What a preview needs: the reader with the draft overlaid, the draft, and its revision count. */
export interface PreviewData {
  reader: SiteReader;
  entity: PublicEntityRow;
  revisions: number;
}

/**
 * Loads an article for preview by a signed-in viewer.
 * @throws SabtError not_found for anonymous viewers, unknown ids, non-articles, or articles the viewer may not read.
 */
export async function loadArticlePreview(db: Db, viewer: Viewer, base: SiteReader, id: string): Promise<PreviewData> {
  if (viewer.kind === "anonymous") throw notFound("Article");
  const e = await getEntity(db, viewer, id);
  if (e.type !== "article") throw notFound("Article");
  const claims = (await listClaims(db, viewer, e.id)).filter((c) => c.visibility === "public" && c.status !== "retracted");
  const footnotes = new Map<string, number>();
  for (const c of claims) {
    const m = /^footnote-(\d+)$/.exec(c.confidenceRule ?? "");
    if (m) footnotes.set(c.id, Number(m[1]));
  }
  const entity: PublicEntityRow = {
    id: e.id,
    type: e.type,
    slug: e.slug,
    label: e.label,
    is_fictional: e.isFictional,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
  const revisions = (await listEntityRevisions(db, viewer, e.id)).length;
  return { reader: overlayReader(base, entity, claims.map(asPublicRow), footnotes), entity, revisions };
}
