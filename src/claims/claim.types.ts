import type { z } from "zod";
import type { PartialDate } from "../dates/index.ts";
import type { ReviewState } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";
import type { CitationSchema } from "./claim.schema.ts";

/** A citation of a source entity, with an optional locator. */
export type Citation = z.infer<typeof CitationSchema>;

/** The typed, stored value of a claim. */
export type ClaimValue =
  | { type: "text"; text: string; lang?: string | undefined }
  | { type: "name"; text: string; kind: string; script: string; lang?: string | undefined }
  | { type: "date"; date: PartialDate }
  | { type: "number"; amount: number; unit?: string | undefined }
  | { type: "entity"; id: string }
  | { type: "boolean"; value: boolean }
  | { type: "url"; url: string }
  | { type: "geo"; lat: number; lon: number; precision: "exact" | "approximate" };

/** A claim as services and presenters see it. */
export interface Claim {
  readonly id: string;
  readonly entityId: string;
  readonly property: string;
  readonly value: ClaimValue;
  readonly valueText: string;
  readonly sources: readonly Citation[];
  readonly editorial: boolean;
  readonly confidence: "low" | "medium" | "high";
  readonly confidenceRule: string | null;
  readonly visibility: Visibility;
  readonly status: "asserted" | "contested" | "retracted";
  readonly preferred: boolean;
  readonly preferredReason: string | null;
  readonly origin: string | null;
  readonly author: string;
  readonly version: number;
  /** Four eyes: only an approved claim can be public; `pending` also while a proposed change to it waits. */
  readonly review: ReviewState;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
