import type { Kysely, Transaction } from "kysely";
import type { ArchiveCustodyTable, ArchiveItemTable, ArchivePageTextTable, ArchiveTimestampTable } from "./tables/archive.table.ts";
import type { AuditLogTable } from "./tables/audit.table.ts";
import type { ApiTokenTable, AppUserTable, InvitationTable } from "./tables/auth.table.ts";
import type { AppSessionTable, AuthThrottleTable, RecoveryCodeTable, WebauthnCredentialTable } from "./tables/security.table.ts";
import type { ClaimSealedTermTable, ClaimTable } from "./tables/claim.table.ts";
import type { EntitySlugTable, EntityTable } from "./tables/entity.table.ts";
import type { JobTable } from "./tables/job.table.ts";
import type { ReviewRequestTable } from "./tables/review.table.ts";
import type { SubmissionFileTable, SubmissionTable, SubmissionThrottleTable } from "./tables/submission.table.ts";
import type { RevisionTable } from "./tables/revision.table.ts";
import type { IntegrityStateTable, VersionCommitmentTable } from "./tables/commitment.table.ts";
import type { ImportRunTable, ListRecordTable } from "./tables/import.table.ts";
import type { EstimateRunTable, LinkDecisionTable, LinkEventTable, LinkMemberTable, LinkPairTable, LinkRunTable, PersonMergeTable } from "./tables/lists.table.ts";

/** Every table Sabt has, composed once (STYLE.md §5). */
export interface Database {
  entity: EntityTable;
  entity_slug: EntitySlugTable;
  claim: ClaimTable;
  claim_sealed_term: ClaimSealedTermTable;
  revision: RevisionTable;
  audit_log: AuditLogTable;
  version_commitment: VersionCommitmentTable;
  integrity_state: IntegrityStateTable;
  list_record: ListRecordTable;
  import_run: ImportRunTable;
  app_user: AppUserTable;
  api_token: ApiTokenTable;
  invitation: InvitationTable;
  app_session: AppSessionTable;
  recovery_code: RecoveryCodeTable;
  webauthn_credential: WebauthnCredentialTable;
  auth_throttle: AuthThrottleTable;
  archive_item: ArchiveItemTable;
  archive_custody: ArchiveCustodyTable;
  archive_timestamp: ArchiveTimestampTable;
  archive_page_text: ArchivePageTextTable;
  link_run: LinkRunTable;
  link_pair: LinkPairTable;
  link_event: LinkEventTable;
  link_decision: LinkDecisionTable;
  link_member: LinkMemberTable;
  person_merge: PersonMergeTable;
  estimate_run: EstimateRunTable;
  job: JobTable;
  review_request: ReviewRequestTable;
  submission: SubmissionTable;
  submission_file: SubmissionFileTable;
  submission_throttle: SubmissionThrottleTable;
}

/**
 * The query builder bound to Sabt's schema: the one executor type. A transaction is a `Db` too, so a
 * function that may run inside or outside one takes `Db`.
 */
export type Db = Kysely<Database>;
/** A transaction; functions that must run inside one take this type so the compiler enforces it. */
export type Trx = Transaction<Database>;
