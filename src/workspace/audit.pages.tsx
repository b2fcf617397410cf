/** The audit log page: its filter form and a page of entries with actors shown by name. */
import type { AuditEntry } from "../audit/index.ts";
import type { Lang } from "../i18n/index.ts";
import { formatWhen } from "./i18n.ts";
import { teamMessages } from "./team.i18n.ts";

/** The filter as the page received it (echoed back into the form). */
export interface AuditFilterValues {
  actor: string;
  record: string;
  action: string;
}

/** The filter form: a member, a record (id or name) and an action. */
export function AuditFilter(p: { lang: Lang; values: AuditFilterValues; people: readonly { id: string; name: string }[]; actions: readonly string[] }) {
  const t = teamMessages(p.lang);
  return (
    <form method="get" action={`/team/${p.lang}/audit`} role="search">
      <label for="audit-actor">{t.filterActor}</label>
      <select id="audit-actor" name="actor">
        <option value="">{t.anyone}</option>
        {p.people.map((m) => (
          <option value={m.id} selected={m.id === p.values.actor}>
            {m.name}
          </option>
        ))}
      </select>
      <label for="audit-record">{t.filterRecord}</label>
      <input id="audit-record" name="record" type="search" value={p.values.record} maxlength={200} />
      <label for="audit-action">{t.filterAction}</label>
      <select id="audit-action" name="action">
        <option value="">{t.anyAction}</option>
        {p.actions.map((a) => (
          <option value={a} selected={a === p.values.action} dir="ltr">
            {a}
          </option>
        ))}
      </select>
      <p>
        <button type="submit">{t.filter}</button>
      </p>
    </form>
  );
}

/** A page of entries, newest first, with the link to older ones. */
export function AuditTable(p: { lang: Lang; entries: readonly AuditEntry[]; actorName: (actor: string) => string; olderHref?: string | undefined; newestHref?: string | undefined }) {
  const t = teamMessages(p.lang);
  return (
    <>
      {p.entries.length === 0 ? (
        <p>{t.noEntries}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.seq}</th>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.who}</th>
              <th scope="col">{t.action}</th>
              <th scope="col">{t.record}</th>
              <th scope="col">{t.details}</th>
            </tr>
          </thead>
          <tbody>
            {p.entries.map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>{formatWhen(p.lang, e.at)}</td>
                <td>{p.actorName(e.actor)}</td>
                <td class="mono" dir="ltr">
                  {e.action}
                </td>
                <td class="mono" dir="ltr">
                  {`${e.objectType} ${e.objectId}`}
                </td>
                <td class="mono" dir="ltr">
                  {Object.keys(e.details).length > 0 ? JSON.stringify(e.details).slice(0, 300) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.newestHref || p.olderHref ? (
        <nav aria-label={t.auditTitle}>
          {p.newestHref ? <a href={p.newestHref}>{t.newestEntries}</a> : null} {p.olderHref ? <a href={p.olderHref}>{t.olderEntries}</a> : null}
        </nav>
      ) : null}
    </>
  );
}
