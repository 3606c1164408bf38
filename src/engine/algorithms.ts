/** The work unit of SPEC §1: `difficulty × ITERATIONS_PER_LEVEL` chained digests of the seed's UTF-8 bytes. */
export const ALGORITHMS = ['sha256', 'sha512', 'sha3_256', 'sha3_512', 'blake2b'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const DEFAULT_ALGORITHM: Algorithm = 'sha256';
export const ITERATIONS_PER_LEVEL = 50_000;

/** Digest length in bytes, and the name node:crypto knows each algorithm by. */
export const ALGORITHM_INFO: Readonly<Record<Algorithm, { digestBytes: number; nodeName: string }>> = {
  sha256: { digestBytes: 32, nodeName: 'sha256' },
  sha512: { digestBytes: 64, nodeName: 'sha512' },
  sha3_256: { digestBytes: 32, nodeName: 'sha3-256' },
  sha3_512: { digestBytes: 64, nodeName: 'sha3-512' },
  blake2b: { digestBytes: 64, nodeName: 'blake2b512' },
};

export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && (ALGORITHMS as readonly string[]).includes(value);
}

export function iterationsFor(difficulty: number): number {
  return difficulty * ITERATIONS_PER_LEVEL;
}
