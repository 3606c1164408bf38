import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../src/engine/algorithms.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { pythonChains } from './support/python.js';

describe('POST /api/sync', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every seed in order with every SPEC field, equal to python3 hashlib', async () => {
    const seeds = ['a', 'b', '', 'ünïcødé 🚀', ' \t\n'];
    const started = Date.now();
    const res = await t.app.inject({ method: 'POST', url: '/api/sync', payload: { seeds, difficulty: 2 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = pythonChains(
      seeds.map((seed) => ({ seed, algorithm: 'sha256' as const, difficulty: 2 })),
    );
    expect(body.results.map((r: { hash: string }) => r.hash)).toEqual(expected);
    expect(body.results[0].hash).toBe('587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d');
    expect(typeof body.totalMs).toBe('number');
    body.results.forEach((r: Record<string, unknown>, i: number) => {
      expect(r.cycle).toBe(i + 1);
      expect(r.seed).toBe(seeds[i]);
      expect(r.status).toBe('done');
      expect(r.nonce).toBe(100_000);
      expect(r.queueTimeMs).toBeNull();
      for (const key of [
        'latencyMs',
        'processingTimeMs',
        'wallTimeMs',
        'totalTimeMs',
        'enqueuedAtMs',
        'startedAtMs',
        'completedAtMs',
      ]) {
        expect(typeof r[key], key).toBe('number');
      }
      expect(r.enqueuedAtMs as number).toBeGreaterThanOrEqual(started - 5);
      expect(r.completedAtMs as number).toBeGreaterThanOrEqual(r.startedAtMs as number);
      expect(r.totalTimeMs as number).toBeGreaterThanOrEqual(r.latencyMs as number);
    });
  });

  it('hashes every algorithm like hashlib', async () => {
    for (const algorithm of ALGORITHMS) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/sync',
        payload: { seeds: ['x', 'y'], algorithm },
      });
      expect(res.statusCode, algorithm).toBe(200);
      const expected = pythonChains(['x', 'y'].map((seed) => ({ seed, algorithm, difficulty: 1 })));
      expect(
        res.json().results.map((r: { hash: string }) => r.hash),
        algorithm,
      ).toEqual(expected);
    }
  });

  it('refuses more work than the sync budget, pointing to async', async () => {
    const seeds = Array.from({ length: 60 }, (_, i) => `s${i}`);
    const res = await t.app.inject({ method: 'POST', url: '/api/sync', payload: { seeds, difficulty: 100 } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('sync_work_too_large');
    expect(res.json().error).toMatch(/async/);
  });
});
