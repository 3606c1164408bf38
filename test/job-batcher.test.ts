import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Algorithm } from '../src/engine/algorithms.js';
import { WorkCancelledError, type WorkItem } from '../src/engine/work.js';
import { HashPool } from '../src/pool/pool.js';
import { DEFAULT_IN_FLIGHT_PER_THREAD, jobsInFlight, PREFETCH_MS } from '../src/worker/in-flight.js';
import { JobBatcher } from '../src/worker/job-batcher.js';
import { pythonChains } from './support/python.js';

/** Queue jobs grouped into shared pool tasks: same digests, fewer tasks, no idle thread, one-by-one cancel. */

let pool: HashPool;
beforeAll(async () => {
  pool = await HashPool.create({ threads: 2, engine: 'auto' });
});
afterAll(async () => {
  await pool?.close();
});

const never = new AbortController().signal;
const sha = (seed: string, difficulty = 1): WorkItem => ({ seed, difficulty, algorithm: 'sha256' });

describe('HashPool.hashEach', () => {
  it('cancels one item of a task while its siblings finish, equal to python3 hashlib', async () => {
    const abort = new AbortController();
    const items = [
      sha('each-0'),
      { seed: 'each-long', difficulty: 4000, algorithm: 'sha3_512' as const },
      sha('each-2'),
    ];
    const running = pool.hashEach(
      items.map((item, i) => (i === 1 ? { item, signal: abort.signal } : { item })),
    );
    setTimeout(() => abort.abort(), 50);
    const t0 = performance.now();
    const results = await running;
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(results[1]).toBeNull();
    const expected = pythonChains(
      ['each-0', 'each-2'].map((seed) => ({ seed, algorithm: 'sha256', difficulty: 1 })),
    );
    expect([results[0]?.hash, results[2]?.hash]).toEqual(expected);
  });
});

/**
 * Two longer jobs occupy both threads, so three jobs submitted next wait and leave as one group. The
 * middle one must fail; the outer two and the blockers must finish with python-equal digests. Returns
 * why the middle one failed.
 */
async function middleOfAGroupFails(
  tag: string,
  middle: WorkItem,
  signal: AbortSignal,
  afterSubmit: () => void = () => {},
): Promise<unknown> {
  const batcher = new JobBatcher(pool, { budgetMs: 1000 });
  await batcher.run(sha(`${tag}-teach`), never);
  const blockers = [0, 1].map((i) => batcher.run(sha(`${tag}-block-${i}`, 6), never));
  const group = [
    batcher.run(sha(`${tag}-0`), never),
    batcher.run(middle, signal),
    batcher.run(sha(`${tag}-2`), never),
  ];
  afterSubmit();
  const settled = await Promise.allSettled([...blockers, ...group]);
  expect(settled.map((s) => s.status)).toEqual([
    'fulfilled',
    'fulfilled',
    'fulfilled',
    'rejected',
    'fulfilled',
  ]);
  const expected = pythonChains(
    [`${tag}-0`, `${tag}-2`].map((seed) => ({ seed, algorithm: 'sha256', difficulty: 1 })),
  );
  const hashes = [settled[2], settled[4]].map((s) => (s?.status === 'fulfilled' ? s.value.hash : null));
  expect(hashes).toEqual(expected);
  return (settled[3] as PromiseRejectedResult).reason;
}

describe('JobBatcher', () => {
  it('groups jobs that wait into shared tasks, each job with its own python-equal result', async () => {
    const batcher = new JobBatcher(pool, { budgetMs: 1000 });
    // Teach it the cost of sha256 first: an algorithm never measured always travels alone.
    await batcher.run(sha('teach'), never);
    const before = pool.stats().completedTasks;
    const items = Array.from({ length: 24 }, (_, i) => sha(`group-${i}`));
    const results = await Promise.all(items.map((item) => batcher.run(item, never)));
    const tasks = pool.stats().completedTasks - before;
    expect(results.map((r) => r.hash)).toEqual(
      pythonChains(items.map((i) => ({ seed: i.seed, algorithm: 'sha256', difficulty: 1 }))),
    );
    // 24 jobs arriving together on 2 threads: shared out in halves, not one task each.
    expect(tasks).toBeGreaterThanOrEqual(2);
    expect(tasks).toBeLessThanOrEqual(4);
  });

  it('never leaves a thread idle to group: two jobs on two idle threads run side by side', async () => {
    const batcher = new JobBatcher(pool, { budgetMs: 10_000 });
    await batcher.run(sha('teach-2'), never);
    const [a, b] = await Promise.all([
      batcher.run(sha('side-a', 20), never),
      batcher.run(sha('side-b', 20), never),
    ]);
    // Overlapping hashing windows: they were on different threads at the same time.
    expect(a.startedAtMs).toBeLessThan(b.completedAtMs);
    expect(b.startedAtMs).toBeLessThan(a.completedAtMs);
  });

  it('keeps long jobs apart: a job over the budget travels alone', async () => {
    const batcher = new JobBatcher(pool, { budgetMs: 1 });
    await batcher.run(sha('teach-3'), never);
    const before = pool.stats().completedTasks;
    await Promise.all(Array.from({ length: 6 }, (_, i) => batcher.run(sha(`alone-${i}`, 2), never)));
    expect(pool.stats().completedTasks - before).toBe(6);
  });

  it('cancels a waiting job alone; the jobs around it still finish', async () => {
    const abort = new AbortController();
    const reason = await middleOfAGroupFails('w', sha('w-1'), abort.signal, () => abort.abort());
    expect(reason).toBeInstanceOf(WorkCancelledError);
  });

  it('fails only the faulty job of a group', async () => {
    // A known algorithm (so it is grouped) with a seed the engine cannot read: its task throws.
    const bad = { seed: 42 as unknown as string, difficulty: 1, algorithm: 'sha256' as Algorithm };
    const reason = await middleOfAGroupFails('g', bad, never);
    expect(reason).not.toBeInstanceOf(WorkCancelledError);
  });

  it('runs an algorithm it has not measured yet alone, and a faulty one fails alone', async () => {
    const batcher = new JobBatcher(pool, { budgetMs: 1000 });
    const before = pool.stats().completedTasks;
    const bad = { seed: 'bad', difficulty: 1, algorithm: 'md5' as unknown as Algorithm };
    const settled = await Promise.allSettled([batcher.run(bad, never), batcher.run(sha('first'), never)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled']);
    expect(pool.stats().completedTasks - before).toBe(2);
  });
});

describe('jobsInFlight', () => {
  it('holds the cap for short jobs, one spare for long ones, twice the threads before measuring', () => {
    const max = DEFAULT_IN_FLIGHT_PER_THREAD * 2;
    expect(jobsInFlight(2, 2.3, max)).toBe(max);
    expect(jobsInFlight(2, 10 * PREFETCH_MS, max)).toBe(3);
    expect(jobsInFlight(2, PREFETCH_MS / 2, max)).toBe(2 + 4);
    expect(jobsInFlight(2, null, max)).toBe(4);
    expect(jobsInFlight(4, 1, 3)).toBe(3);
    expect(jobsInFlight(1, null, 1)).toBe(1);
  });
});
