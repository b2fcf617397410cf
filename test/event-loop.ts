/**
 * The longest gap between 5 ms ticks of the event loop while `work` runs, and how long it ran:
 * what tests use to show that long work leaves the server answering.
 */
export async function measurePauses<T>(work: () => Promise<T>): Promise<{ result: T; longestPause: number; took: number }> {
  let last = performance.now();
  let longest = 0;
  const started = last;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
  }
  const end = performance.now();
  return { result, longestPause: Math.max(longest, end - last), took: end - started };
}
