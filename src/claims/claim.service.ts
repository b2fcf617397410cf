import { recordAudit } from "../audit/index.ts";
import type { Db, Trx } from "../db/index.ts";
import { approveByOperator, findEntitiesByIds, initialReview, needsReview, openReview, setReviewState } from "../entities/index.ts";
import { insertClaimRevisionsFromTable, listVisibleRevisions, sealHistory, type Revision } from "../history/index.ts";
import { getClaimRevision } from "./claim-history.service.ts";
import { openClaimSnapshot, sealClaimSnapshot } from "./claim.seal.ts";
import { isSabtError, notFound, staleVersion, validationError } from "../shared/errors.ts";
import { authorize, strictestVisibility, type Action } from "../shared/policy.ts";
import { newId } from "../shared/slug.ts";
import { actorName, readableVisibilities, type Viewer, type Visibility } from "../shared/viewer.ts";
import {
  findClaimById,
  findClaimsByEntity,
  findClaimsOverlapping,
  findClaimsReferencing,
  findRivalClaims,
  insertClaims,
  lockClaimById,
  updateClaimIfVersion,
  type ClaimAccessRow,
  type ClaimReader,
} from "./claim.repository.ts";
import type { ClaimCreateReq, ClaimEditReq, ClaimPreferReq, ClaimRevertReq } from "./claim.schema.ts";
import type { ClaimRow, ClaimUpdate, NewClaimRow } from "../db/index.ts";
import type { Citation, Claim, ClaimValue } from "./claim.types.ts";
import { parseClaimDate, resolveValue, type ResolvedValue } from "./claim.values.ts";

/**
 * Properties that hold one true value per subject: two different values from different sources
 * are a dispute, so both claims are marked contested (and stay side by side, attributed).
 */
const SINGLE_VALUED = new Set([
  "birth_date",
  "death_date",
  "death_place",
  "burial_place",
  "gender",
  "death_toll",
  "date",
  "start_date",
  "end_date",
  "execution_date",
  "arrest_date",
  "outcome",
]);

