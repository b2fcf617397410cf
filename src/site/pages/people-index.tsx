/**
 * Ways into the people of the collection besides search (issue 12): the letter bar and a letter's
 * people (Persian alphabet and A–Z), the officials (people holding a position or accused in a
 * legal case), and the public names on a list. Each is paged by path (`/page/2`), so every page is
 * also a file in the static export; past the last page is a 404.
 */
import type { PublicEntityRow } from "../../db/index.ts";
import { num, type Lang } from "../../i18n/index.ts";
import type { PeopleFilter } from "../find.repository.ts";
import { tf } from "../i18n/find-strings.ts";
import { t } from "../i18n/strings.ts";
import { INDEX_LETTERS, type IndexLetter } from "../model/letters.ts";
import { loadNames } from "../model/names.ts";
import { loadHitDetails, loadListSources } from "../model/people.ts";
import { displayName } from "../model/values.ts";
import { entityPath, homePath, letterPath, listNamesPath, officialsPath, PAGE_SIZE, sectionPath, sharePath } from "../paths.ts";
import { Crumbs, Pager } from "./components.tsx";
import { PeopleHits } from "./hits.tsx";
import { breadcrumbLd, type PageCtx, type PageResult } from "./page.ts";

// Counts stop here: the last page a reader can page to (a list of 100,000 names is searched,
// not paged through).
const MAX_PAGES = 200;
const COUNT_CAP = PAGE_SIZE * MAX_PAGES;

/** The letter bar of the people index: the Persian alphabet, then A–Z. */
export function LetterBar({ lang, current }: { lang: Lang; current?: string | undefined }) {
  const row = (script: IndexLetter["script"]) =>
    INDEX_LETTERS.filter((l) => l.script === script).map((l) => (
      <li>
        {l.letter === current ? (
          <strong aria-current="page">{l.letter.toUpperCase()}</strong>
        ) : (
          <a href={letterPath(lang, l.letter)}>{l.letter.toUpperCase()}</a>
        )}
      </li>
    ));
  return (
    <nav class="letters" aria-label={tf(lang, "byLetter")}>
      <ul lang="fa" dir="rtl">{row("Arab")}</ul>
      <ul lang="en" dir="ltr">{row("Latn")}</ul>
    </nav>
  );
}

interface PeoplePageSpec {
  title: string;
  intro?: string | undefined;
  filter: PeopleFilter;
  page: number;
  pathOf: (lang: Lang, page: number) => string;
  crumbs: readonly { name: string; path: string }[];
  before?: unknown;
  /** Shown when nobody matches (instead of a 404 on the first page). */
  empty?: string | undefined;
}

/** A paged page of people matching a filter, each with what tells namesakes apart; undefined past the last page. */
async function buildPeoplePage(ctx: PageCtx, spec: PeoplePageSpec): Promise<PageResult | undefined> {
  const { lang, reader, base } = ctx;
  const lists = await loadListSources(reader);
  const total = await reader.countPeople(spec.filter, COUNT_CAP + 1, lists.all);
  const pages = Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / PAGE_SIZE));
  if (spec.page < 1 || spec.page > pages) return undefined;
  const people = await reader.findPeople(spec.filter, { limit: PAGE_SIZE, offset: (spec.page - 1) * PAGE_SIZE }, lists.all);
  const ids = people.map((p: PublicEntityRow) => p.id);
  const facts = await loadHitDetails(reader, ids, lists);
  const path = spec.pathOf(lang, spec.page);
  const title = spec.page > 1 ? `${spec.title} (${t(lang, "page")} ${num(lang, spec.page)})` : spec.title;
  const shown = total > COUNT_CAP ? `${tf(lang, "moreThan")} ${num(lang, COUNT_CAP)}` : num(lang, total);
  return {
    meta: {
      lang,
      title,
      description: `${spec.title}: ${shown}`,
      path,
      alternates: { fa: spec.pathOf("fa", spec.page), en: spec.pathOf("en", spec.page) },
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [breadcrumbLd(base, [...spec.crumbs, { name: spec.title, path: spec.pathOf(lang, 1) }])],
      fictional: people.some((p) => p.is_fictional),
    },
    body: (
      <>
        <Crumbs items={spec.crumbs} />
        <h1>
          {spec.title} <small class="meta">({shown})</small>
        </h1>
        {spec.before ?? null}
        {spec.intro ? <p>{spec.intro}</p> : null}
        {people.length === 0 && spec.empty ? <p>{spec.empty}</p> : null}
        <PeopleHits lang={lang} people={people} details={facts.details} names={facts.names} personNames={facts.names} />
        <Pager lang={lang} page={spec.page} pages={pages} pathOf={(p) => spec.pathOf(lang, p)} />
      </>
    ),
  };
}

