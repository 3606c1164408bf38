import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { ALGORITHMS, type Algorithm } from '../src/engine/algorithms.js';
import { HashPool } from '../src/pool/pool.js';
import type { JobEvent, JobQueue } from '../src/queue/contract.js';
import { createQueue, startWorkers } from '../src/queue/index.js';
import type { JobStatus } from '../src/schemas/status.js';
import { type Processor, poolProcessor, type WorkerHandle } from '../src/worker/processor.js';
import { pythonChains } from './support/python.js';
import { TestRedis } from './support/redis.js';
import { waitFor } from './support/wait.js';

/**
 * One suite, both queues: whatever the API relies on must hold for the embedded queue and for BullMQ on a
 * real redis-server alike. Hashes are checked against python3's hashlib.
 */

let pool: HashPool;
let redis: TestRedis;

beforeAll(async () => {
  pool = await HashPool.create({ threads: 2, engine: 'auto' });
  redis = await TestRedis.start();
});

afterAll(async () => {
  await pool?.close();
  await redis?.stop();
});

interface Harness {
  readonly queue: JobQueue;
  readonly workers: WorkerHandle | null;
}

interface HarnessOptions {
  readonly ttlSeconds?: number;
  readonly attempts?: number;
  readonly processor?: Processor;
  readonly workers?: boolean;
}

const open: Harness[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.workers?.close();
    await h.queue.close();
  }
});

async function harness(mode: 'embedded' | 'redis', options: HarnessOptions = {}): Promise<Harness> {
  const config = loadConfig({
    ...(mode === 'redis' ? { REDIS_URL: redis.url } : {}),
    QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
    RESULT_TTL_SECONDS: String(options.ttlSeconds ?? 60),
    JOB_ATTEMPTS: String(options.attempts ?? 3),
    WORKER_CONCURRENCY: '2',
  });
  const queue = createQueue(config, { retryBaseMs: 50 });
  const workers =
    options.workers === false
      ? null
      : await startWorkers(config, queue, {
          processor: options.processor ?? poolProcessor(pool),
          concurrency: 2,
        });
  const h = { queue, workers };
  open.push(h);
  return h;
}

function batchOf(seeds: string[], algorithm: Algorithm = 'sha256', difficulty = 1) {
  return {
    batchId: randomUUID(),
    items: seeds.map((seed, i) => ({ requestId: randomUUID(), cycle: i + 1, seed })),
    difficulty,
    algorithm,
    callbackUrl: null,
  };
}

const settled = (statuses: JobStatus[]) =>
  statuses.every((s) => s.status === 'done' || s.status === 'failed');

/** The pool processor, but the first `failures` attempts for each seed listed throw a transient error. */
function flaky(failures: Record<string, number>): Processor {
  const real = poolProcessor(pool);
  const left = new Map(Object.entries(failures));
  return async (item, signal) => {
    const n = left.get(item.seed) ?? 0;
    if (n > 0) {
      left.set(item.seed, n - 1);
      throw new Error(`transient failure for ${item.seed}`);
    }
    return real(item, signal);
  };
}

