export { listRevisions, listVisibleRevisions, getRevision, sealHistory, type Revision, type SnapshotOpener } from "./revision.service.ts";
export {
  insertRevision,
  insertClaimRevisionsFromTable,
  insertEntityRevisionsFromTable,
  findCurrentSnapshots,
  findObjectIdsPage,
  findRevisionsOf,
  findOrphanRevisionObjects,
  findNewestClaimRevisionsByReason,
} from "./revision.repository.ts";
export { presentRevision, RevisionOutSchema, type RevisionOut } from "./revision.presenter.ts";
