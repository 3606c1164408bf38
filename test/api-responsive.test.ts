import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';

/** Sync hashing runs on the pool: a huge request must not stall other requests, and its abandonment frees the pool. */
describe('sync work never blocks the event loop', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp({ SYNC_MAX_WORK_UNITS: '100000', MAX_SEEDS_PER_REQUEST: '500' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('health answers while a 300 M-step sync request runs; closing that client frees the pool', async () => {
    // 60 seeds × difficulty 100 × 50,000 = 300 M sha256 steps: many seconds on two threads.
    const seeds = Array.from({ length: 60 }, (_, i) => `big-${i}`);
    const big = http.request(`${base}/api/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    let bigFinished = false;
    big.on('response', () => {
      bigFinished = true;
    });
    big.on('error', () => {});
    big.end(JSON.stringify({ seeds, difficulty: 100 }));

    await new Promise((r) => setTimeout(r, 300));
    const healthTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { pool: { busyThreads: number } };
      healthTimes.push(performance.now() - t0);
      if (i === 0) expect(body.pool.busyThreads).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(bigFinished).toBe(false);
    expect(Math.max(...healthTimes)).toBeLessThan(500);

    big.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    const small = await fetch(`${base}/api/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seeds: ['a'], difficulty: 2 }),
    });
    const elapsed = performance.now() - t0;
    expect(small.status).toBe(200);
    expect(((await small.json()) as { results: { hash: string }[] }).results[0]?.hash).toBe(
      '587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d',
    );
    // Had the big request kept running, this would wait for seconds of queued chunks.
    expect(elapsed).toBeLessThan(1500);
    expect(bigFinished).toBe(false);
  });
});
