/**
 * Lists and statistics: counts of what is public, people linked to each prison, recorded deaths
 * by month, people named by each victim list, as plain SVG bar charts (no script), and the
 * statistical estimates the team has published (from the public projection's `public_estimate`),
 * each with its interval, the number of distinct people the linked lists name, and a chart.
 */
import type { PartialDate } from "../../dates/index.ts";
import { mainCalendar, num, type Lang } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { loadNames } from "../model/names.ts";
import { homePath, SECTION_OF, sectionPath, sharePath, type PagedType } from "../paths.ts";
import { Crumbs } from "./components.tsx";
import { breadcrumbLd, type PageCtx, type PageResult } from "./page.ts";

/** A published estimate with its interval. */
export interface PublishedEstimate {
  label: Record<Lang, string>;
  point: number;
  low: number;
  /** Infinity when the data cannot bound the total from above. */
  high: number;
  /** e.g. "95% interval". */
  interval: Record<Lang, string>;
  /** Distinct people named by the linked lists (after record linkage). */
  observed?: number;
  /** List records those people were linked from. */
  records?: number;
  /** How many lists were linked. */
  lists?: number;
}

// Strings of the estimates section, kept beside it (the rest of the page uses i18n/strings.ts).
const EST = {
  en: {
    linked: (people: string, lists: string, records: string) => `${people} distinct people named on at least one of ${lists} lists (${records} list records, linked)`,
    estimate: "Estimated total, recorded or not",
    unbounded: "unbounded",
    interval: (level: string) => `${level}% interval`,
    chart: "Estimate with its interval; the dashed line is the number of people the lists name",
  },
  fa: {
    linked: (people: string, lists: string, records: string) => `${people} فرد متمایز که دست‌کم در یکی از ${lists} فهرست نام برده شده‌اند (${records} ردیف فهرست، پس از پیوند)`,
    estimate: "شمار کل برآوردشده، ثبت‌شده یا نه",
    unbounded: "بی‌کران",
    interval: (level: string) => `بازهٔ ${level}٪`,
    chart: "برآورد با بازه‌اش؛ خط‌چین شمار افرادی است که فهرست‌ها نام برده‌اند",
  },
} as const;

/** The estimates the team published, in the shape of the page. */
async function publishedEstimates(ctx: PageCtx): Promise<PublishedEstimate[]> {
  const rows = await ctx.reader.publishedEstimates();
  return rows.map((r) => {
    const level = String(Math.round(r.level * 100));
    return {
      label: { fa: r.label_fa, en: r.label_en },
      point: r.median,
      low: r.lower,
      high: r.upper ?? Infinity,
      interval: { fa: EST.fa.interval(num("fa", Number(level))), en: EST.en.interval(level) },
      observed: r.observed,
      records: r.records,
      lists: r.list_count,
    };
  });
}

/** One estimate as a horizontal interval: shaded interval, the point as a bar, the observed count dashed. */
function IntervalChart({ lang, e }: { lang: Lang; e: PublishedEstimate }) {
  const w = 600;
  const h = 64;
  const top = Math.max(e.point, Number.isFinite(e.high) ? e.high : e.point * 1.5, e.observed ?? 0) * 1.1 || 1;
  const rtl = lang === "fa";
  const x = (v: number) => {
    const f = Math.min(1, Math.max(0, v / top));
    return Math.round((rtl ? 1 - f : f) * (w - 20) + 10);
  };
  const hi = Number.isFinite(e.high) ? e.high : top;
  const [a, b] = [x(e.low), x(hi)].sort((p, q) => p - q) as [number, number];
  return (
    <svg class="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={EST[lang].chart}>
      <title>{EST[lang].chart}</title>
      <line x1="10" x2={w - 10} y1="40" y2="40" stroke="#555" />
      <rect x={a} y="18" width={Math.max(2, b - a)} height="22" fill="#c9d9ea" />
      <rect class="bar" x={x(e.point) - 2} y="12" width="4" height="30" />
      {e.observed !== undefined ? <line x1={x(e.observed)} x2={x(e.observed)} y1="10" y2="44" stroke="#333" stroke-dasharray="4 3" /> : null}
      <text x={x(0)} y="58" text-anchor={rtl ? "end" : "start"}>
        {num(lang, 0)}
      </text>
      <text x={x(e.point)} y="58" text-anchor="middle">
        {num(lang, Math.round(e.point))}
      </text>
    </svg>
  );
}

/** The estimates section: each published estimate with the linked count, its interval and a chart. */
function Estimates({ lang, estimates }: { lang: Lang; estimates: readonly PublishedEstimate[] }) {
  const whole = (v: number) => (Number.isFinite(v) ? num(lang, Math.round(v)) : EST[lang].unbounded);
  return (
    <section id="estimates" aria-labelledby="estimates-h">
      <h2 id="estimates-h">{t(lang, "estimates")}</h2>
      {estimates.length === 0 ? (
        <p>{t(lang, "estimatesPending")}</p>
      ) : (
        estimates.map((e) => (
          <figure class="estimate">
            <figcaption>{e.label[lang]}</figcaption>
            {e.observed !== undefined ? <p>{EST[lang].linked(num(lang, e.observed), num(lang, e.lists ?? 0), num(lang, e.records ?? 0))}</p> : null}
            <p>
              {EST[lang].estimate}: <strong>{whole(e.point)}</strong> ({e.interval[lang]}: {whole(e.low)}–{whole(e.high)})
            </p>
            <IntervalChart lang={lang} e={e} />
          </figure>
        ))
      )}
    </section>
  );
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
  const counts = await reader.countEntitiesByType();
  const prisons = await reader.claimsByProperty("prison");
  const perPrison = new Map<string, Set<string>>();
  for (const c of prisons) if (c.ref_id) perPrison.set(c.ref_id, (perPrison.get(c.ref_id) ?? new Set()).add(c.entity_id));
  const deaths = await reader.claimsByProperty("death_date");
  const perMonth = new Map<string, Set<string>>();
  for (const c of deaths) {
    const ym = c.date_earliest?.slice(0, 7);
    if (ym && ym === c.date_latest?.slice(0, 7)) perMonth.set(ym, (perMonth.get(ym) ?? new Set()).add(c.entity_id));
  }
  const lists = await reader.entitiesOfType("list", { limit: 200, offset: 0 });
  const listCounts = await reader.countEntitiesCitingSources(lists.map((l) => l.id));
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
        <Estimates lang={lang} estimates={[...(await publishedEstimates(ctx)), ...estimates]} />
      </>
    ),
  };
}
