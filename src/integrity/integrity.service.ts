import { verifyAuditChain } from "../audit/index.ts";
import type { Config } from "../config/index.ts";
import type { Db } from "../db/index.ts";
import { openBlobStore, verifyArchive } from "../archive/index.ts";

/** One thing found wrong: where (an audit entry, an archive item) and what. */
export interface IntegrityProblem {
  where: string;
  message: string;
}

/** The report of `sabt verify`. */
export interface IntegrityReport {
  ok: boolean;
  summary: string;
  audit: { checked: number; ok: boolean };
  files: { checked: number; ok: boolean };
  problems: IntegrityProblem[];
}

/**
 * Checks everything whose integrity Sabt promises: the hash chain of the audit log and the
 * fixity of every stored file.
 */
export async function verifyIntegrity(
  db: Db,
  config: Config,
  onProgress?: (what: string, done: number, total: number) => void,
): Promise<IntegrityReport> {
  const audit = await verifyAuditChain(db, { dataDir: config.dataDir });
  onProgress?.("audit entries", audit.checked, audit.checked);
  const problems: IntegrityProblem[] = audit.problems.map((p) => ({ where: `audit entry ${p.seq}`, message: p.message }));
  const files = await verifyFiles(db, config, problems, onProgress);
  const ok = problems.length === 0;
  return {
    ok,
    summary: `${audit.checked} audit entries, ${files.checked} stored files checked`,
    audit: { checked: audit.checked, ok: audit.ok },
    files,
    problems,
  };
}

async function verifyFiles(
  db: Db,
  config: Config,
  problems: IntegrityProblem[],
  onProgress?: (what: string, done: number, total: number) => void,
): Promise<{ checked: number; ok: boolean }> {
  const store = openBlobStore(config.blobStore);
  const r = await verifyArchive(db, store, (done) => onProgress?.("stored files", done, 0));
  onProgress?.("stored files", r.checked, r.checked);
  for (const p of r.problems) problems.push({ where: `archive item ${p.itemId}`, message: `${p.kind}: ${p.message}` });
  return { checked: r.checked, ok: r.ok };
}
