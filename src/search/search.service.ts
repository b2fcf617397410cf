import { publicView, type Db } from "../db/index.ts";
import { nameSearchKey, normalizeText } from "../names/index.ts";
import { validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { searchEntities, searchPublicEntities, type SearchHitRow } from "./search.repository.ts";

/** A search result. */
export type SearchHit = Readonly<SearchHitRow>;

/**
 * Finds entities by any of their values; names match across Persian script and Latin spellings.
 * Anonymous viewers search the public projection only.
 * @throws SabtError validation_failed for an empty query.
 */
export async function search(
  db: Db,
  viewer: Viewer,
  q: string,
  opts: { type?: string | undefined; limit?: number } = {},
): Promise<SearchHit[]> {
  authorize(viewer, "read");
  const normalized = normalizeText(q).trim();
  if (normalized.length === 0) throw validationError("q: the search text is empty");
  const keys = { phonetic: nameSearchKey(q) || normalized, normalized, text: normalized };
  const limit = opts.limit ?? 20;
  if (viewer.kind === "anonymous") return searchPublicEntities(publicView(db), keys, { type: opts.type, limit });
  return searchEntities(db, keys, { visibilities: readableVisibilities(viewer), type: opts.type, limit });
}
