/** The public form's fields: one schema that validates the post and is its type. */
import { z } from "zod";
import type { SubmissionState } from "../db/index.ts";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** What a submission is about. */
export const SubmissionKindSchema = z.enum(["correction", "missing", "testimony"], { message: "choose what you are sending" });

/** The fields of the public form besides the files, the honeypot and the proof-of-work. */
export const SubmissionFieldsSchema = z.object({
  kind: SubmissionKindSchema,
  text: z.string({ message: "write what you want to tell us" }).trim().min(1, "write what you want to tell us").max(20_000, "at most 20000 characters"),
  /** The record, name or page the submission is about, in the sender's words. */
  about: z.preprocess(blank, z.string().trim().max(500, "at most 500 characters").optional()),
  name: z.preprocess(blank, z.string().trim().max(200, "at most 200 characters").optional()),
  contact: z.preprocess(blank, z.string().trim().max(500, "at most 500 characters").optional()),
  consent: z.preprocess(blank, z.enum(["named", "anonymous"], { message: "choose whether we may name you" }).default("anonymous")),
});
/** Validated form fields. */
export type SubmissionFields = z.infer<typeof SubmissionFieldsSchema>;

/** The states of a submission, in the order work moves through them (the queue's tabs, the state form). */
export const SUBMISSION_STATES = ["received", "in_review", "used", "declined"] as const satisfies readonly SubmissionState[];

/** A state a team member may set. */
export const SubmissionStateSchema = z.enum(SUBMISSION_STATES);
