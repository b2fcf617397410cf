/**
 * The entity picker's server side: what a picker field names, resolved on submit (so the form
 * works without JavaScript), and the matches the typeahead asks for. Both go through the same
 * services as everything else: `getEntity` for ids and address names, `search` for names in
 * Persian or Latin script, so a member never sees a record (or a label) they may not read.
 */
import type { Db } from "../db/index.ts";
import { findEntitiesByLabelText, getEntity, type EntityType } from "../entities/index.ts";
import { search } from "../search/index.ts";
import { findUnstorableText } from "../http/index.ts";
import { isSabtError } from "../shared/errors.ts";
import type { Viewer } from "../shared/viewer.ts";
import type { AuthoringMessages } from "./authoring.i18n.ts";

/** A record a picker may offer. */
export interface Picked {
  id: string;
  label: string;
  type: string;
}

/** What a picker field resolved to on submit. */
export interface PickResult {
  /** What the member typed. */
  q: string;
  picked?: Picked;
  /** Set when the field needs attention (in the page's language). */
  error?: string;
  /** Several matches: the member chooses one on the re-rendered form. */
  choices?: Picked[];
}

/** A parsed form: string fields only, in a Map (never looked up in a plain object). */
export type FormValues = ReadonlyMap<string, string>;

/** The string fields of a parsed body, without the anti-CSRF token. */
export function formValuesOf(form: Record<string, unknown>): FormValues {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(form)) if (typeof v === "string" && k !== "_csrf") out.set(k, v);
  return out;
}

async function byIdOrSlug(db: Db, viewer: Viewer, text: string): Promise<Picked | undefined> {
  if (!/^[\p{L}\p{N}_-]{1,80}$/u.test(text)) return undefined;
  try {
    const e = await getEntity(db, viewer, text);
    return { id: e.id, label: e.label, type: e.type };
  } catch (e) {
    if (isSabtError(e) && e.id === "not_found") return undefined;
    throw e;
  }
}

/**
 * Records the viewer may see that match `q`, restricted to `types` (none: any type): the record
 * whose id or address name is `q` first, then public search's matches (names in either script).
 */
export async function lookupEntities(db: Db, viewer: Viewer, q: string, types: readonly EntityType[], limit = 10): Promise<Picked[]> {
  const text = q.trim().slice(0, 200);
  if (!text || findUnstorableText(text) !== undefined) return [];
  const allowed = (t: string) => types.length === 0 || (types as readonly string[]).includes(t);
  const out: Picked[] = [];
  const exact = await byIdOrSlug(db, viewer, text);
  if (exact && allowed(exact.type)) out.push(exact);
  try {
    const hits = await search(db, viewer, text, { type: types.length === 1 ? types[0] : undefined, limit: types.length > 1 ? limit * 3 : limit });
    for (const h of hits) if (allowed(h.type) && !out.some((o) => o.id === h.id)) out.push({ id: h.id, label: h.label, type: h.type });
  } catch (e) {
    // Text that normalizes to nothing (punctuation only) matches nothing.
    if (!isSabtError(e) || e.id !== "validation_failed") throw e;
  }
  // Records known by their label only (made through the API or the CLI without a name claim).
  if (out.length < limit) {
    for (const e of await findEntitiesByLabelText(db, viewer, text, { types, limit })) {
      if (!out.some((o) => o.id === e.id)) out.push({ id: e.id, label: e.label, type: e.type });
    }
  }
  return out.slice(0, limit);
}

/**
 * Resolves a picker field of a submitted form: the id chosen (by the typeahead, or among the
 * choices of a re-rendered form), else the typed text when exactly one record matches it.
 */
export async function resolvePick(
  db: Db,
  viewer: Viewer,
  values: FormValues,
  name: string,
  opts: { types: readonly EntityType[]; required: boolean; t: AuthoringMessages },
): Promise<PickResult> {
  const q = (values.get(`${name}_q`) ?? "").trim();
  const choice = (values.get(`${name}_pick`) ?? "").trim();
  const id = choice || (values.get(name) ?? "").trim();
  const { t } = opts;
  const allowed = (type: string) => opts.types.length === 0 || (opts.types as readonly string[]).includes(type);
  const e = id ? await byIdOrSlug(db, viewer, id) : undefined;
  // The id stands unless the member typed something else over it (without the script, the
  // hidden id of an earlier choice stays in the form while the text changes).
  if (id && (choice || !q || (e && [e.label, e.id].includes(q)))) {
    if (!e) return { q, error: t.noMatch };
    return allowed(e.type) ? { q, picked: e } : { q, error: t.wrongType };
  }
  if (!q) return opts.required ? { q, error: t.required } : { q };
  const matches = await lookupEntities(db, viewer, q, opts.types, 10);
  if (matches.length === 1) return { q, picked: matches[0]! };
  // A label typed in full picks its record even when looser matches come along with it.
  const exact = matches.filter((m) => m.label.toLocaleLowerCase() === q.toLocaleLowerCase());
  if (exact.length === 1) return { q, picked: exact[0]! };
  if (matches.length === 0) return { q, error: t.noMatch };
  return { q, error: t.chooseOne, choices: matches };
}
