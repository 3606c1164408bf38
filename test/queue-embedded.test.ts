import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../src/pool/pool.js';
import { QueueUnavailableError } from '../src/queue/contract.js';
import { EmbeddedQueue } from '../src/queue/embedded/embedded-queue.js';
import { WaitingLine } from '../src/queue/embedded/waiting-line.js';
import { poolProcessor } from '../src/worker/processor.js';

/** What only the embedded queue promises: bounded memory, O(1) places in a long line, refusal once closed. */

let pool: HashPool;
beforeAll(async () => {
  pool = await HashPool.create({ threads: 2, engine: 'auto' });
});
afterAll(async () => {
  await pool?.close();
});

const batchOf = (seeds: string[]) => ({
  batchId: randomUUID(),
  items: seeds.map((seed, i) => ({ requestId: randomUUID(), cycle: i + 1, seed })),
  difficulty: 1,
  algorithm: 'sha256' as const,
  callbackUrl: null,
});

describe('embedded queue', () => {
  it('keeps at most maxFinishedJobs finished jobs, evicting the oldest first', async () => {
    const queue = new EmbeddedQueue({ resultTtlSeconds: 60, jobAttempts: 1, maxFinishedJobs: 3 });
    const workers = queue.startWorkers({ processor: poolProcessor(pool), concurrency: 1 });
    try {
      const batch = batchOf(['m0', 'm1', 'm2', 'm3', 'm4']);
      await queue.enqueue(batch);
      const ids = batch.items.map((i) => i.requestId);
      for (let i = 0; i < 400 && (await queue.stats()).counters.completed < 5; i++) await sleep(25);
      const statuses = await queue.getStatuses(ids);
      expect(statuses.map((s) => s.status)).toEqual(['not_found', 'not_found', 'done', 'done', 'done']);
      expect((await queue.stats()).depth.completed).toBe(3);
      expect((await queue.getBatch(batch.batchId))?.length).toBe(3);
    } finally {
      await workers.close();
      await queue.close();
    }
  });

  it('refuses new work once closed', async () => {
    const queue = new EmbeddedQueue({ resultTtlSeconds: 60, jobAttempts: 1 });
    await queue.close();
    await expect(queue.enqueue(batchOf(['late']))).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(await queue.ping()).toBe(false);
  });
});

describe('waiting line', () => {
  it('gives exact places and work ahead, also after its storage is compacted', () => {
    const line = new WaitingLine();
    for (let i = 0; i < 3000; i++) line.push(`j${i}`, i % 2 === 0 ? 50_000 : 100_000, i);
    for (let i = 0; i < 2000; i++) expect(line.shift()).toBe(`j${i}`);
    expect(line.length).toBe(1000);
    expect(line.place('j2000')).toEqual({ position: 0, stepsAhead: 0 });
    // Ahead of j2003: j2000 (50k), j2001 (100k), j2002 (50k).
    expect(line.place('j2003')).toEqual({ position: 3, stepsAhead: 200_000 });
    expect(line.place('j1999')).toBeNull();
    expect(line.oldestEnteredAtMs()).toBe(2000);
    expect(line.drain()).toHaveLength(1000);
    expect(line.shift()).toBeUndefined();
  });
});
