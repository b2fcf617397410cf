/**
 * The estimation pages' markup: the run form, past runs, one run's result with its interval and
 * posterior plot (an <img> of Sabt's own SVG, so no markup from the database is inlined), and
 * the publish form.
 */
import { formatWhen } from "./i18n.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import type { EstimateListItem, EstimateResultJson, EstimateView } from "../lists/index.ts";
import { listsMessages } from "./lists.i18n.ts";

const base = (lang: Lang) => `/team/${lang}/estimation`;
const whole = (lang: Lang, x: number | null) =>
  x === null || !Number.isFinite(x)
    ? listsMessages(lang).unbounded
    : digits(lang, Math.round(x).toLocaleString("en-US"));

/** "median (95% interval lower–upper)". */
export function Interval(p: {
  lang: Lang;
  median: number;
  lower: number;
  upper: number | null;
  level: number;
}) {
  const t = listsMessages(p.lang);
  return (
    <span>
      {whole(p.lang, p.median)} ({digits(p.lang, `${Math.round(p.level * 100)}%`)} {t.interval}{" "}
      {whole(p.lang, p.lower)}–{whole(p.lang, p.upper)})
    </span>
  );
}

/** The form that runs an estimate. */
export function EstimateForm(p: { lang: Lang; csrf: string }) {
  const t = listsMessages(p.lang);
  const field = (name: string, label: string, value: string) => (
    <>
      <label for={name}>{label}</label>
      <input id={name} name={name} type="number" min="0" value={value} />
    </>
  );
  return (
    <section aria-labelledby="est-h">
      <h2 id="est-h">{t.runEstimate}</h2>
      <p>{t.runEstimateHelp}</p>
      <form method="post" action={`${base(p.lang)}/run`}>
        <CsrfField token={p.csrf} />
        <label for="method">{t.method}</label>
        <select id="method" name="method">
          <option value="lcmcr" selected>
            LCMCR
          </option>
          <option value="loglinear">log-linear</option>
        </select>
        <label for="model">{t.model}</label>
        <input id="model" name="model" type="text" value="best-bic" maxlength={200} />
        {field("seed", t.seed, "1")}
        {field("iterations", t.iterations, "1000")}
        {field("burnin", t.burnin, "1000")}
        {field("thinning", t.thinning, "5")}
        {field("chains", t.chains, "2")}
        <label for="strata">{t.strata}</label>
        <select id="strata" name="strata">
          <option value="" selected>
            {t.none}
          </option>
          <option value="prison">{t.prison}</option>
          <option value="city">{t.city}</option>
        </select>
        <p>
          <button type="submit">{t.run}</button>
        </p>
      </form>
    </section>
  );
}

