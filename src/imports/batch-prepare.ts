/**
 * A batch of a list's rows built as new people and claims before its transaction: ids, claim rows,
 * sealed values, version digests and the COPY text, with no I/O and from plain data only, so that
 * it can run in a worker thread (`batch-prepare-thread.ts`) while the database stores the batch
 * before it.
 */
import { prepareClaimRows, type PreparedClaims } from "../claims/index.ts";
import type { NewClaimRow } from "../db/index.ts";
import { needsReview } from "../entities/index.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { createClaimRowBuilder, timeOrderedId } from "./claim-rows.ts";
import type { PersonRow } from "./persons.csv.ts";

/** What building a batch needs besides its rows, as plain data. */
export interface BatchContext {
  listId: string;
  author: string;
  /** True when public values wait for review (a member's import in the workspace). */
  reviewPublic: boolean;
}

/** A batch's people and claims as built by `prepareBatch`, for `importPersonBatch`. */
export interface PreparedBatch {
  ids: string[];
  at: Date;
  claims: PreparedClaims;
}

/** The context of an import by `viewer` into the list `listId`. */
export function batchContext(viewer: Viewer, listId: string): BatchContext {
  return { listId, author: actorName(viewer), reviewPublic: needsReview(viewer, true) };
}

/**
 * Four eyes: a member's import (the workspace) writes its public values and people as waiting; the
 * list's review request covers them all. The operator's (the CLI) is approved by that act.
 */
export function waitsForReview(ctx: BatchContext, visibility: string): boolean {
  return ctx.reviewPublic && visibility === "public";
}

/** The ids, claim rows and creation time of rows as new people. */
export function newPeople(ctx: BatchContext, rows: readonly PersonRow[]): { ids: string[]; at: Date; claims: readonly NewClaimRow[] } {
  const at = new Date();
  const build = createClaimRowBuilder(ctx.listId, ctx.author, at);
  // Their ids start with a timestamp (see timeOrderedId), so a fallback slug takes the random end of the id.
  const ids = rows.map(() => timeOrderedId());
  const claims: NewClaimRow[] = [];
  rows.forEach((r, i) => {
    const sources = build.sourcesOf(r);
    for (const v of r.values) {
      const row = build.row(r, v, ids[i]!, sources);
      claims.push(waitsForReview(ctx, row.visibility) ? { ...row, review: "pending" } : row);
    }
  });
  return { ids, at, claims };
}

/**
 * Builds rows as new people with their claims sealed, digested and encoded for COPY. Used by
 * `importPersonBatch` only when the batch turns out to be all new.
 */
export async function prepareBatch(ctx: BatchContext, rows: readonly PersonRow[]): Promise<PreparedBatch> {
  const { ids, at, claims } = newPeople(ctx, rows);
  return { ids, at, claims: await prepareClaimRows(claims) };
}
