import { listAuditActions, listAuditEntries } from "../audit/index.ts";
import { listTeam } from "../auth/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { search } from "../search/index.ts";
import { AuditFilter, AuditTable, type AuditFilterValues } from "./audit.pages.tsx";
import { teamMessages } from "./team.i18n.ts";
import { actorNamer, requireAdmin } from "./team.routes.tsx";
import { guarded, langOf, page, type Ctx } from "./workspace.context.ts";

/** Registers the audit log page (admins only). */
export function registerAuditPages(app: App, deps: AppDeps): void {
  app.get(
    "/team/:lang{(?:fa|en)}/audit",
    guarded(deps, (c) => auditPage(c, deps)),
  );
}

/** The audit page's address for a filter and a cursor. */
function auditHref(lang: string, f: AuditFilterValues, before?: string): string {
  const q = new URLSearchParams();
  if (f.actor) q.set("actor", f.actor);
  if (f.record) q.set("record", f.record);
  if (f.action) q.set("action", f.action);
  if (before) q.set("before", before);
  const s = q.toString();
  return `/team/${lang}/audit${s ? `?${s}` : ""}`;
}

/** GET /team/{lang}/audit?actor=&record=&action=&before=. */
async function auditPage(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireAdmin(c);
  const lang = langOf(c);
  const t = teamMessages(lang);
  const values: AuditFilterValues = {
    actor: (c.req.query("actor") ?? "").slice(0, 200),
    record: (c.req.query("record") ?? "").trim().slice(0, 200),
    action: (c.req.query("action") ?? "").trim().slice(0, 100),
  };
  const before = c.req.query("before");
  const members = await listTeam(deps.db, viewer);
  const member = members.find((m) => m.id === values.actor);
  // A member is chosen by id; a system actor (`system:cli:…`) may be given as recorded.
  const actor = member ? `user:${member.id}` : values.actor || undefined;
  // A record is found by its id, or by the name of an entity (whose claims' entries name it too).
  const objectIds = values.record ? [values.record, ...(await search(deps.db, viewer, values.record, { limit: 20 })).map((h) => h.id)] : undefined;
  const result = await listAuditEntries(deps.db, viewer, { actor, objectIds, action: values.action || undefined, before, limit: 50 });
  const actions = await listAuditActions(deps.db, viewer);
  return page(
    c,
    deps,
    t.auditTitle,
    <>
      <p>{t.auditHelp}</p>
      <AuditFilter lang={lang} values={values} people={members} actions={actions} />
      <AuditTable
        lang={lang}
        entries={result.entries}
        actorName={actorNamer(members)}
        olderHref={result.next ? auditHref(lang, values, result.next) : undefined}
        newestHref={before ? auditHref(lang, values) : undefined}
      />
    </>,
  );
}
