/**
 * The search page: a name (optional) and filters by prison, city, list, gender, role and year of
 * death in either calendar, as a GET form that works without JavaScript; paged results that tell
 * namesakes apart. Runs the spine's search as the anonymous viewer (the public projection only).
 */
import type { Db, PublicEntityRow } from "../../db/index.ts";
import { num, type Lang } from "../../i18n/index.ts";
import { search, type PeopleRestriction, type SearchHit } from "../../search/index.ts";
import { ANONYMOUS } from "../../shared/viewer.ts";
import { tf, type FindStringKey } from "../i18n/find-strings.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { findQueryString, GENDERS, hasFilters, HITS_PER_PAGE, MAX_PAGE, ROLES, YEAR_CALENDARS, type FindQuery } from "../model/filters.ts";
import { loadNames, type Names } from "../model/names.ts";
import { loadHitDetails, loadListSources, resolveFilter, type ListSources } from "../model/people.ts";
import { entityPath, sharePath } from "../paths.ts";
import { HitFacts } from "./hits.tsx";
import type { PageCtx, PageResult } from "./page.ts";

// A text search reads at most this many hits (25 pages): deeper pages of one name help no reader.
const SEARCH_HITS = 500;

type Hit = Pick<SearchHit, "id" | "type" | "slug" | "label">;

interface Found {
  hits: readonly Hit[];
  /**
   * Whether a next page exists. Results are not counted: a broad filter matches tens of thousands
   * of people, and counting them cost more than finding a page of them.
   */
  more: boolean;
}

/** What the form offers (read from public data; the routes reuse it for a few seconds). */
export interface FindChoices {
  prisons: readonly string[];
  cities: readonly string[];
  lists: ListSources;
  names: Names;
}

/** Reads the filter choices: prisons, cities and lists of the public data, with their names. */
export async function loadFindChoices(reader: PageCtx["reader"]): Promise<FindChoices> {
  const [lists, prisons, cities] = await Promise.all([loadListSources(reader), reader.placeChoices("prison"), reader.placeChoices("city")]);
  const names = await loadNames(reader, [...prisons, ...cities, ...lists.byList.keys()]);
  return { prisons, cities, lists, names };
}

/** Text hits, without articles that are not published yet. */
async function textHits(ctx: PageCtx, db: Db, q: string, opts: { personsOnly: boolean; limit: number; within?: PeopleRestriction }): Promise<SearchHit[]> {
  const hits = await search(db, ANONYMOUS, q, { type: opts.personsOnly ? "person" : undefined, limit: opts.limit, within: opts.within });
  const articleIds = hits.filter((h) => h.type === "article").map((h) => h.id);
  if (articleIds.length === 0) return hits;
  const published = new Set((await ctx.reader.publishedArticles({ limit: articleIds.length, offset: 0, ids: articleIds })).map((a) => a.id));
  return hits.filter((h) => h.type !== "article" || published.has(h.id));
}

/** The page of hits the query asks for, and whether there are more. */
async function find(ctx: PageCtx, db: Db, q: FindQuery, lists: ListSources): Promise<Found | undefined> {
  const filtered = hasFilters(q);
  const page = { limit: HITS_PER_PAGE, offset: (q.page - 1) * HITS_PER_PAGE };
  const pageOf = (hits: readonly Hit[]): Found => ({
    hits: hits.slice(page.offset, page.offset + page.limit),
    more: hits.length > page.offset + page.limit && q.page < MAX_PAGE,
  });
  // Text hits up to this page and one more, which says whether there is a next page.
  const textLimit = Math.min(SEARCH_HITS, page.offset + page.limit + 1);
  if (!filtered) {
    if (!q.q) return undefined;
    return pageOf(await textHits(ctx, db, q.q, { personsOnly: false, limit: textLimit }));
  }
  const filter = await resolveFilter(ctx.reader, q, lists);
  if (q.q) {
    // The filters narrow the search itself, so every hit read is one of the people they describe
    // (filtering the best few hundred hits of a common name would miss the one a family seeks).
    return pageOf(await textHits(ctx, db, q.q, { personsOnly: true, limit: textLimit, within: ctx.reader.peopleMatching(filter, lists.all) }));
  }
  // One more than a page says whether there is a next one.
  const people = await ctx.reader.findPeople(filter, { ...page, limit: page.limit + 1 }, lists.all);
  return {
    hits: people.slice(0, page.limit).map((p: PublicEntityRow) => ({ id: p.id, type: p.type, slug: p.slug, label: p.label })),
    more: people.length > page.limit && q.page < MAX_PAGE,
  };
}

function Choice({ lang, name, label, value, options }: { lang: Lang; name: string; label: string; value: string | undefined; options: readonly { value: string; label: string }[] }) {
  return (
    <p class="field">
      <label for={`f-${name}`}>{label}</label>{" "}
      <select id={`f-${name}`} name={name}>
        <option value="">{tf(lang, "anyValue")}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </p>
  );
}

