/**
 * The shape of Sabt's fictional demo collection, as handed to the loader.
 *
 * Everything cross-references by stable string keys (`person:o07`, `place:evin`, `source:list-fa1`)
 * so the loader can create entities first, map each key to a database id, then insert claims.
 * The entity/claim graph (`entities`, `claims`) is authoritative; `lists`, `articles` and
 * `archive` carry payloads that do not fit a claim (CSV rows, Markdown bodies, file bytes).
 *
 * Victims exist in two forms, on purpose: every list row (import `lists` through the CSV importer,
 * as real lists are), and about 160 "featured" victims who are also `person` entities keyed by
 * their truth key (`person:v000123`), whose claims cite the list rows (`locator.record_id`) they
 * came from. `truth` links both, so linkage and estimation can be scored against it.
 */

import { VICTIM_LIST_COLUMNS } from "../shared/victim-list.ts";

/** A stable cross-reference key of the form `<type>:<id>`, unique within one collection. */
export type DemoKey = string;

/** Who may read a value: the public site, the team, or only authorized team members. */
export type DemoVisibility = "public" | "team" | "confidential";

/** How sure the collection is of a claim (the `claim_confidence_ck` values). */
export type DemoConfidence = "low" | "medium" | "high";

/** The life-cycle state of a claim (the `claim_status_ck` values). */
export type DemoClaimStatus = "asserted" | "contested" | "retracted";

/** A language of per-language content. */
export type DemoLang = "fa" | "en";

/** Entity types the loader creates: core entities first, then relation entities. */
export type DemoEntityType =
  | "person"
  | "organization"
  | "place"
  | "event"
  | "position"
  | "source"
  | "list"
  | "article"
  | "tag"
  | "detention"
  | "membership"
  | "occupancy"
  | "command"
  | "participation"
  | "legal_case";

/** One entity to create; its values live in `DemoCollection.claims` keyed by `subject`. */
export interface DemoEntity {
  /** Stable key used by claims and other payloads, e.g. `person:v00017`. */
  key: DemoKey;
  type: DemoEntityType;
  /** Human-readable, URL-safe, unique across the collection. */
  slug: string;
  /** A short English/Latin label for lists and logs; names in every script are claims. */
  label: string;
  visibility: DemoVisibility;
  fictional: true;
}

/** A partial, calendar-aware date as written by a source, with its Gregorian interval. */
export interface DemoDate {
  /** The text exactly as the source wrote it (Persian or ASCII digits, month names…). */
  text: string;
  calendar: "gregorian" | "jalali";
  precision: "year" | "month" | "day";
  qualifier?: "about" | "before" | "after";
  /** Normalized earliest Gregorian day, `YYYY-MM-DD`. */
  earliest: string;
  /** Normalized latest Gregorian day, `YYYY-MM-DD`. */
  latest: string;
}

/** The kind of a name claim (issue 2: a person has many names). */
export type DemoNameKind = "full" | "given" | "family" | "father" | "alias" | "title";

/** A typed claim value; `type` becomes the claim's `value_type`. */
export type DemoValue =
  | { type: "text"; value: string; lang?: DemoLang }
  | { type: "markdown"; value: string; lang: DemoLang }
  | { type: "name"; value: string; script: "Arab" | "Latn"; kind: DemoNameKind }
  | { type: "date"; value: DemoDate }
  | { type: "number"; value: number; unit?: string }
  | { type: "boolean"; value: boolean }
  | { type: "ref"; value: DemoKey }
  | { type: "geo"; value: { lat: number; lon: number; precision: "exact" | "approximate" } };

/** One citation: a source entity plus where in it (page, paragraph, record id, quote, time). */
export interface DemoCitation {
  source: DemoKey;
  locator?: Record<string, string | number>;
}

/** One attributed value; claims that disagree coexist, each with its own sources. */
export interface DemoClaim {
  /** Stable key, unique within the collection, e.g. `claim:000123`. */
  key: string;
  subject: DemoKey;
  /** A snake_case property such as `name`, `death_date`, `holder`, `death_toll`. */
  property: string;
  value: DemoValue;
  /** Never empty unless `editorial` is true. */
  sources: DemoCitation[];
  /** True for values the collection's editors assert without a source (e.g. a slug or a type). */
  editorial: boolean;
  confidence: DemoConfidence;
  /** Why the confidence is what it is, e.g. `single-source`, `two-independent-sources`. */
  confidenceRule?: string;
  visibility: DemoVisibility;
  status: DemoClaimStatus;
  /** Set when an editor marked this value preferred among contested ones. */
  preferred?: { reason: string };
  fictional: true;
}

