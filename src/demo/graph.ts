/**
 * A small accumulator for entities and claims so the generator's parts read as statements
 * ("this person has this name, per that list") rather than object literals. It refuses a
 * duplicate key or slug at once, because the loader relies on both being unique.
 */
import type {
  DemoCitation,
  DemoClaim,
  DemoClaimStatus,
  DemoConfidence,
  DemoEntity,
  DemoEntityType,
  DemoValue,
  DemoVisibility,
} from "./types.ts";

/** Options of one claim; `sources` empty means editorial. */
export interface ClaimOptions {
  sources?: DemoCitation[];
  confidence?: DemoConfidence;
  confidenceRule?: string;
  visibility?: DemoVisibility;
  status?: DemoClaimStatus;
  preferred?: { reason: string };
}

/** The accumulator. */
export interface Graph {
  entities: DemoEntity[];
  claims: DemoClaim[];
  /** Adds an entity (public unless told) and returns its key. */
  entity(key: string, type: DemoEntityType, slug: string, label: string, visibility?: DemoVisibility): string;
  /** Adds a claim on `subject`; with no sources it is editorial. Returns the claim. */
  claim(subject: string, property: string, value: DemoValue, options?: ClaimOptions): DemoClaim;
  /** True when an entity with this key exists. */
  has(key: string): boolean;
  /** The label of an entity, or the key itself when unknown (for readable relation labels). */
  labelOf(key: string): string;
  /** Adds a relation entity with the next number for its type, e.g. `occupancy:007`. */
  relation(type: DemoEntityType, label: string, visibility?: DemoVisibility): string;
}

/** Creates an empty graph. */
export function createGraph(): Graph {
  const entities: DemoEntity[] = [];
  const claims: DemoClaim[] = [];
  const keys = new Map<string, string>();
  const slugs = new Set<string>();
  const counters = new Map<string, number>();
  const graph: Graph = {
    entities,
    claims,
    entity(key, type, slug, label, visibility = "public") {
      if (keys.has(key)) throw new Error(`duplicate demo entity key ${key}`);
      if (slugs.has(slug)) throw new Error(`duplicate demo slug ${slug}`);
      keys.set(key, label);
      slugs.add(slug);
      entities.push({ key, type, slug, label, visibility, fictional: true });
      return key;
    },
    claim(subject, property, value, options = {}) {
      const sources = options.sources ?? [];
      const claim: DemoClaim = {
        key: `claim:${String(claims.length + 1).padStart(6, "0")}`,
        subject,
        property,
        value,
        sources,
        editorial: sources.length === 0,
        confidence: options.confidence ?? (sources.length > 1 ? "high" : "medium"),
        ...(options.confidenceRule
          ? { confidenceRule: options.confidenceRule }
          : sources.length > 1
            ? { confidenceRule: "two-or-more-sources" }
            : sources.length === 1
              ? { confidenceRule: "single-source" }
              : { confidenceRule: "editorial" }),
        visibility: options.visibility ?? "public",
        status: options.status ?? "asserted",
        ...(options.preferred ? { preferred: options.preferred } : {}),
        fictional: true,
      };
      claims.push(claim);
      return claim;
    },
    has: (key) => keys.has(key),
    labelOf: (key) => keys.get(key) ?? key,
    relation(type, label, visibility = "public") {
      const n = (counters.get(type) ?? 0) + 1;
      counters.set(type, n);
      const id = String(n).padStart(4, "0");
      return graph.entity(`${type}:${id}`, type, `${type.replace("_", "-")}-${id}`, label, visibility);
    },
  };
  return graph;
}

/** Shorthand for a text value. */
export const text = (value: string, lang?: "fa" | "en"): DemoValue =>
  lang ? { type: "text", value, lang } : { type: "text", value };
/** Shorthand for a reference value. */
export const ref = (value: string): DemoValue => ({ type: "ref", value });
/** Shorthand for a number value. */
export const num = (value: number, unit?: string): DemoValue =>
  unit ? { type: "number", value, unit } : { type: "number", value };
