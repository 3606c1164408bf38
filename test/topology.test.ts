import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedis } from './support/redis.js';
import { postJson, type ServerProcess, startServer } from './support/server.js';
import { waitFor } from './support/wait.js';

/**
 * The distributed topology of SPEC §5: two API-only processes and two worker processes on one Redis.
 * 2,000 jobs enqueued through both APIs must each be done exactly once, none lost.
 */
describe('2 API processes + 2 worker processes on one Redis', () => {
  let redis: TestRedis;
  const processes: ServerProcess[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
    const env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `topo-${randomUUID().slice(0, 8)}`,
      WORKER_CONCURRENCY: '1',
      RATE_LIMIT_ASYNC_REQUESTS: '1000',
      RATE_LIMIT_STATUS_REQUESTS: '1000',
    };
    processes.push(
      ...(await Promise.all([
        startServer(env, ['--no-worker']),
        startServer(env, ['--no-worker']),
        startServer(env, [], 'worker'),
        startServer(env, [], 'worker'),
      ])),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await redis?.stop();
  });

  it('every one of 2,000 jobs is done exactly once', async () => {
    const [apiA, apiB] = processes as [ServerProcess, ServerProcess];
    const ids: string[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const api = batch % 2 === 0 ? apiA : apiB;
      const seeds = Array.from({ length: 250 }, (_, i) => `topo-${batch}-${i}`);
      const res = await postJson(`${api.url}/api/async`, { seeds, difficulty: 1 });
      expect(res.status).toBe(202);
      ids.push(...res.body.acks.map((ack: { requestId: string }) => ack.requestId));
    }
    expect(new Set(ids).size).toBe(2000);

    const deadline = Date.now() + 90_000;
    let statuses: { requestId: string; status: string; attempts: number; hash: string | null }[] = [];
    for (;;) {
      statuses = [];
      for (let i = 0; i < ids.length; i += 500) {
        const api = i % 1000 === 0 ? apiA : apiB;
        const res = await postJson(`${api.url}/api/async/status`, { requestIds: ids.slice(i, i + 500) });
        expect(res.status).toBe(200);
        statuses.push(...res.body.results);
      }
      if (statuses.every((s) => s.status === 'done') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(statuses.filter((s) => s.status !== 'done').length).toBe(0);
    expect(statuses.map((s) => s.requestId)).toEqual(ids);
    // One attempt each: no job was run twice.
    expect(statuses.filter((s) => s.attempts !== 1).length).toBe(0);
    expect(statuses.every((s) => typeof s.hash === 'string' && s.hash.length === 64)).toBe(true);

    // The lifetime counter is incremented once per completion in Redis: a job done twice would show 2001+.
    // Workers flush their counters every 250 ms, so it may trail the statuses briefly; then it must stay put.
    type Stats = { counters: { completed: number } | null; queue: { workers: number | null } };
    const readStats = async () => (await (await fetch(`${apiA.url}/api/stats`)).json()) as Stats;
    await waitFor(readStats, (s) => (s.counters?.completed ?? 0) >= 2000, 5000, 100);
    await new Promise((r) => setTimeout(r, 600));
    const stats = await readStats();
    expect(stats.counters?.completed).toBe(2000);
    expect(stats.queue.workers).toBeGreaterThanOrEqual(2);
  }, 150_000);
});