/** The canonical victim-list import headers, in order: the importer's own list (`sabt import persons`). */
export const CANONICAL_HEADERS = VICTIM_LIST_COLUMNS;

/** One canonical import header. */
export type CanonicalHeader = (typeof CANONICAL_HEADERS)[number];

/** One row of a victim list as received: every canonical column as text, `""` when missing. */
export type DemoListRecord = Record<CanonicalHeader, string>;

/** The short id of one of the four demo lists. */
export type DemoListId = "fa1" | "fa2" | "en1" | "en2";

/** A victim list as received from one (fictional) group, ready for `sabt import persons`. */
export interface DemoList {
  id: DemoListId;
  /** The `list` entity key, e.g. `list:fa1`. */
  key: DemoKey;
  /** The `source` entity key every imported value cites, e.g. `source:list-fa1`. */
  source: DemoKey;
  /** The `--list NAME` to import under. */
  name: string;
  script: "Arab" | "Latn";
  calendar: "jalali" | "gregorian";
  /** Visibility suffix per column in the rendered CSV; columns not named get no suffix (team). */
  columnVisibility: Partial<Record<CanonicalHeader, DemoVisibility>>;
  records: DemoListRecord[];
}

/** A record's place in the truth: which list and which `record_id`. */
export interface DemoRecordRef {
  list: DemoListId;
  recordId: string;
}

/** One true (fictional) victim and every list record that reports them; `records` may be empty. */
export interface DemoTruthPerson {
  /** Equals the person entity key when the victim is also a featured entity. */
  personKey: DemoKey;
  records: DemoRecordRef[];
}

/** The generated lists with their ground truth, for import and linkage benchmarks. */
export interface DemoListRecords {
  lists: DemoList[];
  /** Every true victim, including those on no list (the undocumented, whose count is thus known). */
  truth: DemoTruthPerson[];
}

/** Per-language article content. */
export interface DemoArticleVersion {
  title: string;
  /** A short summary for cards, feeds and share images. */
  summary: string;
  /** Markdown body, a few paragraphs, saying plainly that the collection is fictional. */
  body: string;
}

/** A short fictional article; it is also an `article` entity with the same key. */
export interface DemoArticle {
  key: DemoKey;
  slug: string;
  /** Publication day, Gregorian `YYYY-MM-DD`. */
  published: string;
  /** Last update day, Gregorian `YYYY-MM-DD`. */
  updated: string;
  /** A fictional author's person key. */
  author: DemoKey;
  tags: DemoKey[];
  versions: Record<DemoLang, DemoArticleVersion>;
  /** Footnote citations, in order of first use. */
  citations: DemoCitation[];
  /** Entities the article is about (for "related items"). */
  about: DemoKey[];
  fictional: true;
}

/** A tag with per-language labels; also a `tag` entity with the same key. */
export interface DemoTag {
  key: DemoKey;
  slug: string;
  labels: Record<DemoLang, string>;
}

/** A file to put in the evidence archive, attached to a source. */
export interface DemoArchivedItem {
  /** Stable key, e.g. `archive:report-low-html`. */
  key: string;
  /** The source entity this file is a copy of. */
  source: DemoKey;
  filename: string;
  mediaType: "text/html" | "application/pdf" | "text/plain";
  /** The exact bytes to store (UTF-8 for text, a hand-built PDF for PDFs). */
  bytes: Uint8Array;
  /** A one-line description for the archive's index. */
  description: string;
  fictional: true;
}

/** The whole fictional demo collection. */
export interface DemoCollection {
  /** The seed that produced it; the same seed and options give identical output. */
  seed: number;
  /** The fictionality notice every page and export must show. */
  notice: Record<DemoLang, string>;
  entities: DemoEntity[];
  claims: DemoClaim[];
  lists: DemoList[];
  truth: DemoTruthPerson[];
  articles: DemoArticle[];
  tags: DemoTag[];
  archive: DemoArchivedItem[];
  fictional: true;
}

/** Options of `generateDemo`. */
export interface DemoOptions {
  /** PRNG seed (default 1367). */
  seed?: number;
  /** Number of true victims, documented or not (default 2000). */
  victims?: number;
}
