import type { ArchiveItemKind, ArchiveItemRow, ProvenanceJson } from "../db/index.ts";

/** An archived file as the rest of Sabt sees it. */
export interface ArchiveItem {
  id: string;
  kind: ArchiveItemKind;
  sha256: string;
  size: number;
  mediaType: string;
  declaredType: string | null;
  filename: string | null;
  title: string | null;
  originalId: string | null;
  derivation: string | null;
  hazards: string[];
  provenance: ProvenanceJson;
  metadata: Record<string, unknown>;
  sourceUrl: string | null;
  visibility: string;
  custodyCount: number;
  custodyHead: string;
  createdBy: string;
  createdAt: Date;
}

/** Converts a row to the domain type (the seam between repository and service). */
export function rowToArchiveItem(r: ArchiveItemRow): ArchiveItem {
  return {
    id: r.id,
    kind: r.kind,
    sha256: r.sha256,
    size: Number(r.size),
    mediaType: r.media_type,
    declaredType: r.declared_type,
    filename: r.filename,
    title: r.title,
    originalId: r.original_id,
    derivation: r.derivation,
    hazards: r.hazards,
    provenance: r.provenance,
    metadata: r.metadata,
    sourceUrl: r.source_url,
    visibility: r.visibility,
    custodyCount: r.custody_count,
    custodyHead: r.custody_head,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}
