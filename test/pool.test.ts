import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Algorithm } from '../src/engine/algorithms.js';
import { WorkCancelledError, type WorkItem } from '../src/engine/work.js';
import { HashPool } from '../src/pool/pool.js';
import { pythonChains } from './support/python.js';

describe('HashPool', () => {
  let pool: HashPool;
  beforeAll(async () => {
    pool = await HashPool.create({ threads: 2, engine: 'auto' });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('hashes a spread batch in input order, equal to python3 hashlib', async () => {
    const algorithms: Algorithm[] = ['sha256', 'sha512', 'sha3_256', 'sha3_512', 'blake2b'];
    const items: WorkItem[] = algorithms.flatMap((algorithm, i) =>
      ['', 'seed-α', `s${i}`].map((seed) => ({ seed, difficulty: 1, algorithm })),
    );
    const expected = pythonChains(
      items.map((it) => ({ seed: it.seed, algorithm: it.algorithm, difficulty: 1 })),
    );
    const results = await pool.hashSpread(items);
    expect(results.map((r) => r.hash)).toEqual(expected);
    for (const r of results) {
      expect(r.nonce).toBe(50_000);
      expect(r.latencyMs).toBeGreaterThan(0);
      expect(r.completedAtMs).toBeGreaterThanOrEqual(r.startedAtMs);
    }
  });

  it('cancels long work promptly and stays usable afterwards', async () => {
    const abort = new AbortController();
    // ~100 M sha3 steps per item: tens of seconds if cancellation did not work.
    const long = pool.hashSpread(
      Array.from({ length: 4 }, (_, i) => ({
        seed: `long-${i}`,
        difficulty: 2000,
        algorithm: 'sha3_512' as const,
      })),
      abort.signal,
    );
    setTimeout(() => abort.abort(), 100);
    const t0 = performance.now();
    await expect(long).rejects.toBeInstanceOf(WorkCancelledError);
    expect(performance.now() - t0).toBeLessThan(2000);

    const t1 = performance.now();
    const [after] = await pool.hashBatch([{ seed: 'a', difficulty: 2, algorithm: 'sha256' }]);
    expect(performance.now() - t1).toBeLessThan(1000);
    expect(after?.hash).toBe('587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d');
  });

  it('rejects an already-aborted request without running it', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(
      pool.hashBatch([{ seed: 'x', difficulty: 1, algorithm: 'sha256' }], abort.signal),
    ).rejects.toBeInstanceOf(WorkCancelledError);
  });

  it('survives a failing task', async () => {
    const bad = { seed: 'x', difficulty: 1, algorithm: 'md5' as unknown as Algorithm };
    await expect(pool.hashBatch([bad])).rejects.toThrow();
    const [ok] = await pool.hashBatch([{ seed: 'b', difficulty: 2, algorithm: 'sha256' }]);
    expect(ok?.hash).toBe('44b38c9f7c99c59d201c1b006ac1e883187e5e2f3f8844a8acd8906275ceb347');
    expect(pool.stats().threads).toBe(2);
  });

  it('starts interactive (sync) work before queued background (job) work', async () => {
    const order: string[] = [];
    // Six ~0.3 s background tasks: two run, four wait in the queue.
    const background = Array.from({ length: 6 }, (_, i) =>
      pool
        .hashBatch([{ seed: `bg-${i}`, difficulty: 15, algorithm: 'sha3_512' }])
        .then(() => order.push(`bg-${i}`)),
    );
    await new Promise((r) => setTimeout(r, 50));
    const sync = pool.hashSpread([{ seed: 'a', difficulty: 2, algorithm: 'sha256' }]).then((results) => {
      order.push('sync');
      return results;
    });
    const [result] = await sync;
    await Promise.all(background);
    expect(result?.hash).toBe('587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d');
    // It waits only for a running task to free a thread, not for the four queued ahead of it.
    expect(order.indexOf('sync')).toBeLessThanOrEqual(2);
  });

  it('keeps threads warm: a small task costs well under a millisecond of overhead', async () => {
    const rounds = 200;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await pool.hashBatch([]);
    const perTaskMs = (performance.now() - t0) / rounds;
    expect(perTaskMs).toBeLessThan(2);
  });
});
