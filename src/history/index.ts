export { listRevisions, listVisibleRevisions, getRevision, type Revision } from "./revision.service.ts";
export { insertRevision, insertClaimRevisionsFromTable, insertEntityRevisionsFromTable } from "./revision.repository.ts";
