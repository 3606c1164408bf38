import type { Algorithm } from './algorithms.js';

export type EngineName = 'native' | 'js';

/**
 * One hash engine. `chain` runs `iterations` rounds of `data = H(data)` and returns the final raw digest.
 * It is synchronous and CPU-bound: call it only from a pool thread, never on the HTTP event loop.
 * `chain(chain(x, a), b)` equals `chain(x, a + b)`, which is what lets callers run long chains in slices.
 */
export interface HashEngine {
  readonly name: EngineName;
  chain(algorithm: Algorithm, input: Uint8Array, iterations: number): Buffer;
}
