import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { HashPool } from '../src/pool/pool.js';
import { createQueue, startWorkers } from '../src/queue/index.js';
import { RedisQueue } from '../src/queue/redis/redis-queue.js';
import { attemptSettings } from '../src/webhooks/dispatch/attempt.js';
import { dispatchOnFinish } from '../src/webhooks/dispatch/contract.js';
import { CallbackReconciler } from '../src/webhooks/dispatch/reconciler.js';
import { RedisDispatcher } from '../src/webhooks/dispatch/redis.js';
import type { WorkerHandle } from '../src/worker/processor.js';
import { listenLocal } from './support/listen.js';
import { TestRedis } from './support/redis.js';
import { waitFor } from './support/wait.js';

// A worker completes a job in Redis and only then schedules its webhook. These tests stand in for a worker
// killed in that gap: its jobs complete with no webhook scheduled, and the reconciler of a live worker
// process (real Redis, real receiver on loopback) must deliver each of them exactly once.

let redis: TestRedis;
let admin: Redis;
let pool: HashPool;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await TestRedis.start();
  admin = new Redis(redis.url);
  pool = await HashPool.create({ threads: 2, engine: 'auto' });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await pool?.close();
  admin?.disconnect();
  await redis?.stop();
});

async function receiver(): Promise<{ url: string; ids: string[] }> {
  const ids: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      ids.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requestId: string }).requestId);
      res.writeHead(200).end('ok');
    });
  });
  const { port, close } = await listenLocal(server);
  cleanups.push(close);
  return { url: `http://127.0.0.1:${port}/hook`, ids };
}

async function setup(options: { scheduleOnFinish: boolean; reconcile: boolean; workers?: boolean }) {
  const config = loadConfig({
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `rc${randomUUID().slice(0, 8)}`,
    WORKER_CONCURRENCY: '2',
    CALLBACK_ALLOW_PRIVATE: 'true',
  });
  const queue = createQueue(config);
  if (!(queue instanceof RedisQueue)) throw new Error('expected the Redis queue');
  const dispatcher = new RedisDispatcher({
    queue,
    settings: attemptSettings(config),
    concurrency: 8,
    maxRetries: 2,
    redisUrl: redis.url,
    prefix: config.queue.prefix,
    keepSeconds: 60,
    reconcile: options.reconcile ? { intervalMs: 100, graceMs: 0 } : { intervalMs: 3_600_000, graceMs: 0 },
  });
  await dispatcher.start();
  const workers: WorkerHandle | null =
    options.workers === false
      ? null
      : await startWorkers(config, queue, {
          pool,
          ...(options.scheduleOnFinish ? { onJobFinished: dispatchOnFinish(dispatcher) } : {}),
        });
  cleanups.push(async () => {
    await workers?.close();
    await dispatcher.close();
    await queue.close();
  });
  return { config, queue, dispatcher, pendingKey: queue.keys.pendingCallbacks };
}

const batchOf = (n: number, callbackUrl: string | null) => ({
  batchId: randomUUID(),
  items: Array.from({ length: n }, (_, i) => ({ requestId: randomUUID(), cycle: i + 1, seed: `rc-${i}` })),
  difficulty: 1,
  algorithm: 'sha256' as const,
  callbackUrl,
});

describe('webhook reconciliation (Redis mode)', () => {
  it('delivers, exactly once each, the webhooks of jobs whose worker never scheduled them', async () => {
    const r = await receiver();
    const { queue, pendingKey } = await setup({ scheduleOnFinish: false, reconcile: true });
    const batch = batchOf(6, r.url);
    await queue.enqueue(batch);
    const ids = batch.items.map((i) => i.requestId).sort();
    await waitFor(
      async () => [...r.ids].sort(),
      (got) => got.length >= ids.length,
    );
    await sleep(500); // several more sweeps: nothing may be delivered twice
    expect([...r.ids].sort()).toEqual(ids);
    const statuses = await waitFor(
      () => queue.getStatuses(ids),
      (all) => all.every((s) => s.callback?.status === 'delivered'),
    );
    expect(statuses.every((s) => s.status === 'done')).toBe(true);
    expect(await admin.zcard(pendingKey)).toBe(0);
  });

  it('with the normal path working too, each webhook still arrives exactly once', async () => {
    const r = await receiver();
    const { queue, pendingKey } = await setup({ scheduleOnFinish: true, reconcile: true });
    const batch = batchOf(8, r.url);
    await queue.enqueue(batch);
    await waitFor(
      async () => r.ids.length,
      (n) => n >= 8,
    );
    await waitFor(
      () => admin.zcard(pendingKey),
      (n) => n === 0,
    );
    await sleep(500);
    expect([...r.ids].sort()).toEqual(batch.items.map((i) => i.requestId).sort());
  });

  it('lists only jobs that have a callback, and without a reconciler such a webhook stays undelivered', async () => {
    const r = await receiver();
    const { queue, pendingKey } = await setup({ scheduleOnFinish: false, reconcile: false });
    await queue.enqueue(batchOf(3, null));
    const withHook = batchOf(2, r.url);
    await queue.enqueue(withHook);
    const ids = withHook.items.map((i) => i.requestId);
    await waitFor(
      () => queue.getStatuses(ids),
      (all) => all.every((s) => s.status === 'done'),
    );
    await sleep(300);
    // The control: the gap is real without the sweep.
    expect(r.ids).toEqual([]);
    expect((await admin.zrange(pendingKey, 0, -1)).sort()).toEqual([...ids].sort());
  });

  it('pages past a backlog of unfinished jobs: a finished one further down the list is still rescued', async () => {
    const r = await receiver();
    const { config, queue, dispatcher, pendingKey } = await setup({
      scheduleOnFinish: false,
      reconcile: false,
      workers: false,
    });
    // Two jobs finish on a worker that never schedules webhooks (the worker that died), which then stops.
    const finished = batchOf(2, r.url);
    await queue.enqueue(finished);
    const worker = await startWorkers(config, queue, { pool });
    const ids = finished.items.map((i) => i.requestId);
    await waitFor(
      () => queue.getStatuses(ids),
      (all) => all.every((s) => s.status === 'done'),
    );
    await worker.close();
    // Three jobs nobody runs, listed as older than the finished ones: the backlog ahead of them.
    const backlog = batchOf(3, r.url);
    await queue.enqueue(backlog);
    for (const item of backlog.items) await admin.zadd(pendingKey, 0, item.requestId);
    const reconciler = new CallbackReconciler({
      queue,
      schedule: (status, url) => dispatcher.dispatch(status, url),
      intervalMs: 3_600_000,
      graceMs: 0,
      sweepLimit: 2,
    });
    let scheduled = 0;
    for (let sweep = 0; sweep < 4; sweep++) scheduled += await reconciler.sweep();
    expect(scheduled).toBe(2);
    await waitFor(
      async () => [...r.ids].sort(),
      (got) => got.length >= 2,
    );
    expect([...r.ids].sort()).toEqual([...ids].sort());
    expect((await admin.zrange(pendingKey, 0, -1)).sort()).toEqual(
      backlog.items.map((i) => i.requestId).sort(),
    );
  });
});
