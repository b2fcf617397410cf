import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { HeapBudget } from "./heap-budget.ts";

const used = () => v8.getHeapStatistics().used_heap_size;

// The heap in use just after `make`'s result is dropped (garbage, not yet collected).
function usedAfterDropping(make: () => unknown): number {
  make();
  return used();
}

describe("a heap budget", () => {
  it("collects the garbage once the heap passes the budget, and not again until it grows by half", () => {
    const before = usedAfterDropping(() => Array.from({ length: 400 }, () => Array.from({ length: 20_000 }, (_, i) => i + 0.5)));
    const budget = new HeapBudget(1024 * 1024);
    budget.check();
    expect(budget.collections).toBe(1);
    // About 64 MB of arrays were dropped: the collection freed them.
    expect(before - used()).toBeGreaterThan(32 * 1024 * 1024);
    budget.check();
    expect(budget.collections).toBe(1);
  });

  it("does nothing while the heap is within the budget", () => {
    const budget = new HeapBudget(used() * 4);
    for (let i = 0; i < 100; i++) budget.check();
    expect(budget.collections).toBe(0);
  });
});
