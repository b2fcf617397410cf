/**
 * Names and links of referenced entities in a language: one batched load of their public
 * entities and title/name/label claims, then synchronous lookups while rendering.
 */
import type { PublicEntityRow } from "../../db/index.ts";
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

/** Loads the names of the given entities; ids that are not public resolve to nothing. */
export async function loadNames(reader: SiteReader, ids: readonly string[]): Promise<Names> {
  const unique = [...new Set(ids)];
  const [entities, claims] = await Promise.all([reader.entitiesByIds(unique), reader.claimsOf(unique, LABEL_PROPERTIES)]);
  const byEntity = groupByEntity(claims);
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