/** Maps a stored row to the domain claim. */
export function rowToClaim(r: ClaimRow): Claim {
  return {
    id: r.id,
    entityId: r.entity_id,
    property: r.property,
    value: r.value as unknown as ClaimValue,
    valueText: r.value_text,
    sources: r.sources,
    editorial: r.editorial,
    confidence: r.confidence as Claim["confidence"],
    confidenceRule: r.confidence_rule,
    visibility: r.visibility as Visibility,
    status: r.status as Claim["status"],
    preferred: r.preferred,
    preferredReason: r.preferred_reason,
    origin: r.origin,
    author: r.author,
    version: r.version,
    review: r.review,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** resolveValue, with a date that cannot be read reported on its field (`value.text: …`), as every other bad field is. */
function resolveValueOf(value: ClaimCreateReq["value"]): ResolvedValue {
  try {
    return resolveValue(value);
  } catch (e) {
    if (isSabtError(e) && e.id === "validation_failed" && !e.message.startsWith("value.")) throw validationError(`value.text: ${e.message}`, e.details);
    throw e;
  }
}

/** Builds the row for a new claim from a validated request and its resolved value. */
export function newClaimRow(
  input: Omit<ClaimCreateReq, "value">,
  resolved: ResolvedValue,
  author: string,
  extra: { id?: string; origin?: string | null; at?: Date; review?: NewClaimRow["review"] } = {},
): NewClaimRow {
  const at = extra.at ?? new Date();
  return {
    id: extra.id ?? newId(),
    entity_id: input.entityId,
    property: input.property,
    value_type: resolved.value.type,
    value: JSON.stringify(resolved.value),
    value_text: resolved.valueText,
    search_key: resolved.searchKey,
    ref_id: resolved.refId,
    date_earliest: resolved.dateEarliest,
    date_latest: resolved.dateLatest,
    num_value: resolved.numValue,
    sources: JSON.stringify(input.sources),
    editorial: input.editorial,
    confidence: input.confidence,
    confidence_rule: input.confidenceRule ?? null,
    visibility: input.visibility,
    status: input.status,
    preferred: false,
    preferred_reason: null,
    origin: extra.origin ?? null,
    author,
    version: 1,
    // Left out unless given: stored rows without it are approved (the operator's, an import's).
    ...(extra.review ? { review: extra.review } : {}),
    created_at: at,
    updated_at: at,
  };
}

/** Checks that every cited source and referenced entity exists and is a source or list. */
async function checkReferences(db: Db, entityIds: readonly string[], citations: readonly Citation[], refIds: readonly string[]) {
  const wanted = [...new Set([...entityIds, ...citations.map((c) => c.sourceId), ...refIds])];
  const found = new Map((await findEntitiesByIds(db, wanted)).map((e) => [e.id, e]));
  for (const id of entityIds) if (!found.has(id)) throw validationError(`entityId: entity ${id} does not exist`);
  for (const c of citations) {
    const s = found.get(c.sourceId);
    if (!s) throw validationError(`sources: source ${c.sourceId} does not exist`);
    if (s.type !== "source" && s.type !== "list") {
      throw validationError(`sources: ${c.sourceId} is a ${s.type}, not a source or list`);
    }
  }
  for (const id of refIds) if (!found.has(id)) throw validationError(`value.id: entity ${id} does not exist`);
}

/**
 * For a single-valued property, marks the other claims that disagree with `valueText` contested
 * (each as a new version, its old one kept) and reports whether there were any, in which case
 * the claim itself is contested too. `contested` collects the rivals changed, for their revisions.
 */
async function contestRivals(
  trx: Trx,
  entityId: string,
  property: string,
  claimId: string,
  valueText: string,
  contested: Set<string>,
): Promise<boolean> {
  if (!SINGLE_VALUED.has(property)) return false;
  const rivals = await findRivalClaims(trx, entityId, property, claimId);
  const disagreeing = rivals.filter((r) => r.value_text !== valueText);
  for (const r of disagreeing.filter((d) => d.status !== "contested" && !contested.has(d.id))) {
    await insertClaimRevisionsFromTable(trx, [r.id], "create", null);
    await updateClaimIfVersion(trx, r.id, r.version, { status: "contested", version: r.version + 1, updated_at: new Date() });
    contested.add(r.id);
  }
  return disagreeing.length > 0;
}

/**
 * Creates claims. Each gets its revision 1; one audit entry records the batch. A single-valued
 * property that already has a different value is marked contested on both sides.
 * @throws SabtError validation_failed for an unknown entity or source, or an unparseable value.
 */
export async function createClaims(trx: Trx, viewer: Viewer, inputs: readonly ClaimCreateReq[]): Promise<Claim[]> {
  authorize(viewer, "create");
  const resolved = inputs.map((i) => resolveValueOf(i.value));
  await checkReferences(
    trx,
    inputs.map((i) => i.entityId),
    inputs.flatMap((i) => i.sources),
    resolved.flatMap((r) => (r.refId ? [r.refId] : [])),
  );
  const author = actorName(viewer);
  const rows = inputs.map((inp, i) => newClaimRow(inp, resolved[i]!, author, { review: initialReview(viewer, inp.visibility === "public") }));
  const contested = new Set<string>();
  for (const row of rows) {
    // A pending value disputes nothing yet: the public one it disagrees with is marked at approval.
    if (row.review === "pending") continue;
    if (await contestRivals(trx, row.entity_id, row.property, row.id, row.value_text, contested)) row.status = "contested";
  }
  // New claims get no revision row yet: a claim's current version lives in the claim table and
  // is appended to the revision table before anything changes it (see applyUpdate).
  await insertClaims(trx, rows);
  await insertClaimRevisionsFromTable(trx, [...contested], "contest", "a source disagrees", author);
  await recordAudit(trx, viewer, {
    action: rows.length === 1 ? "claim.create" : "claim.create_many",
    objectType: "claim",
    objectId: rows[0]?.id ?? "",
    details: {
      count: rows.length,
      entityIds: [...new Set(rows.map((r) => r.entity_id))].slice(0, 100),
      // The operator's public values are approved by the act that made them, and the audit log says so.
      ...(viewer.kind === "system" && rows.some((r) => r.visibility === "public") ? { review: "approved by the operator's act" } : {}),
    },
  });
  for (const r of rows) {
    if (r.review === "pending") await openReview(trx, viewer, { kind: "claim", objectId: r.id, entityId: r.entity_id, baseVersion: 1 });
  }
  return rows.map((r) =>
    rowToClaim({ ...r, value: JSON.parse(r.value) as ClaimRow["value"], sources: JSON.parse(r.sources) as ClaimRow["sources"] } as ClaimRow),
  );
}

/** Creates one claim. */
export async function createClaim(trx: Trx, viewer: Viewer, input: ClaimCreateReq): Promise<Claim> {
  const [c] = await createClaims(trx, viewer, [input]);
  return c!;
}

/**
 * The visibility a claim is read and acted on at: the most closed of its own, its entity's and,
 * for a value that names another entity (a relation's party, a place), that entity's. Claims
 * default to `team`, so without this a claim about a confidential person was readable by every
 * member who may read team claims (issue 13).
 */
export function effectiveClaimVisibility(row: ClaimAccessRow): Visibility {
  return strictestVisibility(row.visibility, row.entity_visibility, ...(row.ref_visibility === null ? [] : [row.ref_visibility]));
}

/**
 * The one check of every claim loaded by id, for reading or acting on it: a claim the viewer may
 * not read at its effective visibility is reported as not found, exactly as a missing one, so its
 * existence does not leak; anonymous readers see only what the public projection shows (never a
 * retracted claim, nor one of a scheduled article).
 */
function authorizeClaim(viewer: Viewer, action: Action, row: ClaimAccessRow | undefined): asserts row is ClaimAccessRow {
  if (!row) throw notFound("Claim");
  if (viewer.kind === "anonymous" && !row.in_public_view) throw notFound("Claim");
  authorize(viewer, action, { visibility: effectiveClaimVisibility(row), what: "Claim" });
}

/** What the list queries of the repository may return to a viewer (the same rule, in SQL). */
function claimReader(viewer: Viewer): ClaimReader {
  return { visibilities: readableVisibilities(viewer), publicOnly: viewer.kind === "anonymous" };
}

/**
 * Reads one claim the viewer may see.
 * @throws SabtError not_found when absent or not visible to the viewer (the claim, its entity or
 *   the entity its value names).
 */
export async function getClaim(db: Db, viewer: Viewer, id: string): Promise<Claim> {
  const row = await findClaimById(db, id);
  authorizeClaim(viewer, "read", row);
  return rowToClaim(row);
}

/** The claims among `ids` that the viewer may read, in the given order; the others are left out, not revealed. */
export async function readableClaims(db: Db, viewer: Viewer, ids: readonly string[]): Promise<Claim[]> {
  const out: Claim[] = [];
  for (const id of ids) {
    try {
      out.push(await getClaim(db, viewer, id));
    } catch (e) {
      if (!isSabtError(e) || e.id !== "not_found") throw e;
    }
  }
  return out;
}

/**
 * A claim the viewer may read and the versions of it they may see (each version also bounded by
 * its entity and the entity it named, in `listVisibleRevisions`).
 * @throws SabtError not_found as `getClaim`; forbidden for anonymous viewers (history is for members).
 */
export async function listClaimRevisions(db: Db, viewer: Viewer, id: string): Promise<{ claim: Claim; revisions: Revision[] }> {
  const claim = await getClaim(db, viewer, id);
  return { claim, revisions: await listVisibleRevisions(db, viewer, "claim", claim.id, openClaimSnapshot) };
}

/** Every claim about an entity that the viewer may see (none when the viewer may not read the entity). */
export async function listClaims(db: Db, viewer: Viewer, entityId: string): Promise<Claim[]> {
  authorize(viewer, "read");
  return (await findClaimsByEntity(db, entityId, claimReader(viewer))).map(rowToClaim);
}

/**
 * Claims whose (partial) dates overlap an interval. `from` and `to` are dates as sources write
 * them ("1988-07-15", "1367", "مرداد ۱۳۶۷", "Muharram 1409"): the interval runs from the earliest
 * day `from` may mean to the latest day `to` may mean, so `from: "1367", to: "1367"` is the whole
 * Jalali year.
 * @throws SabtError validation_failed for a date that cannot be read or does not exist, or an
 *   interval that ends before it starts.
 */
export async function findClaimsInInterval(
  db: Db,
  viewer: Viewer,
  opts: { from: string; to: string; calendar?: "gregorian" | "jalali" | "hijri" | undefined; property?: string | undefined; limit?: number },
): Promise<Claim[]> {
  authorize(viewer, "read");
  const from = intervalBound("from", opts.from, opts.calendar).earliest;
  const to = intervalBound("to", opts.to, opts.calendar).latest;
  if (from > to) throw validationError(`to: the interval ends (${to}) before it starts (${from})`);
  const rows = await findClaimsOverlapping(db, { from, to, property: opts.property, reader: claimReader(viewer), limit: opts.limit ?? 500 });
  return rows.map(rowToClaim);
}

/** Reads one end of a date interval, naming the field when the date cannot be read. */
function intervalBound(field: "from" | "to", text: string, calendar?: "gregorian" | "jalali" | "hijri") {
  try {
    return parseClaimDate(text, calendar);
  } catch (e) {
    if (isSabtError(e) && e.id === "validation_failed") throw validationError(`${field}: ${e.message}`);
    throw e;
  }
}

async function applyUpdate(
  trx: Trx,
  viewer: Viewer,
  current: ClaimRow,
  expectedVersion: number,
  update: ClaimUpdate,
  action: string,
  reason: string | null,
  proposedBy: string | null = null,
): Promise<Claim> {
  if (current.version !== expectedVersion) throw staleVersion("This claim", expectedVersion, current.version);
  // A list's cell Sabt could not read stays within the team (the database refuses it too) until
  // an editor reads its value (an edit of the value clears the mark): then it may be public.
  if ((update.visibility ?? current.visibility) === "public" && typeof (update.unparsed !== undefined ? update.unparsed : current.unparsed) === "string") {
    throw validationError("visibility: a list's cell Sabt could not read stays within the team; resolve it in the queue of unread cells");
  }
  // Keep the version about to be superseded (a claim created in bulk has no revision row yet).
  await insertClaimRevisionsFromTable(trx, [current.id], "create", null);
  const row = await updateClaimIfVersion(trx, current.id, expectedVersion, {
    ...update,
    version: current.version + 1,
    updated_at: new Date(),
  });
  if (!row) throw staleVersion("This claim", expectedVersion, current.version + 1);
  // A value that becomes confidential must not stay readable in its earlier versions.
  if (row.visibility === "confidential" && current.visibility !== "confidential") {
    await sealHistory(trx, "claim", row.id, (snapshot) => sealClaimSnapshot(row.id, snapshot));
  }
  await insertClaimRevisionsFromTable(trx, [row.id], action, reason, proposedBy ?? actorName(viewer));
  await recordAudit(trx, viewer, {
    action: `claim.${action}`,
    objectType: "claim",
    objectId: row.id,
    details: { version: row.version, ...(proposedBy ? { proposedBy } : {}) },
  });
  return rowToClaim(row);
}

/** A proposed change to a claim, kept in its review request until a second member decides. */
export type ClaimProposal = { op: "edit"; edit: ClaimEditReq } | { op: "revert"; revert: ClaimRevertReq } | { op: "prefer"; prefer: ClaimPreferReq };

/** True when a claim is public and approved now, so that a member's change to it must wait as a proposal. */
function isPublished(row: ClaimRow): boolean {
  return row.visibility === "public" && row.review === "approved" && row.status !== "retracted";
}

/**
 * After a change is applied: a member's change that makes the claim public (or keeps a
 * never-approved one public) waits for review; the operator's approves it.
 */
async function settleReview(trx: Trx, viewer: Viewer, claim: Claim, proposedBy: string | null): Promise<Claim> {
  const resultIsPublic = claim.visibility === "public" && claim.status !== "retracted";
  if (proposedBy === null && needsReview(viewer, resultIsPublic)) {
    await openReview(trx, viewer, { kind: "claim", objectId: claim.id, entityId: claim.entityId, baseVersion: claim.version });
    return { ...claim, review: "pending" };
  }
  if (viewer.kind === "system" && claim.review !== "approved") {
    await approveByOperator(trx, viewer, "claim", claim.id);
    return { ...claim, review: "approved" };
  }
  return claim;
}

/** Stores a member's change to a published claim as a proposal; the claim itself does not change. */
async function propose(trx: Trx, viewer: Viewer, current: ClaimRow, proposal: ClaimProposal): Promise<Claim> {
  await openReview(trx, viewer, { kind: "claim", objectId: current.id, entityId: current.entity_id, baseVersion: current.version, change: proposal });
  return { ...rowToClaim(current), review: "pending" };
}

async function loadForUpdate(trx: Trx, viewer: Viewer, id: string, action: "update" | "review"): Promise<ClaimRow> {
  const current = await lockClaimById(trx, id);
  authorizeClaim(viewer, action, current);
  return current;
}

/**
 * Edits a claim at a known version. A stale version is refused with `stale_version`: no
 * last-write-wins, ever.
 */
export async function editClaim(trx: Trx, viewer: Viewer, id: string, edit: ClaimEditReq): Promise<Claim> {
  const current = await loadForUpdate(trx, viewer, id, "update");
  if (current.version !== edit.version) throw staleVersion("This claim", edit.version, current.version);
  const resultIsPublic = (edit.visibility ?? current.visibility) === "public" && (edit.status ?? current.status) !== "retracted";
  // Narrowing or retracting a public claim is immediate (a wrongly published name must go at once);
  // every other change to a published claim waits for a second member, the public one unchanged.
  if (needsReview(viewer, resultIsPublic) && isPublished(current)) {
    checkEdit(current, edit);
    return propose(trx, viewer, current, { op: "edit", edit });
  }
  return applyClaimEdit(trx, viewer, current, edit, null);
}

/** Refuses an edit that would leave a claim without a source (unless editorial), before it is stored or proposed. */
function checkEdit(current: ClaimRow, edit: ClaimEditReq): void {
  if (!(edit.editorial ?? current.editorial) && (edit.sources ?? current.sources).length === 0) {
    throw validationError("sources: a claim needs at least one source, or must be marked editorial");
  }
  if (edit.value) resolveValueOf(edit.value);
}

/** Applies an edit (a member's, or an approved proposal whose author `proposedBy` is named in the new version). */
async function applyClaimEdit(trx: Trx, viewer: Viewer, current: ClaimRow, edit: ClaimEditReq, proposedBy: string | null): Promise<Claim> {
  const sources = edit.sources ?? current.sources;
  const editorial = edit.editorial ?? current.editorial;
  if (!editorial && sources.length === 0) {
    throw validationError("sources: a claim needs at least one source, or must be marked editorial");
  }
  const update: ClaimUpdate = {
    sources: JSON.stringify(sources),
    editorial,
    confidence: edit.confidence ?? current.confidence,
    confidence_rule: edit.confidenceRule === undefined ? current.confidence_rule : edit.confidenceRule,
    visibility: edit.visibility ?? current.visibility,
    status: edit.status ?? current.status,
  };
  if (edit.value) {
    const r = resolveValueOf(edit.value);
    await checkReferences(trx, [], edit.sources ?? [], r.refId ? [r.refId] : []);
    // A list's cell Sabt could not read is read now: its value is no longer the raw text.
    if (current.unparsed !== null) update.unparsed = null;
    Object.assign(update, {
      value_type: r.value.type,
      value: JSON.stringify(r.value),
      value_text: r.valueText,
      search_key: r.searchKey,
      ref_id: r.refId,
      date_earliest: r.dateEarliest,
      date_latest: r.dateLatest,
      num_value: r.numValue,
    });
  } else if (edit.sources) {
    await checkReferences(trx, [], edit.sources, []);
  }
  // A new value that disagrees with another source's is a dispute, as when it was created:
  // both sides are marked contested (unless the editor sets a status, e.g. retracts it). A value
  // that will wait for review disputes nothing yet: it is marked when approved.
  const willWait = proposedBy === null && needsReview(viewer, update.visibility === "public" && update.status !== "retracted") && current.review !== "approved";
  if (!willWait && edit.value && edit.version === current.version && update.value_text !== current.value_text && update.status !== "retracted") {
    const contested = new Set<string>();
    if (await contestRivals(trx, current.entity_id, current.property, current.id, String(update.value_text), contested)) {
      if (edit.status === undefined) update.status = "contested";
      await insertClaimRevisionsFromTable(trx, [...contested], "contest", "a source disagrees", actorName(viewer));
    }
  }
  const claim = await applyUpdate(trx, viewer, current, edit.version, update, "update", edit.reason ?? null, proposedBy);
  return settleReview(trx, viewer, claim, proposedBy);
}

/**
 * Makes a claim's current state equal to an earlier version's, as a new version (history is
 * never rewritten).
 */
export async function revertClaim(trx: Trx, viewer: Viewer, id: string, req: ClaimRevertReq): Promise<Claim> {
  const current = await loadForUpdate(trx, viewer, id, "update");
  if (req.toVersion >= current.version) throw validationError("toVersion: must be an earlier version");
  if (current.version !== req.version) throw staleVersion("This claim", req.version, current.version);
  if (viewer.kind === "user" && isPublished(current)) {
    const old = (await getClaimRevision(trx, id, req.toVersion)).snapshot;
    // Reverting to a version that was not public (or was retracted) hides the value: immediate, as narrowing is.
    if (old.visibility === "public" && old.status !== "retracted") return propose(trx, viewer, current, { op: "revert", revert: req });
  }
  return applyRevert(trx, viewer, current, req, null);
}

/** Applies a revert (a member's, or an approved proposal's). */
async function applyRevert(trx: Trx, viewer: Viewer, current: ClaimRow, req: ClaimRevertReq, proposedBy: string | null): Promise<Claim> {
  const id = current.id;
  if (req.toVersion >= current.version) throw validationError("toVersion: must be an earlier version");
  const old = (await getClaimRevision(trx, id, req.toVersion)).snapshot as Partial<Record<keyof ClaimRow, unknown>>;
  const update: ClaimUpdate = {
    value_type: String(old.value_type),
    value: JSON.stringify(old.value),
    value_text: String(old.value_text),
    search_key: typeof old.search_key === "string" ? old.search_key : "",
    ref_id: (old.ref_id as string | null) ?? null,
    date_earliest: (old.date_earliest as string | null) ?? null,
    date_latest: (old.date_latest as string | null) ?? null,
    num_value: (old.num_value as string | null) ?? null,
    sources: JSON.stringify(old.sources),
    editorial: Boolean(old.editorial),
    confidence: String(old.confidence),
    confidence_rule: (old.confidence_rule as string | null) ?? null,
    visibility: String(old.visibility),
    status: String(old.status),
  };
  const claim = await applyUpdate(trx, viewer, current, req.version, update, "revert", req.reason ?? `revert to version ${req.toVersion}`, proposedBy);
  return settleReview(trx, viewer, claim, proposedBy);
}

/**
 * Carries out an approved proposal for a claim, in the reviewer's transaction, naming its author
 * in the new version.
 * @throws SabtError stale_version when the claim changed after the proposal was made.
 */
export async function applyClaimProposal(trx: Trx, viewer: Viewer, id: string, proposal: ClaimProposal, proposedBy: string): Promise<Claim> {
  const current = await loadForUpdate(trx, viewer, id, "review");
  if (proposal.op === "edit") return applyClaimEdit(trx, viewer, current, proposal.edit, proposedBy);
  if (proposal.op === "prefer") return applyPrefer(trx, viewer, current, proposal.prefer, proposedBy);
  return applyRevert(trx, viewer, current, proposal.revert, proposedBy);
}

/**
 * Publishes an approved claim: its review state becomes approved and, for a single-valued
 * property, the values it disagrees with are marked contested now (not while it waited).
 */
export async function approveClaimRecord(trx: Trx, viewer: Viewer, id: string, version: number): Promise<Claim> {
  const current = await loadForUpdate(trx, viewer, id, "review");
  if (current.version !== version) throw staleVersion("This claim", version, current.version);
  await setReviewState(trx, "claim", id, "approved");
  const contested = new Set<string>();
  if (current.status !== "retracted" && (await contestRivals(trx, current.entity_id, current.property, id, current.value_text, contested))) {
    await insertClaimRevisionsFromTable(trx, [...contested], "contest", "a source disagrees", actorName(viewer));
    if (current.status === "asserted") {
      return applyUpdate(trx, viewer, { ...current, review: "approved" }, current.version, { status: "contested" }, "contest", "a source disagrees");
    }
  }
  return rowToClaim({ ...current, review: "approved" });
}

/** Marks a claim as the preferred one among its rivals, with the editor's reason. */
export async function preferClaim(trx: Trx, viewer: Viewer, id: string, req: ClaimPreferReq): Promise<Claim> {
  const current = await loadForUpdate(trx, viewer, id, "review");
  // Which value the public sees as preferred is a change to public values: a member's choice
  // waits for a second member, like any other.
  if (viewer.kind === "user" && isPublished(current)) {
    if (current.version !== req.version) throw staleVersion("This claim", req.version, current.version);
    return propose(trx, viewer, current, { op: "prefer", prefer: req });
  }
  return applyPrefer(trx, viewer, current, req, null);
}

/** Marks a claim preferred and its rivals not (a member's choice on non-public values, or an approved proposal). */
async function applyPrefer(trx: Trx, viewer: Viewer, current: ClaimRow, req: ClaimPreferReq, proposedBy: string | null): Promise<Claim> {
  const id = current.id;
  for (const rival of await findRivalClaims(trx, current.entity_id, current.property, id)) {
    if (!rival.preferred) continue;
    await applyUpdate(trx, viewer, rival, rival.version, { preferred: false, preferred_reason: null }, "unprefer", req.reason, proposedBy);
  }
  return applyUpdate(trx, viewer, current, req.version, { preferred: true, preferred_reason: req.reason }, "prefer", req.reason, proposedBy);
}

/**
 * The claims the viewer may see that point at an entity (claims whose value names it), for the
 * "pointing here" part of a record page. A confidential claim's reference is sealed, so only
 * members' readable, non-confidential references are found this way.
 */
export async function listClaimsReferencing(db: Db, viewer: Viewer, entityId: string, limit = 500): Promise<Claim[]> {
  authorize(viewer, "read");
  return (await findClaimsReferencing(db, entityId, claimReader(viewer), limit)).map(rowToClaim);
}
