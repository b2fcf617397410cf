/**
 * Lists and statistics: counts of what is public, people linked to each prison, recorded deaths
 * by month, people named by each victim list, as plain SVG bar charts (no script), and a slot for
 * the statistical estimates with their intervals once the team publishes them.
 */
import type { PartialDate } from "../../dates/index.ts";
import { mainCalendar, num, type Lang } from "../i18n/lang.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { loadNames } from "../model/names.ts";
import { homePath, SECTION_OF, sectionPath, sharePath, type PagedType } from "../paths.ts";
import {
  countEntitiesCitingSources,
  countPublicEntitiesByType,
  findPublicClaimsByProperty,
  findPublicEntitiesOfType,
} from "../public.repository.ts";
import { Crumbs } from "./components.tsx";
import { breadcrumbLd, type PageCtx, type PageResult } from "./page.ts";

/** A published estimate with its interval (the estimation issue fills these in). */
export interface PublishedEstimate {
  label: Record<Lang, string>;
  point: number;
  low: number;
  high: number;
  /** e.g. "95% interval". */
  interval: Record<Lang, string>;
}

/** A horizontal bar chart as inline SVG; bars are drawn from the reading side. */
export function BarChart({ lang, rows, title }: { lang: Lang; rows: readonly { label: string; value: number }[]; title: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 22;
  const labelW = 220;
  const barW = 320;
  const height = rows.length * rowH + 4;
  const rtl = lang === "fa";
  return (
    <svg class="chart" viewBox={`0 0 600 ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {rows.map((r, i) => {
        const w = Math.max(1, Math.round((r.value / max) * barW));
        const y = i * rowH + 2;
        const barX = rtl ? 600 - labelW - w : labelW;
        return (
          <g>
            <text x={rtl ? 595 : 0} y={y + 15} text-anchor={rtl ? "end" : "start"}>
              {r.label.slice(0, 32)}
            </text>
            <rect class="bar" x={barX} y={y} width={w} height={rowH - 6} />
            <text x={rtl ? barX - 4 : barX + w + 4} y={y + 15} text-anchor={rtl ? "end" : "start"}>
              {num(lang, r.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function monthDate(ym: string): PartialDate {
  const [y, m] = ym.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { original: ym, calendar: "gregorian", precision: "month", qualifier: "exact", year: y, month: m, earliest: `${ym}-01`, latest: `${ym}-${String(last).padStart(2, "0")}` };
}

/** Builds the statistics page. */
export async function buildStatsPage(ctx: PageCtx, estimates: readonly PublishedEstimate[] = []): Promise<PageResult> {
  const { lang, reader, base } = ctx;
  const counts = await countPublicEntitiesByType(reader.pdb);
  const prisons = await findPublicClaimsByProperty(reader.pdb, "prison");
  const perPrison = new Map<string, Set<string>>();
  for (const c of prisons) if (c.ref_id) perPrison.set(c.ref_id, (perPrison.get(c.ref_id) ?? new Set()).add(c.entity_id));
  const deaths = await findPublicClaimsByProperty(reader.pdb, "death_date");
  const perMonth = new Map<string, Set<string>>();
  for (const c of deaths) {
    const ym = c.date_earliest?.slice(0, 7);
    if (ym && ym === c.date_latest?.slice(0, 7)) perMonth.set(ym, (perMonth.get(ym) ?? new Set()).add(c.entity_id));
  }
  const lists = await findPublicEntitiesOfType(reader.pdb, "list", { limit: 200, offset: 0 });
  const listCounts = await countEntitiesCitingSources(reader.pdb, lists.map((l) => l.id));
  const names = await loadNames(reader, [...perPrison.keys(), ...lists.map((l) => l.id)]);
  const prisonRows = [...perPrison]
    .map(([id, s]) => ({ label: names.name(id, lang), value: s.size }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 15);
  const monthRows = [...perMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-24)
    .map(([ym, s]) => ({ label: mainCalendar(lang, monthDate(ym)), value: s.size }));
  const types: PagedType[] = ["person", "place", "event", "organization", "position", "source", "list", "article"];
  const path = `/${lang}/statistics`;
  const crumbs = [
    { name: t(lang, "home"), path: homePath(lang) },
    { name: t(lang, "statistics"), path },
  ];
  return {
    meta: {
      lang,
      title: t(lang, "statistics"),
      description: `${t(lang, "counts")}, ${t(lang, "victimsByPlace")}, ${t(lang, "deathsByMonth")}`,
      path,
      alternates: { fa: "/fa/statistics", en: "/en/statistics" },
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [breadcrumbLd(base, crumbs)],
      fictional: lists.some((l) => l.is_fictional),
    },
    body: (
      <>
        <Crumbs items={crumbs.slice(0, 1)} />
        <h1>{t(lang, "statistics")}</h1>
        <h2>{t(lang, "counts")}</h2>
        <table class="counts">
          <tbody>
            {types.map((ty) => (
              <tr>
                <th scope="row">
                  <a href={sectionPath(lang, SECTION_OF[ty])}>{typeName(lang, ty)}</a>
                </th>
                <td>{num(lang, counts.get(ty) ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t(lang, "lists")}</h2>
        <ul>
          {lists.map((l) => (
            <li>
              <a href={names.path(l.id, lang)}>{names.name(l.id, lang)}</a>: {num(lang, listCounts.get(l.id) ?? 0)} {t(lang, "linkedVictims")}
            </li>
          ))}
        </ul>
        {prisonRows.length > 0 ? (
          <>
            <h2>{t(lang, "victimsByPlace")}</h2>
            <BarChart lang={lang} rows={prisonRows} title={t(lang, "victimsByPlace")} />
          </>
        ) : null}
        {monthRows.length > 0 ? (
          <>
            <h2>{t(lang, "deathsByMonth")}</h2>
            <BarChart lang={lang} rows={monthRows} title={t(lang, "deathsByMonth")} />
          </>
        ) : null}
        <section id="estimates" aria-labelledby="estimates-h">
          <h2 id="estimates-h">{t(lang, "estimates")}</h2>
          {estimates.length === 0 ? (
            <p>{t(lang, "estimatesPending")}</p>
          ) : (
            <ul>
              {estimates.map((e) => (
                <li>
                  {e.label[lang]}: {num(lang, e.point)} ({e.interval[lang]}: {num(lang, e.low)}–{num(lang, e.high)})
                </li>
              ))}
            </ul>
          )}
        </section>
      </>
    ),
  };
}
