/**
 * How many jobs a Redis worker holds at once. Between two jobs on a thread lies a Redis round trip
 * (completion plus fetching the next job), which on a busy machine can take longer than a short job takes
 * to hash; jobs held beyond the thread count hide it. Holding many long jobs, though, would starve other
 * worker processes while these wait here. So the worker holds enough to cover PREFETCH_MS of hashing per
 * thread: the cap for difficulty-1 jobs (~2 ms), one spare job once a job takes longer than PREFETCH_MS.
 */

/** Hashing time per thread the held jobs should cover: well above a Redis round trip on a busy machine (0006). */
export const PREFETCH_MS = 40;

/** Held jobs per hashing thread at most, by default. */
export const DEFAULT_IN_FLIGHT_PER_THREAD = 8;

export function jobsInFlight(threads: number, meanJobMs: number | null, max: number): number {
  if (meanJobMs === null) return Math.max(1, Math.min(2 * threads, max));
  const ahead = Math.ceil((threads * PREFETCH_MS) / Math.max(meanJobMs, 0.001));
  return Math.max(1, Math.min(threads + ahead, max));
}
