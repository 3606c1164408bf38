import { type Algorithm, iterationsFor } from './algorithms.js';
import type { EngineName, HashEngine } from './types.js';

/** One seed's work: `difficulty × 50,000` chained digests (SPEC §1). */
export interface WorkItem {
  readonly seed: string;
  readonly difficulty: number;
  readonly algorithm: Algorithm;
}

export interface WorkResult {
  readonly hash: string;
  /** Total iteration count, kept for compatibility with the original API. */
  readonly nonce: number;
  /** Pure hashing time of this seed. */
  readonly latencyMs: number;
  readonly startedAtMs: number;
  readonly completedAtMs: number;
  readonly engine: EngineName;
}

export class WorkCancelledError extends Error {
  constructor() {
    super('work cancelled');
    this.name = 'WorkCancelledError';
  }
}

/**
 * Iterations per call into the engine. A native loop cannot be interrupted, so long chains run in slices and
 * `shouldStop` is consulted between them: at the slowest algorithm (~2.5 M/s) a slice is ~25 ms, which bounds
 * how long cancelled work keeps a thread busy, while the per-slice call cost stays far below 0.1 %.
 */
export const SLICE_ITERATIONS = 65_536;

export function runWork(
  engine: HashEngine,
  item: WorkItem,
  shouldStop: () => boolean = () => false,
): WorkResult {
  const total = iterationsFor(item.difficulty);
  const startedAtMs = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  let data: Uint8Array = Buffer.from(item.seed, 'utf8');
  for (let done = 0; done < total; ) {
    if (shouldStop()) throw new WorkCancelledError();
    const slice = Math.min(SLICE_ITERATIONS, total - done);
    data = engine.chain(item.algorithm, data, slice);
    done += slice;
  }
  const latencyMs = performance.now() - t0;
  return {
    hash: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex'),
    nonce: total,
    latencyMs,
    startedAtMs,
    completedAtMs: startedAtMs + latencyMs,
    engine: engine.name,
  };
}
