import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from './e2e/build.js';
import { buildTestApp, type TestApp } from './support/app.js';

/** The dashboard route: the built app at `/`, its assets with the right caching, and the config facts. */

let t: TestApp;

beforeAll(async () => {
  ensureDashboardBuilt();
  t = await buildTestApp(
    { MAX_SEEDS_PER_REQUEST: '7', MAX_DIFFICULTY: '9', API_KEY: 'route-key', RATE_LIMIT_SYNC_REQUESTS: '3' },
    { runWorkers: false },
  );
});

afterAll(async () => {
  await t?.close();
});

describe('dashboard route', () => {
  it('serves index.html at / without the API key, revalidated on every load', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('serves the fingerprinted assets index.html refers to, cached for good', async () => {
    const index = (await t.app.inject({ method: 'GET', url: '/' })).body;
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const res = await t.app.inject({ method: 'GET', url: asset });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
    }
  });

  it('tells the dashboard the limits this server enforces, without the key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/dashboard-config.json' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.limits.maxSeedsPerRequest).toBe(7);
    expect(body.limits.maxDifficulty).toBe(9);
    expect(body.rateLimits.sync).toEqual({ max: 3, windowSeconds: 60 });
    expect(body.apiKeyRequired).toBe(true);
    expect(body.iterationsPerLevel).toBe(50_000);
    expect(body.algorithms).toEqual(['sha256', 'sha512', 'sha3_256', 'sha3_512', 'blake2b']);
    expect(JSON.stringify(body)).not.toContain('route-key');
  });

  it('leaves unknown paths to the API: JSON 404, and the API still needs its key', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    const stats = await t.app.inject({ method: 'GET', url: '/api/stats' });
    expect(stats.statusCode).toBe(401);
  });
});
