/**
 * Names and links of referenced entities in a language: one batched load of their public
 * entities and title/name/label claims, then synchronous lookups while rendering.
 */
import type { PublicClaimRow, PublicEntityRow } from "../../db/index.ts";
import type { Lang } from "../../i18n/index.ts";
import { entityPath } from "../paths.ts";
import type { SiteReader } from "../site.reader.ts";
import { displayName, groupByEntity } from "./values.ts";

/** Resolved names and links of a set of public entities. */
export interface Names {
  /** The public entity, or undefined when it is not public. */
  entity(id: string): PublicEntityRow | undefined;
  /** Its name in the language (falls back to the other language, then the label). */
  name(id: string, lang: Lang): string;
  /** Its page path in the language, when it has a page. */
  path(id: string, lang: Lang): string | undefined;
}

const LABEL_PROPERTIES = ["title", "name", "label"];

/**
 * Loads the names of the given entities; ids that are not public resolve to nothing. `known`
 * holds every public claim of some of the ids, already read (a page's people), so that they are
 * not read twice.
 */
export async function loadNames(
  reader: SiteReader,
  ids: readonly string[],
  known?: { ids: readonly string[]; claims: readonly PublicClaimRow[] },
): Promise<Names> {
  const unique = [...new Set(ids)];
  const covered = new Set(known?.ids ?? []);
  const missing = unique.filter((id) => !covered.has(id));
  const [entities, claims] = await Promise.all([
    reader.entitiesByIds(unique),
    missing.length > 0 ? reader.claimsOf(missing, LABEL_PROPERTIES) : Promise.resolve([]),
  ]);
  const knownLabels = (known?.claims ?? []).filter((c) => LABEL_PROPERTIES.includes(c.property));
  const byEntity = groupByEntity([...knownLabels, ...claims]);
  const cache = new Map<string, string>();
  return {
    entity: (id) => entities.get(id),
    name(id, lang) {
      const key = `${lang}:${id}`;
      let v = cache.get(key);
      if (v === undefined) {
        const e = entities.get(id);
        v = e ? displayName(byEntity.get(id) ?? [], lang, e.label) : "";
        cache.set(key, v);
      }
      return v;
    },
    path(id, lang) {
      const e = entities.get(id);
      return e ? entityPath(lang, e.type, e.slug) : undefined;
    },
  };
}
