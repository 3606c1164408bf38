import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedis } from './support/redis.js';
import { postJson, type ServerProcess, startServer } from './support/server.js';

/** Two API processes on one Redis share rate-limit budgets and backpressure, and survive a Redis outage. */
describe('API processes sharing one Redis', () => {
  let redis: TestRedis;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    redis = await TestRedis.start();
    const env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `t-${randomUUID().slice(0, 8)}`,
      RATE_LIMIT_SYNC_REQUESTS: '3',
      QUEUE_BACKPRESSURE_LENGTH: '4',
      WORKER_CONCURRENCY: '1',
    };
    // API-only processes: nothing consumes the queue, so enqueued jobs stay waiting.
    [a, b] = await Promise.all([startServer(env, ['--no-worker']), startServer(env, ['--no-worker'])]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('share one rate-limit budget', async () => {
    const sync = (s: ServerProcess) => postJson(`${s.url}/api/sync`, { seeds: ['a'] });
    expect((await sync(a)).status).toBe(200);
    expect((await sync(b)).status).toBe(200);
    expect((await sync(a)).status).toBe(200);
    const refused = await sync(b);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
  });

  it('share backpressure: jobs enqueued through one process fill the queue for the other', async () => {
    const first = await postJson(`${a.url}/api/async`, { seeds: ['1', '2', '3', '4'] });
    expect(first.status).toBe(202);
    const refused = await postJson(`${b.url}/api/async`, { seeds: ['5'] });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('queue_full');
    expect(refused.headers.get('retry-after')).toBeTruthy();
    // The jobs are visible, as queued, through either process.
    const ids = first.body.acks.map((ack: { requestId: string }) => ack.requestId);
    const status = await postJson(`${b.url}/api/async/status`, { requestIds: ids });
    expect(status.body.results.map((r: { status: string }) => r.status)).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
    ]);
  });

  it('Redis down: rate limits fail open, sync works, async answers 503 fast; Redis back: async works again', async () => {
    await redis.stop();
    // The budget of 3 is spent, but with its store gone the limiter lets requests through.
    for (const s of [a, b]) {
      const sync = await postJson(`${s.url}/api/sync`, { seeds: ['a'], difficulty: 2 });
      expect(sync.status).toBe(200);
      expect(sync.body.results[0].hash).toBe(
        '587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d',
      );
    }
    const t0 = performance.now();
    const down = await postJson(`${a.url}/api/async`, { seeds: ['x'] });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('queue_unavailable');
    expect(down.body.error).toMatch(/unreachable/);
    // The driver's text (address, port, errno) stays in the server log.
    expect(down.body.error).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:\d{4,5}/);
    const health = await fetch(`${a.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { queue: { reachable: boolean } }).queue.reachable).toBe(false);

    await redis.start();
    // The same processes reconnect on their own; give ioredis a moment to notice.
    let back = await postJson(`${b.url}/api/async`, { seeds: ['y'] });
    for (let i = 0; i < 50 && back.status !== 202; i++) {
      await new Promise((r) => setTimeout(r, 200));
      back = await postJson(`${b.url}/api/async`, { seeds: ['y'] });
    }
    expect(back.status).toBe(202);
    expect(a.output()).toMatch(/rate-limit Redis unreachable/);
  }, 60_000);
});
