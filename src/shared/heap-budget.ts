/**
 * A long run's JavaScript heap kept near what it holds. V8 sizes its heap for throughput: a run
 * that allocates fast and keeps little (the static export renders and drops hundreds of thousands
 * of pages) lets garbage pile up to several times the live data before a full collection (at
 * 100,000 people the export's heap reached 780 MB with about 250 MB live, and the process 1.26 GB).
 * Node offers no heap limit after start-up, so the run collects itself when the heap passes a
 * budget, and raises the budget when what it holds is more than that.
 */
import v8 from "node:v8";
import vm from "node:vm";

type Collect = (options?: { type?: "minor" | "major" }) => void;

let collect: Collect | undefined;

// V8's collector, made callable from here: the flag is read when a context is created, so a new
// context sees `gc` (the same as starting node with --expose-gc, for this function only).
function collector(): Collect {
  if (!collect) {
    v8.setFlagsFromString("--expose-gc");
    collect = vm.runInNewContext("gc") as Collect;
  }
  return collect;
}

/**
 * Collects the young generation now (a millisecond or so on a thread's small heap). Native memory
 * owned by short-lived objects, such as resvg's 3 MB pixmap behind each drawn card, is not counted
 * by V8, so a thread that allocates little JavaScript never collects and that memory only grows;
 * their owners' finalizers run once the thread next waits for work.
 */
export function collectYoungGarbage(): void {
  collector()({ type: "minor" });
}

/** Collects all the garbage now (a full, stop-the-world collection). */
export function collectAllGarbage(): void {
  collector()();
}

/** A budget for the heap in use, in bytes. */
export class HeapBudget {
  private budget: number;
  /** Full collections run so far. */
  collections = 0;

  constructor(private readonly bytes: number) {
    this.budget = bytes;
  }

  /** Collects garbage when the heap in use has passed the budget (a few microseconds otherwise). */
  check(): void {
    if (v8.getHeapStatistics().used_heap_size <= this.budget) return;
    collectAllGarbage();
    this.collections++;
    // What survives is live: with more live than the budget, collecting at every check would
    // only slow the run; the next collection waits until the heap has grown by half again.
    const live = v8.getHeapStatistics().used_heap_size;
    this.budget = Math.max(this.bytes, live * 1.5);
  }
}
