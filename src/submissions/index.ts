/**
 * Submissions from the public form (issue 12): corrections, people missing from every list and
 * testimony, stored sealed and confidential with their files in the archive, a receipt code to
 * check their state, the form's abuse limits (per address, global, proof-of-work under load), and
 * the team's side (the queue, states, turning one into a source).
 */
export {
  submit,
  submissionStatus,
  listSubmissions,
  readSubmission,
  setSubmissionState,
  makeSourceFromSubmission,
  resealSubmissions,
  SUBMISSION_FILE_LIMITS,
  SUBMISSION_ACTOR,
  type SubmissionFileLimits,
  type SubmissionRequest,
  type SubmissionSummary,
  type SubmissionView,
} from "./submission.service.ts";
export { SubmissionFieldsSchema, SubmissionKindSchema, SubmissionStateSchema, SUBMISSION_STATES, type SubmissionFields } from "./submission.schema.ts";
export type { SubmissionContent } from "./submission.seal.ts";
export { newReceiptCode, normalizeReceiptCode } from "./receipt.ts";
export { admitPost, checkPow, challengeIfBusy, SUBMIT_LIMITS, type SubmitLimits, type PowAnswer, type Refusal } from "./throttle.service.ts";
export { checkAnswer } from "./pow.ts";
