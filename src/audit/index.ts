export { recordAudit, verifyAuditChain, advanceAuditWitness, resetAuditWitness, type AuditInput, type AuditVerification } from "./audit.service.ts";
export { hashAuditEntry, GENESIS_HASH, type ChainProblem } from "./audit.chain.ts";
export { auditWitnessPath } from "./audit.witness.ts";
