import { publicView, type Db } from "../db/index.ts";
import { dumpAll } from "../backup/index.ts";
import { authorize } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { toFtm, type FtmEntity } from "./ftm.ts";
import { findPublicClaimsFor, findPublicEntityPage } from "./ftm.repository.ts";

/**
 * Writes everything (every table, every row, exact values) as JSON lines, for admins and
 * backups. The first line describes the export; `onTable` hears of each table once it is written.
 */
export async function exportAllJson(
  db: Db,
  viewer: Viewer,
  write: (line: string) => Promise<void> | void,
  onTable?: (table: string, rows: number) => void,
): Promise<Record<string, number>> {
  authorize(viewer, "export");
  await write(JSON.stringify({ export: "sabt-json/1", note: "Full export including team and confidential data. Handle with care." }));
  return dumpAll(db, (l) => write(JSON.stringify(l)), onTable);
}

/**
 * Writes the public projection as FollowTheMoney-style entities, one per line. Only public
 * entities and their public, non-retracted claims are read (through the public views).
 */
export async function exportFtm(db: Db, write: (line: string) => Promise<void> | void, dataset = "sabt"): Promise<number> {
  const pub = publicView(db);
  let after = "";
  let n = 0;
  for (;;) {
    const page = await findPublicEntityPage(pub, after, 1000);
    if (page.length === 0) break;
    const claims = await findPublicClaimsFor(pub, page.map((e) => e.id));
    const byEntity = new Map<string, typeof claims>();
    for (const c of claims) (byEntity.get(c.entity_id) ?? byEntity.set(c.entity_id, []).get(c.entity_id)!).push(c);
    for (const e of page) {
      const ftm: FtmEntity = toFtm(e, byEntity.get(e.id) ?? [], dataset);
      await write(JSON.stringify(ftm));
      n++;
    }
    after = page[page.length - 1]!.id;
  }
  return n;
}
