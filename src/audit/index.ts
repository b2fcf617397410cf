export { recordAudit, recordAuditAs, verifyAuditChain, advanceAuditWitness, resetAuditWitness, type AuditInput, type AuditVerification } from "./audit.service.ts";
export { hashAuditEntry, GENESIS_HASH, type ChainProblem } from "./audit.chain.ts";
export { auditWitnessPath } from "./audit.witness.ts";
export { commitVersions, commitNewVersions, verifyCommitmentBindings, type BindingProblem } from "./commitment.service.ts";
export { LOST_VERSION, type Commitment } from "./commitment.ts";
export { findCommitmentsOf, findCommittedButMissing } from "./commitment.repository.ts";
export { listAuditEntries, listAuditActions, type AuditEntry, type AuditQuery, type AuditPage } from "./audit-page.service.ts";
