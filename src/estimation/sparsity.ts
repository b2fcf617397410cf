/**
 * Checks whether a capture table carries enough overlap between lists for any estimator to be
 * driven by data rather than by its assumptions.
 */
import type { CaptureTable } from "./capture-table.ts";
import { listsInPattern } from "./capture-table.ts";

/** How much overlap the lists share. */
export interface SparsityReport {
  /** People recorded by two or more lists: the only evidence about the unrecorded. */
  readonly onSeveralLists: number;
  /** Possible non-empty patterns with no one in them, out of 2^J − 1. */
  readonly emptyPatterns: number;
  readonly possiblePatterns: number;
  readonly warnings: readonly string[];
}

/** Fewer people than this on two or more lists and the estimate rests mostly on the model. */
export const MIN_OVERLAP = 30;

/** Measures overlap and returns plain-language warnings when the data are too sparse. */
export function checkSparsity(table: CaptureTable): SparsityReport {
  const onSeveralLists = table.cells.reduce((s, c) => s + (listsInPattern(c.pattern) >= 2 ? c.count : 0), 0);
  const possiblePatterns = 2 ** table.lists.length - 1;
  const emptyPatterns = possiblePatterns - table.cells.length;
  const warnings: string[] = [];
  if (onSeveralLists < MIN_OVERLAP) {
    warnings.push(
      `sparse data: only ${onSeveralLists} of ${table.observed} people appear on more than one list, so the estimate rests mostly on the model's assumptions`,
    );
  }
  if (emptyPatterns > possiblePatterns / 2) {
    warnings.push(
      `sparse data: ${emptyPatterns} of ${possiblePatterns} possible capture patterns are empty; consider merging lists or using fewer`,
    );
  }
  return { onSeveralLists, emptyPatterns, possiblePatterns, warnings };
}
