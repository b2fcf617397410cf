/** A list of people with what tells namesakes apart: life dates in both calendars, city, prison, lists. */
import { bothCalendars, type Lang } from "../../i18n/index.ts";
import type { PublicEntityRow } from "../../db/index.ts";
import { tf } from "../i18n/find-strings.ts";
import type { Names } from "../model/names.ts";
import type { HitDetails, Place } from "../model/people.ts";
import { entityPath } from "../paths.ts";

function PlaceName({ lang, place, names }: { lang: Lang; place: Place; names: Names }) {
  if ("text" in place) return <>{place.text}</>;
  const path = names.path(place.id, lang);
  return path ? <a href={path}>{names.name(place.id, lang)}</a> : <>{names.name(place.id, lang)}</>;
}

function Places({ lang, label, places, names }: { lang: Lang; label: string; places: readonly Place[]; names: Names }) {
  if (places.length === 0) return null;
  return (
    <span class="hit-fact">
      {label}:{" "}
      {places.map((p, i) => (
        <>
          {i > 0 ? (lang === "fa" ? "، " : ", ") : ""}
          <PlaceName lang={lang} place={p} names={names} />
        </>
      ))}
    </span>
  );
}

/** One person's distinguishing facts, or nothing when the public record has none. */
export function HitFacts({ lang, d, names }: { lang: Lang; d: HitDetails | undefined; names: Names }) {
  if (!d) return null;
  const life = [d.birth ? `${tf(lang, "born")} ${bothCalendars(lang, d.birth)}` : "", d.death ? `${tf(lang, "died")} ${bothCalendars(lang, d.death)}` : ""].filter(Boolean);
  const facts = life.length + d.cities.length + d.prisons.length + d.lists.length;
  if (facts === 0) return null;
  return (
    <p class="meta hit-facts">
      {life.length > 0 ? <span class="hit-fact">{life.join(" – ")}</span> : null}{" "}
      <Places lang={lang} label={tf(lang, "city")} places={d.cities} names={names} />{" "}
      <Places lang={lang} label={tf(lang, "prison")} places={d.prisons} names={names} />{" "}
      <Places lang={lang} label={tf(lang, "onLists")} places={d.lists.map((id) => ({ id }))} names={names} />
    </p>
  );
}

/** People as a list of links, each with its distinguishing facts. */
export function PeopleHits({
  lang,
  people,
  details,
  names,
  personNames,
}: {
  lang: Lang;
  people: readonly PublicEntityRow[];
  details: ReadonlyMap<string, HitDetails>;
  names: Names;
  personNames: Names;
}) {
  return (
    <ul class="cards hits">
      {people.map((p) => (
        <li>
          <a href={entityPath(lang, "person", p.slug)}>{personNames.name(p.id, lang) || p.label}</a>
          <HitFacts lang={lang} d={details.get(p.id)} names={names} />
        </li>
      ))}
    </ul>
  );
}
