import { reviewText } from "./review.i18n.ts";
import { readEvidenceItem } from "../archive/index.ts";
import { auditConfidentialReads } from "../auth/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { listClaims, type Claim } from "../claims/index.ts";
import {
  EntityTypeSchema,
  getEntity,
  listEntities,
  type Entity,
  type EntityType,
} from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import type { Db } from "../db/index.ts";
import { search } from "../search/index.ts";
import { can } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { ClaimCard, type Labels } from "./claim.view.tsx";
import { historyMessages } from "./history.i18n.ts";
import { messages } from "./i18n.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { Notice } from "./layout.tsx";
import { guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";
import { authoringMessages } from "./authoring.i18n.ts";
import { EditEntityForm } from "./authoring.pages.tsx";
import { IncomingSection, loadIncoming } from "./incoming.tsx";
import { unparsedText } from "./unparsed.i18n.ts";

const L = "/team/:lang{(?:fa|en)}";
const PAGE = 50;

/** Labels of the entities the viewer may see among the ids (others are left out, not revealed). */
export async function labelsFor(db: Db, viewer: Viewer, ids: Iterable<string>): Promise<Labels> {
  const out = new Map<string, Pick<Entity, "id" | "label" | "type">>();
  for (const id of new Set(ids)) {
    try {
      const e = await getEntity(db, viewer, id);
      out.set(id, { id: e.id, label: e.label, type: e.type });
    } catch {
      // Not visible to this viewer: the page shows the bare id the claim already carries.
    }
  }
  return out;
}

function SearchForm(p: { lang: Lang; q?: string; type?: string }) {
  const t = messages(p.lang);
  return (
    <form method="get" action={`/team/${p.lang}/search`} role="search">
      <label for="q">{t.searchLabel}</label>
      <input id="q" name="q" type="search" value={p.q ?? ""} maxlength={200} />{" "}
      <button type="submit">{t.search}</button>
    </form>
  );
}

function TypeFilter(p: { lang: Lang; type: EntityType | undefined }) {
  const t = messages(p.lang);
  return (
    <form method="get" action={`/team/${p.lang}/`}>
      <label for="type">{t.type}</label>
      <select id="type" name="type">
        <option value="">{t.allTypes}</option>
        {EntityTypeSchema.options.map((o) => (
          <option value={o} selected={o === p.type}>
            {o}
          </option>
        ))}
      </select>{" "}
      <button type="submit">{t.filter}</button>
    </form>
  );
}

function EntityTable(p: { lang: Lang; items: readonly { id: string; label: string; type: string }[] }) {
  const t = messages(p.lang);
  if (p.items.length === 0) return <p>{t.noResults}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t.label}</th>
          <th scope="col">{t.type}</th>
        </tr>
      </thead>
      <tbody>
        {p.items.map((e) => (
          <tr>
            <td>
              <a href={`/team/${p.lang}/entities/${encodeURIComponent(e.id)}`}>{e.label}</a>
            </td>
            <td>{e.type}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function groupByProperty(claims: readonly Claim[]): [string, Claim[]][] {
  const groups = new Map<string, Claim[]>();
  for (const c of claims) (groups.get(c.property) ?? groups.set(c.property, []).get(c.property)!).push(c);
  return [...groups];
}

/** Evidence items cited by the claims, as far as the viewer may see them. */
async function loadEvidence(db: Db, viewer: Viewer, claims: readonly Claim[]): Promise<{ id: string; title: string; mediaType: string }[]> {
  const evidenceIds = [
    ...new Set(
      claims.flatMap((cl) =>
        cl.sources
          .map((s) => s.locator?.archiveItemId)
          .filter((x): x is string | number => x !== undefined)
          .map(String),
      ),
    ),
  ];
  // Items the viewer may not see are left out (their ids stay on the claims' sources).
  const evidence: { id: string; title: string; mediaType: string }[] = [];
  for (const id of evidenceIds) {
    try {
      const item = await readEvidenceItem(db, viewer, id);
      evidence.push({ id, title: item.title ?? item.filename ?? id, mediaType: item.mediaType });
    } catch (e) {
      if (!isSabtError(e) || e.id !== "not_found") throw e;
    }
  }
  return evidence;
}

/** Edit the record's label, address name and visibility (a disclosure: no script needed); an article's text. */
function RecordActions(p: { lang: Lang; csrf: string; entity: Entity }) {
  const t = authoringMessages(p.lang);
  const f = { lang: p.lang, values: new Map<string, string>(), errors: new Map<string, string>() };
  return (
    <>
      {p.entity.type === "article" ? (
        <p>
          <a href={`/team/${p.lang}/entities/${encodeURIComponent(p.entity.id)}/article`}>{t.editArticle}</a>
        </p>
      ) : null}
      {p.entity.type === "list" ? (
        <p>
          <a href={`/team/${p.lang}/unparsed?list=${encodeURIComponent(p.entity.id)}`}>{unparsedText(p.lang).title}</a>
        </p>
      ) : null}
      <details>
        <summary>{t.editRecord}</summary>
        <EditEntityForm lang={p.lang} csrf={p.csrf} entity={p.entity} f={f} />
      </details>
    </>
  );
}

/** Registers the entity list, search and the entity page with its claims. */
export function registerEntityPages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/`,
    guarded(deps, (c) => get(c, deps)),
  );
  app.get(
    `${L}/search`,
    guarded(deps, (c) => getSearch(c, deps)),
  );
  app.get(
    `${L}/entities/:id`,
    guarded(deps, (c) => getEntitiesById(c, deps)),
  );
}

/** GET /team/{lang}/. */
async function get(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = messages(lang);
  const parsedType = EntityTypeSchema.safeParse(c.req.query("type"));
  const type = parsedType.success ? parsedType.data : undefined;
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(c.req.query("offset") ?? "0", 10) || 0));
  const items = await listEntities(db, viewer, { type, limit: PAGE, offset });
  const qs = (o: number) => `?${type ? `type=${type}&` : ""}offset=${o}`;
  return page(
    c,
    deps,
    t.home,
    <>
      <SearchForm lang={lang} />
      {can(viewer, "create") ? (
        <p>
          <a href={`/team/${lang}/entities/new`}>{authoringMessages(lang).newRecord}</a>
        </p>
      ) : null}
      <TypeFilter lang={lang} type={type} />
      <EntityTable lang={lang} items={items} />
      <nav aria-label={t.next}>
        {offset > 0 ? <a href={`/team/${lang}/${qs(Math.max(0, offset - PAGE))}`}>{t.previous}</a> : null}{" "}
        {items.length === PAGE ? <a href={`/team/${lang}/${qs(offset + PAGE)}`}>{t.next}</a> : null}
      </nav>
    </>,
  );
}

/** GET /team/{lang}/search. */
async function getSearch(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const q = (c.req.query("q") ?? "").slice(0, 200);
  const hits = q.trim() ? await search(db, viewer, q, { limit: 50 }) : [];
  return page(
    c,
    deps,
    messages(lang).search,
    <>
      <SearchForm lang={lang} q={q} />
      <EntityTable lang={lang} items={hits} />
    </>,
  );
}

/** GET /team/{lang}/entities/:id. */
async function getEntitiesById(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = messages(lang);
  const entity = await getEntity(db, viewer, c.req.param("id") ?? "");
  const claims = await listClaims(db, viewer, entity.id);
  await auditConfidentialReads(db, viewer, claims);
  const refIds = claims.flatMap((cl) => [
    ...cl.sources.map((s) => s.sourceId),
    ...(cl.value.type === "entity" ? [cl.value.id] : []),
  ]);
  const labels = await labelsFor(db, viewer, refIds);
  const canEdit = can(viewer, "update");
  const evidence = await loadEvidence(db, viewer, claims);
  const incoming = await loadIncoming(db, viewer, entity.id);
  return page(
    c,
    deps,
    entity.label,
    <>
      {entity.isFictional ? <Notice kind="ok">{t.fictional}</Notice> : null}
      <p class="meta">
        {t.type}: {entity.type} · {t.visibility}: {t[entity.visibility]} · {t.version}{" "}
        {digits(lang, entity.version)} ·{" "}
        <a href={`/team/${lang}/entities/${encodeURIComponent(entity.id)}/history`}>{historyMessages(lang).recordHistory}</a>
        {entity.review !== "approved" ? (
          <>
            {" · "}
            <a class={`badge review-${entity.review}`} href={`/team/${lang}/review?state=${entity.review}`}>
              {reviewText(lang)[entity.review === "pending" ? "pendingBadge" : "rejectedBadge"]}
            </a>
          </>
        ) : null}
      </p>
      {canEdit ? <RecordActions lang={lang} csrf={pageCsrf(c, deps)} entity={entity} /> : null}
      <div class="layout">
        <section aria-labelledby="claims-h">
          <h2 id="claims-h">{t.claims}</h2>
          {can(viewer, "create") ? (
            <p>
              <a href={`/team/${lang}/entities/${encodeURIComponent(entity.id)}/claims/new`}>{t.addClaim}</a>
            </p>
          ) : null}
          {groupByProperty(claims).map(([property, group]) => {
            const live = group.filter((g) => g.status !== "retracted");
            const contested = live.some((g) => g.status === "contested");
            return (
              <section class="group" aria-label={property}>
                <h3>{property}</h3>
                {contested ? <p class="badge contested">{t.contested}</p> : null}
                <div class={contested ? "rivals" : ""}>
                  {group.map((cl) => (
                    <ClaimCard lang={lang} claim={cl} labels={labels} canEdit={canEdit} />
                  ))}
                </div>
              </section>
            );
          })}
          <IncomingSection lang={lang} entityId={entity.id} view={incoming} />
        </section>
        <aside aria-labelledby="evidence-h">
          <h2 id="evidence-h">{t.evidence}</h2>
          <p class="meta">{t.evidenceHelp}</p>
          {evidence.length === 0 ? (
            <p>{t.noResults}</p>
          ) : (
            <ul>
              {evidence.map((item) => (
                <li>
                  <a href={`/team/${lang}/evidence/${encodeURIComponent(item.id)}`}>{item.title}</a>{" "}
                  <span class="meta mono">{item.mediaType}</span>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </>,
  );
}