function peopleCrumbs(lang: Lang) {
  return [
    { name: t(lang, "home"), path: homePath(lang) },
    { name: t(lang, "people"), path: sectionPath(lang, "people") },
  ];
}

/** The people whose label or a name starts with a letter (in its script), paged. */
export async function buildLetterPage(ctx: PageCtx, letter: IndexLetter, page: number): Promise<PageResult | undefined> {
  const { lang } = ctx;
  return buildPeoplePage(ctx, {
    title: tf(lang, "letterTitle", letter.letter.toUpperCase()),
    filter: { initials: letter.prefixes },
    page,
    pathOf: (l, p) => letterPath(l, letter.letter, p),
    crumbs: peopleCrumbs(lang),
    before: <LetterBar lang={lang} current={letter.letter} />,
    empty: t(lang, "noResults"),
  });
}

/** The officials: people who held a position or were accused in a legal case, paged. */
export async function buildOfficialsPage(ctx: PageCtx, page: number): Promise<PageResult | undefined> {
  const { lang } = ctx;
  return buildPeoplePage(ctx, {
    title: tf(lang, "officials"),
    intro: tf(lang, "officialsIntro"),
    filter: { role: "official" },
    page,
    pathOf: officialsPath,
    crumbs: [{ name: t(lang, "home"), path: homePath(lang) }],
  });
}

/** The public names on a list, paged; undefined when the list is not public. */
export async function buildListNamesPage(ctx: PageCtx, slug: string, page: number): Promise<PageResult | undefined> {
  const { lang, reader } = ctx;
  const list = await reader.entityBySlug("list", slug);
  if (!list) return undefined;
  const sources = (await reader.listSources()).get(list.id) ?? [list.id];
  const name = displayName(await reader.claimsOf([list.id], ["title", "name", "label"]), lang, list.label);
  return buildPeoplePage(ctx, {
    title: tf(lang, "namesOnListTitle", name),
    filter: { listSources: sources },
    page,
    pathOf: (l, p) => listNamesPath(l, slug, p),
    crumbs: [
      { name: t(lang, "home"), path: homePath(lang) },
      { name: t(lang, "lists"), path: sectionPath(lang, "lists") },
      { name, path: entityPath(lang, "list", slug)! },
    ],
    empty: tf(lang, "noNames"),
  });
}

/** On a list's page: how many public names it holds, the first of them, and the way to all. */
export async function ListNamesPreview({ ctx, list }: { ctx: PageCtx; list: PublicEntityRow }) {
  const { lang, reader } = ctx;
  const sources = (await reader.listSources()).get(list.id) ?? [list.id];
  const filter = { listSources: sources };
  const [total, people] = await Promise.all([reader.countPeople(filter, COUNT_CAP + 1), reader.findPeople(filter, { limit: 20, offset: 0 })]);
  const names = await loadNames(reader, people.map((p) => p.id));
  const shown = total > COUNT_CAP ? `${tf(lang, "moreThan")} ${num(lang, COUNT_CAP)}` : num(lang, total);
  return (
    <section aria-labelledby="list-names-h">
      <h2 id="list-names-h">
        {tf(lang, "namesOnList")} <small class="meta">({shown})</small>
      </h2>
      {people.length === 0 ? <p>{tf(lang, "noNames")}</p> : null}
      <ul>
        {people.map((p) => (
          <li>
            <a href={entityPath(lang, "person", p.slug)}>{names.name(p.id, lang) || p.label}</a>
          </li>
        ))}
      </ul>
      {total > people.length ? (
        <p>
          <a href={listNamesPath(lang, list.slug)}>{tf(lang, "allNamesOnList")}</a>
        </p>
      ) : null}
    </section>
  );
}
