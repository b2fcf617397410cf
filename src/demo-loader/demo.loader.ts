import type { ClaimCreateReq, ClaimValueInput } from "../claims/index.ts";
import { createClaims, getClaim, preferClaim } from "../claims/index.ts";
import { refreshPlannerStatistics, type Db } from "../db/index.ts";
import type { DemoClaim, DemoCollection, DemoValue } from "../demo/index.ts";
import { demoListCsv } from "../demo/index.ts";
import { createEntities } from "../entities/index.ts";
import { runPersonImport } from "../imports/index.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { ingestFile, type BlobStore } from "../archive/index.ts";

/** What the loader created, for logs and tests. */
export interface DemoLoadResult {
  entities: number;
  claims: number;
  listRows: number;
  ids: ReadonlyMap<string, string>;
}

/**
 * Loads the fictional demo collection: entities first (keys mapped to new ids), then their claims,
 * the editors' preferred choices, and the four victim lists through the normal CSV importer so
 * that the demo exercises the same path as real lists. Opens its own short transactions.
 */
export async function loadDemo(
  db: Db,
  viewer: Viewer,
  demo: DemoCollection,
  opts: { store?: BlobStore | undefined; onProgress?: (step: string) => void } = {},
): Promise<DemoLoadResult> {
  const { store, onProgress } = opts;
  const ids = new Map<string, string>();
  // Archive the demo's files first, so claims can cite them by archive item id. Without a blob
  // store (some tests), the citations keep their source and page but not the archive item.
  if (store) onProgress?.(`archiving ${demo.archive.length} fictional documents`);
  for (const file of store ? demo.archive : []) {
    const item = await ingestFile(
      db,
      store!,
      { bytes: file.bytes },
      {
        filename: file.filename,
        declaredType: file.mediaType,
        title: `${file.description} (fictional)`,
        visibility: "public",
        provenance: { sourcePerson: "Sabt's demo generator (fictional collection)" },
        metadata: { fictional: true },
      },
      actorName(viewer),
    );
    ids.set(file.key, item.id);
  }
  onProgress?.(`creating ${demo.entities.length} entities`);
  for (let i = 0; i < demo.entities.length; i += 500) {
    const chunk = demo.entities.slice(i, i + 500);
    const created = await db.transaction().execute((trx) =>
      createEntities(
        trx,
        viewer,
        chunk.map((e) => ({ type: e.type, label: e.label, slug: e.slug, visibility: e.visibility, isFictional: true })),
      ),
    );
    chunk.forEach((e, j) => ids.set(e.key, created[j]!.id));
  }

  onProgress?.(`creating ${demo.claims.length} claims`);
  const preferred: { claim: DemoClaim; id: string }[] = [];
  let claims = 0;
  for (let i = 0; i < demo.claims.length; i += 1000) {
    const chunk = demo.claims.slice(i, i + 1000);
    const created = await db.transaction().execute((trx) => createClaims(trx, viewer, chunk.map((c) => toClaimInput(c, ids))));
    chunk.forEach((c, j) => {
      if (c.preferred) preferred.push({ claim: c, id: created[j]!.id });
    });
    claims += created.length;
  }
  for (const p of preferred) {
    await db.transaction().execute(async (trx) => {
      const current = await getClaim(trx, viewer, p.id);
      await preferClaim(trx, viewer, p.id, { version: current.version, reason: p.claim.preferred!.reason });
    });
  }

  let listRows = 0;
  for (const list of demo.lists) {
    onProgress?.(`importing list ${list.name} (${list.records.length} rows)`);
    // Rows go into the list entity the collection describes (with its source, compiler and
    // titles), not a second list of the same name: the featured victims cite that list's source
    // by record, which is how their pages and the rows become one person once linked.
    const listName = demo.entities.find((e) => e.key === list.key)?.label ?? list.name;
    const report = await runPersonImport(db, viewer, demoListCsv(list), { listName, isFictional: true });
    if (report.errors.length > 0) {
      const e = report.errors[0]!;
      throw new Error(`demo list ${list.name} failed to import: row ${e.row} ${e.column}: ${e.message}`);
    }
    listRows += report.imported;
  }
  // The planner must know the tables are no longer empty (PGlite never analyzes by itself).
  await refreshPlannerStatistics(db);
  return { entities: ids.size, claims, listRows, ids };
}

function ref(ids: ReadonlyMap<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo collection refers to unknown key ${key}`);
  return id;
}

/** Maps a demo claim to the API's claim input (keys resolved to ids). */
export function toClaimInput(c: DemoClaim, ids: ReadonlyMap<string, string>): ClaimCreateReq {
  return {
    entityId: ref(ids, c.subject),
    property: c.property,
    value: toValue(c.value, ids),
    sources: c.sources.map((s) => ({ sourceId: ref(ids, s.source), ...(s.locator ? { locator: toLocator(s.locator, ids) } : {}) })),
    editorial: c.editorial,
    confidence: c.confidence,
    ...(c.confidenceRule ? { confidenceRule: c.confidenceRule } : {}),
    visibility: c.visibility,
    status: c.status,
  };
}

// Demo locators name archive files by key; stored citations name them by archive item id.
function toLocator(locator: Record<string, string | number>, ids: ReadonlyMap<string, string>): Record<string, string | number> {
  const { archive, ...rest } = locator;
  return typeof archive === "string" && ids.has(archive) ? { ...rest, archiveItemId: ref(ids, archive) } : rest;
}

function toValue(v: DemoValue, ids: ReadonlyMap<string, string>): ClaimValueInput {
  switch (v.type) {
    case "text":
      return { type: "text", text: v.value, ...(v.lang ? { lang: v.lang } : {}) };
    case "markdown":
      return { type: "text", text: v.value, lang: v.lang };
    case "name":
      return { type: "name", text: v.value, kind: v.kind };
    case "date":
      return { type: "date", text: v.value.text, calendar: v.value.calendar };
    case "number":
      return { type: "number", amount: v.value, ...(v.unit ? { unit: v.unit } : {}) };
    case "boolean":
      return { type: "boolean", value: v.value };
    case "ref":
      return { type: "entity", id: ref(ids, v.value) };
    case "geo":
      return { type: "geo", lat: v.value.lat, lon: v.value.lon, precision: v.value.precision };
  }
}