/** The search form: a GET form, so every search is an address to keep and share. */
function FindForm({ lang, q, choices }: { lang: Lang; q: FindQuery; choices: FindChoices }) {
  const { names } = choices;
  const byName = (ids: readonly string[]) => ids.map((id) => ({ value: id, label: names.name(id, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang));
  const words = (keys: readonly FindStringKey[]) => keys.map((k) => ({ value: k, label: tf(lang, k) }));
  return (
    <form class="search find" action={`/${lang}/search`} method="get" role="search">
      <p class="field">
        <label for="q">{t(lang, "searchLabel")}</label>{" "}
        <input id="q" name="q" type="search" value={q.q} placeholder={t(lang, "searchLabel")} />
      </p>
      <fieldset>
        <legend>{tf(lang, "filters")}</legend>
        <Choice lang={lang} name="prison" label={tf(lang, "prison")} value={q.prison} options={byName(choices.prisons)} />
        <Choice lang={lang} name="city" label={tf(lang, "city")} value={q.city} options={byName(choices.cities)} />
        <Choice lang={lang} name="list" label={tf(lang, "list")} value={q.list} options={byName([...choices.lists.byList.keys()])} />
        <Choice lang={lang} name="gender" label={tf(lang, "gender")} value={q.gender} options={words(GENDERS)} />
        <Choice lang={lang} name="role" label={tf(lang, "role")} value={q.role} options={words(ROLES)} />
        <p class="field">
          <label for="f-year">{tf(lang, "yearOfDeath")}</label>{" "}
          <input id="f-year" name="year" inputmode="numeric" size={4} maxlength={4} value={q.year === undefined ? "" : String(q.year)} />{" "}
          <label for="f-cal">{tf(lang, "calendar")}</label>{" "}
          <select id="f-cal" name="cal">
            {YEAR_CALENDARS.map((c) => (
              <option value={c} selected={c === q.cal}>
                {tf(lang, c)}
              </option>
            ))}
          </select>
        </p>
      </fieldset>
      <button type="submit">{t(lang, "searchButton")}</button>
    </form>
  );
}

/** Previous and next links of the results, keeping the query. */
function ResultPager({ lang, q, more }: { lang: Lang; q: FindQuery; more: boolean }) {
  if (q.page <= 1 && !more) return null;
  const href = (p: number) => `/${lang}/search${findQueryString(q, p)}`;
  return (
    <nav class="pager" aria-label={t(lang, "page")}>
      {q.page > 1 ? <a href={href(q.page - 1)} rel="prev">{t(lang, "previous")}</a> : <span />}
      <span>
        {t(lang, "page")} {num(lang, q.page)}
      </span>
      {more ? <a href={href(q.page + 1)} rel="next">{t(lang, "next")}</a> : <span />}
    </nav>
  );
}

/** Builds the search page for a query (text, filters, page) with the form's choices. */
export async function buildFindPage(ctx: PageCtx, db: Db, q: FindQuery, choices: FindChoices): Promise<PageResult> {
  const { lang, reader } = ctx;
  const found = await find(ctx, db, q, choices.lists);
  const hits = found?.hits ?? [];
  const persons = hits.filter((h) => h.type === "person").map((h) => h.id);
  const facts = await loadHitDetails(reader, persons, choices.lists, hits.map((h) => h.id));
  const hitNames = facts.names;
  const path = `/${lang}/search`;
  const asked = q.q.length > 0 || hasFilters(q);
  return {
    meta: {
      lang,
      title: q.q ? `${t(lang, "search")}: ${q.q}` : t(lang, "search"),
      description: t(lang, "searchLabel"),
      path,
      alternates: { fa: "/fa/search", en: "/en/search" },
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [],
      fictional: false,
      noindex: asked,
    },
    body: (
      <>
        <h1>{t(lang, "search")}</h1>
        <FindForm lang={lang} q={q} choices={choices} />
        {!asked ? <p>{tf(lang, "findHint")}</p> : null}
        {asked && hits.length === 0 ? <p>{hasFilters(q) ? tf(lang, "noMatch") : t(lang, "noResults")}</p> : null}
        <ul class="cards hits">
          {hits.map((h) => {
            const href = entityPath(lang, h.type, h.slug);
            const name = hitNames.name(h.id, lang) || h.label;
            return (
              <li>
                {href ? <a href={href}>{name}</a> : name}
                {h.type === "person" ? null : <small class="meta"> ({typeName(lang, h.type)})</small>}
                {h.type === "person" ? <HitFacts lang={lang} d={facts.details.get(h.id)} names={facts.names} /> : null}
              </li>
            );
          })}
        </ul>
        <ResultPager lang={lang} q={q} more={found?.more ?? false} />
      </>
    ),
  };
}
