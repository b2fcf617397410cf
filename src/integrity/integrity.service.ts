import { verifyAuditChain, verifyCommitmentBindings } from "../audit/index.ts";
import type { Config } from "../config/index.ts";
import type { Db } from "../db/index.ts";
import { openBlobStore, verifyArchive } from "../archive/index.ts";
import type { IntegrityProblem } from "./integrity.types.ts";
import { verifyVersions } from "./versions.ts";

export type { IntegrityProblem } from "./integrity.types.ts";

/** The report of `sabt verify`. */
export interface IntegrityReport {
  ok: boolean;
  summary: string;
  audit: { checked: number; ok: boolean };
  /** Claims and entities (each with its revisions) and archive items checked against the commitments in the audit chain. */
  versions: { claims: number; entities: number; items: number; commitments: number; ok: boolean };
  files: { checked: number; ok: boolean };
  problems: IntegrityProblem[];
}

/**
 * Checks everything whose integrity Sabt promises: the hash chain of the audit log, the
 * commitments bound into it, every claim, entity, revision and custody log against those
 * commitments, and the fixity of every stored file.
 */
export async function verifyIntegrity(
  db: Db,
  config: Config,
  onProgress?: (what: string, done: number, total: number) => void,
): Promise<IntegrityReport> {
  const audit = await verifyAuditChain(db, { dataDir: config.dataDir });
  onProgress?.("audit entries", audit.checked, audit.checked);
  const problems: IntegrityProblem[] = audit.problems.map((p) => ({ where: `audit entry ${p.seq}`, message: p.message }));
  const bindings = await verifyCommitmentBindings(db);
  problems.push(...bindings.problems);
  const before = problems.length;
  const v = await verifyVersions(db, problems);
  onProgress?.("claims", v.claims, v.claims);
  onProgress?.("entities", v.entities, v.entities);
  const versionsOk = bindings.problems.length === 0 && problems.length === before;
  const files = await verifyFiles(db, config, problems, onProgress);
  return {
    ok: problems.length === 0,
    summary: `${audit.checked} audit entries, ${v.claims} claims and ${v.entities} entities with their revisions, ${files.checked} stored files checked`,
    audit: { checked: audit.checked, ok: audit.ok },
    versions: { ...v, commitments: bindings.checked, ok: versionsOk },
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
