/**
 * The evidence archive: a content-addressed blob store (filesystem or S3), archive items with
 * provenance and intake fixity, per-item hash-chained custody logs, type sniffing and hostile-file
 * handling, web capture (WARC/WACZ), PDF text, RFC 3161 timestamps and BagIt evidence packages.
 */
export type { ArchiveItem } from "./archive.types.ts";
export type { ArchiveItemKind, ProvenanceJson } from "../db/index.ts";
export type { BlobStore, BlobBackend, Digest, StagedFile } from "./blob-store.ts";
export { readBlob, blobKey } from "./blob-store.ts";
export { createFsBlobStore } from "./fs-blob-store.ts";
export { createS3BlobStore } from "./s3-blob-store.ts";
export { openBlobStore } from "./open-blob-store.ts";
export {
  ingestFile,
  stageUpload,
  recordStagedUploads,
  commitStagedUploads,
  type StagedUpload,
  addDerivedItem,
  getArchiveItem,
  getDerivedItems,
  DEFAULT_MAX_BYTES,
  type IntakeContent,
  type IntakeInput,
  type IntakeLimits,
} from "./archive.service.ts";
export { findClaimIdsCitingItem } from "./archive.repository.ts";
export {
  appendCustody,
  recordCustodyEvent,
  getCustodyLog,
  verifyCustody,
  findCustodyHashesPage,
  type CustodyEntry,
} from "./custody.service.ts";
export {
  checkCustodyChain,
  hashCustodyEvent,
  CUSTODY_GENESIS,
  type CustodyAction,
  type CustodyCheck,
} from "./custody.chain.ts";
export {
  verifyArchive,
  type ArchiveVerification,
  type ArchiveProblem,
  type VerifyProgress,
} from "./verify.ts";
export { runReverifyJob, REVERIFY_ACTOR } from "./reverify.job.ts";
export {
  copyBlobStore,
  type StoreCopyResult,
  type StoreCopyFailure,
  type StoreCopyOptions,
} from "./copy-store.service.ts";
export { sniffType, type SniffResult } from "./sniff.ts";
export { inspectFile, type Hazard, type Inspection } from "./inspect.ts";
export { DEFAULT_BOMB_LIMITS, type BombLimits } from "./zip-inspect.ts";
export { safeServeHeaders, type ServableItem } from "./serve-headers.ts";
export { stripJpegMetadata, stripPngMetadata, addPublicImageCopy } from "./image-metadata.ts";
export { extractPdfText, addPdfText, type PdfPageText } from "./pdf-text.ts";
export { detectLanguage, type DetectedLanguage } from "./language.ts";
export { extractMainText, type MainText } from "./main-text.ts";
export { captureUrl, DEFAULT_CHROMIUM, type CaptureOptions, type CaptureResult } from "./capture.ts";
export { ingestCapture, type CaptureArtifact, type ArtifactKind } from "./capture.service.ts";
export { captureJob, requestCapture, CAPTURE, CaptureJobPayload, CAPTURE_JOB, type CaptureJobResult } from "./capture.job.ts";
export { buildWacz, writeWacz } from "./wacz.ts";
export { parseWarc } from "./warc.ts";
export { timestampItem, verifyItemTimestamps, type ItemTimestamp } from "./timestamp.service.ts";
export { requestTimestamp } from "./tsa.client.ts";
export {
  verifyTimestampToken,
  readTimestampToken,
  type TimestampVerification,
  type TimestampInfo,
} from "./tsa.token.ts";
export { writeBag, type BagPayloadFile, type WrittenBag } from "./bagit.writer.ts";
export { validateBag, type BagValidation } from "./bagit.validator.ts";
export { exportEvidenceBag, type EvidenceBagOptions } from "./evidence-bag.service.ts";
export { viewEvidence, readEvidenceItem, openEvidenceFile, readEvidenceText, readPageTexts, type EvidenceView } from "./evidence.service.ts";
export {
  listEvidence,
  listEvidenceAdders,
  EvidenceFilterSchema,
  EVIDENCE_TYPES,
  EVIDENCE_PAGE_SIZE,
  type EvidenceFilter,
  type EvidenceList,
  type EvidenceListEntry,
  type EvidenceType,
} from "./evidence-list.service.ts";
export {
  uploadEvidence,
  checkUploads,
  UploadFieldsSchema,
  MAX_UPLOAD_FILES,
  type UploadedFile,
  type UploadProblem,
  type UploadProblemKind,
} from "./upload.service.ts";
export { citeArchivePassage, PassageCitationSchema, type PassageCitation } from "./cite.service.ts";
export { pdfTextJob, wantsPdfText, PDF_TEXT, PDF_TEXT_JOB, PdfTextJobPayload, type PdfTextJobResult } from "./pdf-text.job.ts";
export { registerArchiveRoutes, presentEvidence } from "./archive.routes.ts";
