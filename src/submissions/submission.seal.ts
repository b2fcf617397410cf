/**
 * Sealing of what a sender wrote: the text, the record they meant, their name and contact details
 * are encrypted together under the primary key (bound to the submission's id), like confidential
 * claim values, so a copy of the database without the key file reveals none of it.
 */
import { activeKeyring, openSealed, seal, sealedKeyId } from "../crypto/index.ts";

/** The sealed part of a submission. */
export interface SubmissionContent {
  text: string;
  about?: string | undefined;
  name?: string | undefined;
  contact?: string | undefined;
}

const aad = (id: string) => `submission:${id}`;

/** Seals a submission's content for storage. */
export function sealSubmission(id: string, content: SubmissionContent): string {
  return seal(activeKeyring(), JSON.stringify(content), aad(id));
}

/** Opens a stored submission's content. */
export function openSubmission(id: string, sealed: string): SubmissionContent {
  return JSON.parse(openSealed(activeKeyring(), sealed, aad(id))) as SubmissionContent;
}

/** True when a stored submission is sealed with a key other than the primary one. */
export function isStaleSeal(sealed: string): boolean {
  return sealedKeyId(sealed) !== activeKeyring().primaryId;
}