describe.each(['embedded', 'redis'] as const)('JobQueue contract: %s', (mode) => {
  it('hashes every algorithm bit-exactly with python hashlib, with full status fields', async () => {
    const { queue } = await harness(mode);
    const batches = ALGORITHMS.map((algorithm, i) => batchOf([`seed-${i}`, 'ünï'], algorithm));
    for (const batch of batches) await queue.enqueue(batch);
    const ids = batches.flatMap((b) => b.items.map((item) => item.requestId));
    const statuses = await waitFor(() => queue.getStatuses(ids), settled);
    const expected = pythonChains(
      batches.flatMap((b) =>
        b.items.map((item) => ({ seed: item.seed, algorithm: b.algorithm, difficulty: 1 })),
      ),
    );
    expect(statuses.map((s) => s.hash)).toEqual(expected);
    for (const [i, s] of statuses.entries()) {
      expect(s.requestId).toBe(ids[i]);
      expect(s.status).toBe('done');
      expect(s.attempts).toBe(1);
      expect(s.nonce).toBe(50_000);
      expect(s.queueTimeMs).toBeGreaterThanOrEqual(0);
      // Epoch times are whole milliseconds; the pure hashing time is not.
      expect(s.totalTimeMs).toBeGreaterThanOrEqual((s.latencyMs ?? Number.NaN) - 1);
      expect(s.completedAtMs).toBeGreaterThanOrEqual(s.startedAtMs ?? Number.NaN);
      expect(s.callback).toBeNull();
      expect(s.queuePosition).toBeNull();
    }
    const stats = await queue.stats();
    expect(stats.mode).toBe(mode);
    expect(stats.counters.enqueued).toBe(10);
    await waitFor(
      () => queue.stats(),
      (st) => st.counters.completed === 10 && st.counters.hashSteps === 500_000,
    );
  });

  it('answers not_found for unknown ids, in request order, never queued', async () => {
    const { queue } = await harness(mode, { workers: false });
    const batch = batchOf(['known']);
    await queue.enqueue(batch);
    const known = batch.items[0]?.requestId ?? '';
    const statuses = await queue.getStatuses(['nope-1', known, randomUUID()]);
    expect(statuses.map((s) => s.status)).toEqual(['not_found', 'queued', 'not_found']);
    expect(statuses[0]?.requestId).toBe('nope-1');
    expect(await queue.getStatuses([])).toEqual([]);
    // Ids that would name the queue's own Redis keys are unknown ids like any other, not a server error.
    const internal = ['events', 'wait', 'active', 'marker', 'meta', 'id', 'x:workers', '', '../wait'];
    expect((await queue.getStatuses(internal)).map((s) => s.status)).toEqual(internal.map(() => 'not_found'));
  });

  it('lists a batch with every job and its status; an unknown batch is null', async () => {
    const { queue } = await harness(mode);
    const batch = batchOf(['a', 'b', 'c'], 'sha256', 1);
    await queue.enqueue(batch);
    const jobs = await waitFor(
      async () => (await queue.getBatch(batch.batchId)) ?? [],
      (list) => list.length === 3 && settled(list),
    );
    expect(jobs.map((j) => j.cycle).sort()).toEqual([1, 2, 3]);
    expect(jobs.every((j) => j.batchId === batch.batchId && j.status === 'done')).toBe(true);
    expect(await queue.getBatch(randomUUID())).toBeNull();
  });

  it('publishes queued → running → done for each job, in order', async () => {
    const { queue } = await harness(mode);
    const events: JobEvent[] = [];
    const unsubscribe = queue.subscribe((e) => events.push(e));
    const batch = batchOf(['e1', 'e2', 'e3']);
    await queue.enqueue(batch);
    const ids = batch.items.map((i) => i.requestId);
    await waitFor(
      async () => events.filter((e) => e.type === 'done').length,
      (n) => n === 3,
    );
    unsubscribe();
    for (const id of ids) {
      const mine = events.filter((e) => e.requestId === id);
      expect(mine.map((e) => e.type)).toEqual(['queued', 'running', 'done']);
      expect(mine.every((e) => e.batchId === batch.batchId)).toBe(true);
      expect(mine.at(-1)?.job?.status).toBe('done');
    }
  });

  it('retries a transient failure with backoff and then succeeds; attempts show it', async () => {
    const { queue } = await harness(mode, { attempts: 3, processor: flaky({ wobbly: 2 }) });
    const events: JobEvent[] = [];
    queue.subscribe((e) => events.push(e));
    const batch = batchOf(['wobbly', 'steady']);
    await queue.enqueue(batch);
    const ids = batch.items.map((i) => i.requestId);
    const [wobbly, steady] = await waitFor(() => queue.getStatuses(ids), settled);
    expect(wobbly?.status).toBe('done');
    expect(wobbly?.attempts).toBe(3);
    expect(wobbly?.hash).toBe(pythonChains([{ seed: 'wobbly', algorithm: 'sha256', difficulty: 1 }])[0]);
    expect(steady?.attempts).toBe(1);
    await waitFor(async () => events.some((e) => e.requestId === ids[0] && e.type === 'done'), Boolean);
    expect(
      events.filter((e) => e.requestId === ids[0] && e.type === 'retrying').length,
    ).toBeGreaterThanOrEqual(2);
    await waitFor(
      () => queue.stats(),
      (st) => st.counters.retried === 2 && st.counters.completed === 2,
    );
  });

  it('fails a job for good once its attempts are spent', async () => {
    const { queue } = await harness(mode, { attempts: 2, processor: flaky({ doomed: 99 }) });
    const batch = batchOf(['doomed']);
    await queue.enqueue(batch);
    const [doomed] = await waitFor(() => queue.getStatuses([batch.items[0]?.requestId ?? '']), settled);
    expect(doomed?.status).toBe('failed');
    expect(doomed?.attempts).toBe(2);
    expect(doomed?.hash).toBeNull();
    expect(doomed?.error).toContain('transient failure for doomed');
    await waitFor(
      () => queue.stats(),
      (st) => st.counters.failed === 1,
    );
  });

  it('forgets finished results after the TTL (not_found, batch gone)', async () => {
    const { queue } = await harness(mode, { ttlSeconds: 1 });
    const batch = batchOf(['short-lived']);
    await queue.enqueue(batch);
    const id = batch.items[0]?.requestId ?? '';
    await waitFor(() => queue.getStatuses([id]), settled);
    await sleep(1100);
    expect((await queue.getStatuses([id]))[0]?.status).toBe('not_found');
    expect(await queue.getBatch(batch.batchId)).toBeNull();
  });

  it('estimates when waiting jobs start from the measured hash rate', async () => {
    const h = await harness(mode);
    const warm = batchOf(['r1', 'r2', 'r3', 'r4']);
    await h.queue.enqueue(warm);
    await waitFor(() => h.queue.getStatuses(warm.items.map((i) => i.requestId)), settled);
    await h.workers?.close();
    // The rate counts whole seconds that have passed; wait until one with completed work has.
    const { hashRate } = await waitFor(
      () => h.queue.stats(),
      (st) => st.hashRate !== null,
      5000,
    );
    const waiting = batchOf(['w0', 'w1', 'w2']);
    const before = Date.now();
    await h.queue.enqueue(waiting);
    const statuses = await h.queue.getStatuses(waiting.items.map((i) => i.requestId));
    const starts = statuses.map((s) => s.estimatedStartAtMs ?? Number.NaN);
    expect(statuses.map((s) => s.queuePosition)).toEqual([0, 1, 2]);
    expect(starts[0]).toBeGreaterThanOrEqual(before);
    expect(starts[1]).toBeGreaterThanOrEqual(starts[0] ?? Number.NaN);
    expect(starts[2]).toBeGreaterThan(starts[0] ?? Number.NaN);
    // Two d=1 jobs (100,000 steps) are ahead of the third at the measured rate.
    const expected = (100_000 / (hashRate ?? Number.NaN)) * 1000;
    expect(Math.abs((starts[2] ?? Number.NaN) - (starts[0] ?? Number.NaN) - expected)).toBeLessThanOrEqual(
      expected * 0.05 + 2,
    );
  });

  it('records webhook progress: status callback fields, a callback event, counters', async () => {
    const { queue } = await harness(mode);
    const events: JobEvent[] = [];
    queue.subscribe((e) => events.push(e));
    const batch = { ...batchOf(['hooked']), callbackUrl: 'https://example.com/hook' };
    await queue.enqueue(batch);
    const id = batch.items[0]?.requestId ?? '';
    const [done] = await waitFor(() => queue.getStatuses([id]), settled);
    expect(done?.callback).toEqual({
      url: 'https://example.com/hook',
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
    });
    const state = {
      url: 'https://example.com/hook',
      status: 'delivered' as const,
      attempts: 2,
      lastStatusCode: 204,
      lastError: null,
    };
    await queue.reportCallback({ requestId: id, batchId: batch.batchId, state, callbackTimeMs: 12.5 });
    const [after] = await queue.getStatuses([id]);
    expect(after?.callback).toEqual(state);
    expect(after?.callbackTimeMs).toBe(12.5);
    const event = await waitFor(
      async () => events.find((e) => e.type === 'callback'),
      (e) => e !== undefined,
    );
    expect(event?.requestId).toBe(id);
    expect(event?.batchId).toBe(batch.batchId);
    expect(event?.callback).toEqual(state);
    expect((await queue.stats()).counters.callbacksDelivered).toBe(1);
  });

  it('gives waiting jobs their place in line and counts them for backpressure', async () => {
    const { queue } = await harness(mode, { workers: false });
    const first = batchOf(['p0', 'p1', 'p2']);
    const second = batchOf(['p3', 'p4']);
    await queue.enqueue(first);
    await queue.enqueue(second);
    const ids = [...first.items, ...second.items].map((i) => i.requestId);
    const statuses = await queue.getStatuses(ids);
    expect(statuses.map((s) => s.status)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
    expect(statuses.map((s) => s.queuePosition)).toEqual([0, 1, 2, 3, 4]);
    expect(statuses.every((s) => s.attempts === 0 && s.startedAtMs === null)).toBe(true);
    expect(await queue.waitingCount()).toBe(5);
    expect((await queue.stats()).depth.waiting).toBe(5);
  });
});
