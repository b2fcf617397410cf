/**
 * The comparison contract shared by the field builders, EM and scoring: each compared field turns a
 * record pair into a level, from 0 (disagree) up to the top level (exact agreement), or -1 when a
 * value is missing and the field says nothing.
 */

/** One field's comparison over a fixed set of prepared records. */
export interface Comparison {
  readonly name: string;
  /** Level labels, index 0 = disagree, last = exact agreement. */
  readonly levels: readonly string[];
  /** The level of the pair (i, j), or -1 when either value is missing. */
  level(i: number, j: number): number;
  /** Per-record value whose frequency adjusts the weight of exact agreement (term frequency). */
  readonly tfValues?: readonly string[];
  /** Block key names that imply agreement on this field (excluded when training on that rule). */
  readonly blockKeys: readonly string[];
  /** True for a person's given name and surname, whose outright disagreement marks a non-match. */
  readonly isName?: boolean;
}

/** Per-record block key values by key name ("" when the record has no value). */
export type BlockKeyTable = ReadonlyMap<string, readonly string[]>;

/** The prepared form of a record set: its comparisons and its block keys. */
export interface PreparedRecords {
  readonly size: number;
  readonly comparisons: readonly Comparison[];
  readonly blockKeys: BlockKeyTable;
  /** Source (list) of each record, "" when the data have none. */
  readonly sources: readonly string[];
}
