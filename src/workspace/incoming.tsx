/**
 * "Pointing here" on a record page: the relations that have the record as one of their parts
 * (grouped by relation type, each with its other parts and dates) and the other records whose
 * claims name it. Only what the member may read is loaded, through the claims service.
 */
import { listClaims, listClaimsReferencing, type Claim } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { RELATION_TYPES, type EntityType } from "../entities/index.ts";
import { formatDate } from "../dates/index.ts";
import type { Lang } from "../i18n/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import { authoringMessages } from "./authoring.i18n.ts";
import type { Labels } from "./claim.view.tsx";
import { labelsFor } from "./entity.routes.tsx";

// Relations whose parts are loaded for one page; a record named by more shows the rest unexpanded.
const MAX_EXPANDED = 100;

/** A relation that names the record, with the property it names it through and its claims. */
interface RelationRef {
  id: string;
  via: string;
  claims: Claim[];
}

/** Everything that points at a record, ready to show. */
export interface IncomingView {
  relations: Map<EntityType, RelationRef[]>;
  direct: { subjectId: string; property: string; claimId: string }[];
  labels: Labels;
}

/** Loads what points at `entityId`, as the viewer may see it. */
export async function loadIncoming(db: Db, viewer: Viewer, entityId: string): Promise<IncomingView> {
  const refs = await listClaimsReferencing(db, viewer, entityId);
  const subjects = await labelsFor(db, viewer, refs.map((c) => c.entityId));
  const relations = new Map<EntityType, RelationRef[]>();
  const direct: IncomingView["direct"] = [];
  const seen = new Set<string>();
  const partIds: string[] = [];
  for (const c of refs) {
    const s = subjects.get(c.entityId);
    if (!s) continue;
    if (!RELATION_TYPES.includes(s.type)) {
      direct.push({ subjectId: s.id, property: c.property, claimId: c.id });
      continue;
    }
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const claims = seen.size <= MAX_EXPANDED ? await listClaims(db, viewer, s.id) : [];
    for (const cl of claims) if (cl.value.type === "entity") partIds.push(cl.value.id);
    const list = relations.get(s.type) ?? [];
    list.push({ id: s.id, via: c.property, claims });
    relations.set(s.type, list);
  }
  const labels = await labelsFor(db, viewer, [...subjects.keys(), ...partIds]);
  return { relations, direct, labels };
}

function Link(p: { lang: Lang; id: string; labels: Labels }) {
  return <a href={`/team/${p.lang}/entities/${encodeURIComponent(p.id)}`}>{p.labels.get(p.id)?.label ?? p.id}</a>;
}

/** One relation: its label, the role the record plays in it, its other parts and its dates. */
function RelationItem(p: { lang: Lang; entityId: string; r: RelationRef; labels: Labels }) {
  const t = authoringMessages(p.lang);
  const parts = p.r.claims.filter((c) => c.status !== "retracted" && !(c.value.type === "entity" && c.value.id === p.entityId));
  return (
    <li>
      <Link lang={p.lang} id={p.r.id} labels={p.labels} /> <span class="meta">({t.via} {p.r.via})</span>
      {parts.length > 0 ? (
        <ul class="meta">
          {parts.map((c) => (
            <li>
              {c.property}:{" "}
              {c.value.type === "entity" ? (
                <Link lang={p.lang} id={c.value.id} labels={p.labels} />
              ) : c.value.type === "date" ? (
                formatDate(c.value.date, { lang: p.lang, calendar: "both" })
              ) : (
                c.valueText
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The "pointing here" section of a record page. */
export function IncomingSection(p: { lang: Lang; entityId: string; view: IncomingView }) {
  const t = authoringMessages(p.lang);
  const { relations, direct, labels } = p.view;
  return (
    <section aria-labelledby="incoming-h">
      <h2 id="incoming-h">{t.incoming}</h2>
      <p class="meta">{t.incomingHelp}</p>
      {relations.size === 0 && direct.length === 0 ? <p>{t.noIncoming}</p> : null}
      {[...relations].map(([type, rows]) => (
        <section class="group" aria-labelledby={`incoming-${type}`}>
          <h3 id={`incoming-${type}`}>{t.types[type]}</h3>
          <ul>
            {rows.map((r) => (
              <RelationItem lang={p.lang} entityId={p.entityId} r={r} labels={labels} />
            ))}
          </ul>
        </section>
      ))}
      {direct.length > 0 ? (
        <section class="group" aria-labelledby="incoming-direct">
          <h3 id="incoming-direct">{t.otherRecords}</h3>
          <ul>
            {direct.map((d) => (
              <li>
                <Link lang={p.lang} id={d.subjectId} labels={labels} /> <span class="meta">({t.via} {d.property})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