/** Past runs, newest first. */
export function EstimateList(p: { lang: Lang; runs: readonly EstimateListItem[] }) {
  const t = listsMessages(p.lang);
  if (p.runs.length === 0) return <p>{t.noEstimates}</p>;
  return (
    <table>
      <caption>{t.estimates}</caption>
      <thead>
        <tr>
          <th scope="col">{t.when}</th>
          <th scope="col">{t.method}</th>
          <th scope="col">{t.observed}</th>
          <th scope="col">{t.estimate}</th>
          <th scope="col">{t.published}</th>
        </tr>
      </thead>
      <tbody>
        {p.runs.map((r) => (
          <tr>
            <td>
              <a href={`${base(p.lang)}/${r.id}`}>{formatWhen(p.lang, r.created_at)}</a>
            </td>
            <td>
              {r.method}
              {r.strata ? ` / ${t[r.strata]}` : ""}
            </td>
            <td>{digits(p.lang, r.observed)}</td>
            <td>
              <Interval lang={p.lang} median={r.median} lower={r.lower} upper={r.upper} level={r.level} />
            </td>
            <td>{r.published ? `${r[p.lang === "fa" ? "label_fa" : "label_en"] ?? ""}` : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One run: figures, plot, per-list and per-stratum counts, warnings, publication. */
export function EstimateDetail(p: { lang: Lang; csrf: string; e: EstimateView; canPublish: boolean }) {
  const t = listsMessages(p.lang);
  const r = p.e.result as unknown as EstimateResultJson;
  return (
    <>
      <dl>
        <dt>{t.method}</dt>
        <dd>
          {p.e.method} · {t.seed} {digits(p.lang, p.e.seed)}
          {p.e.strata ? ` · ${t.strata}: ${t[p.e.strata]}` : ""}
        </dd>
        <dt>{t.observed}</dt>
        <dd>{digits(p.lang, p.e.observed)}</dd>
        <dt>{t.estimate}</dt>
        <dd>
          <Interval lang={p.lang} median={p.e.median} lower={p.e.lower} upper={p.e.upper} level={p.e.level} />
        </dd>
        <dt>{t.when}</dt>
        <dd>
          {formatWhen(p.lang, p.e.created_at)} ({t.by} {p.e.actor})
        </dd>
      </dl>
      <p>
        <img src={`${base(p.lang)}/${p.e.id}/plot.svg`} alt={t.plotAlt} width={640} height={360} />
      </p>
      <table>
        <caption>{t.lists}</caption>
        <tbody>
          {(r.lists ?? []).map((l) => (
            <tr>
              <th scope="row">{l.label}</th>
              <td>{digits(p.lang, l.observed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.strata ? (
        <table>
          <caption>{t.strata}</caption>
          <thead>
            <tr>
              <th scope="col">{t.stratum}</th>
              <th scope="col">{t.observed}</th>
              <th scope="col">{t.estimate}</th>
            </tr>
          </thead>
          <tbody>
            {r.strata.map((s) => (
              <tr>
                <th scope="row">{s.label}</th>
                <td>{digits(p.lang, s.observed)}</td>
                <td>
                  <Interval
                    lang={p.lang}
                    median={s.estimate.median}
                    lower={s.estimate.lower}
                    upper={s.estimate.upper}
                    level={p.e.level}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {(r.warnings ?? []).length > 0 ? (
        <section aria-labelledby="warn-h">
          <h2 id="warn-h">{t.warnings}</h2>
          <ul>
            {r.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <Publication lang={p.lang} csrf={p.csrf} e={p.e} canPublish={p.canPublish} />
    </>
  );
}

/** Publishing a run to the public statistics page, and withdrawing it. */
function Publication(p: { lang: Lang; csrf: string; e: EstimateView; canPublish: boolean }) {
  const t = listsMessages(p.lang);
  return (
    <section aria-labelledby="pub-h">
      <h2 id="pub-h">{t.publish}</h2>
      {p.e.published ? (
        <Notice kind="ok">
          {t.published}: {p.e.label_fa} / {p.e.label_en}
        </Notice>
      ) : null}
      {!p.e.published && p.e.published_by !== null ? (
        <Notice kind="ok">
          {t.publishRequested}: {p.e.label_fa} / {p.e.label_en}
        </Notice>
      ) : null}
      {p.canPublish ? (
        <>
          <form method="post" action={`${base(p.lang)}/${p.e.id}/publish`}>
            <CsrfField token={p.csrf} />
            <label for="labelFa">{t.labelFa}</label>
            <input
              id="labelFa"
              name="labelFa"
              type="text"
              required
              maxlength={300}
              lang="fa"
              dir="rtl"
              value={p.e.label_fa ?? ""}
            />
            <label for="labelEn">{t.labelEn}</label>
            <input
              id="labelEn"
              name="labelEn"
              type="text"
              required
              maxlength={300}
              lang="en"
              dir="ltr"
              value={p.e.label_en ?? ""}
            />
            <p>
              <button type="submit">{t.publish}</button>
            </p>
          </form>
          {p.e.published ? (
            <form method="post" action={`${base(p.lang)}/${p.e.id}/unpublish`}>
              <CsrfField token={p.csrf} />
              <button type="submit" class="secondary">
                {t.unpublish}
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
