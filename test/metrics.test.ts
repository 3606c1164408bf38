import { randomBytes } from 'node:crypto';
import { Value } from 'typebox/value';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RollingWindow } from '../src/metrics/rolling.js';
import { StatsSchema } from '../src/schemas/stats.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { TestRedis } from './support/redis.js';
import { waitFor } from './support/wait.js';

/**
 * /metrics and /api/stats on the real app (same composition as `consuma serve`): the text parses as
 * Prometheus exposition format, and the numbers move by exactly the traffic sent.
 */

type Sample = { name: string; labels: Record<string, string>; value: number };

/** A strict reader of the text format: every line is HELP, TYPE or a sample of a declared family. */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleLine = new RegExp(`^(${name})(\\{(.*)\\})? (\\S+)( \\d+)?$`);
  const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const help = new RegExp(`^# HELP (${name}) .+$`).exec(line);
    if (help?.[1]) {
      helps.add(help[1]);
      continue;
    }
    const type = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type?.[1] && type[2]) {
      types.set(type[1], type[2]);
      continue;
    }
    const m = sampleLine.exec(line);
    if (!m?.[1] || m[4] === undefined) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const labelText = m[3] ?? '';
    const consumed = [...labelText.matchAll(labelPair)]
      .map((pair) => {
        labels[pair[1] ?? ''] = pair[2] ?? '';
        return pair[0];
      })
      .join(',');
    if (consumed !== labelText.replace(/,$/, '')) throw new Error(`bad labels: ${JSON.stringify(line)}`);
    // Prometheus reads values with Go's ParseFloat, which takes NaN/Inf in any letter case (prom-client
    // writes "Nan" for an empty event-loop histogram's mean).
    const raw = m[4].toLowerCase();
    const value =
      raw === 'nan'
        ? Number.NaN
        : /^[+-]?inf$/.test(raw)
          ? Number(raw.replace('inf', 'Infinity'))
          : Number(raw);
    if (raw !== 'nan' && (Number.isNaN(value) || raw.trim() === ''))
      throw new Error(`bad value: ${JSON.stringify(line)}`);
    const family = m[1].replace(/_(bucket|sum|count)$/, '');
    if (!types.has(m[1]) && !types.has(family)) throw new Error(`sample without TYPE: ${m[1]}`);
    if (!helps.has(m[1]) && !helps.has(family)) throw new Error(`sample without HELP: ${m[1]}`);
    samples.push({ name: m[1], labels, value });
  }
  return { samples, types };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const matching = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return matching.reduce((sum, s) => sum + s.value, 0);
}

async function scrape(t: TestApp): Promise<Sample[]> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(res.body).samples;
}

const post = (t: TestApp, url: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

describe('RollingWindow', () => {
  it('percentiles are within 2 % of the exact ones and old seconds drop out', () => {
    let now = 1_000_000;
    const w = new RollingWindow(() => now);
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) * 0.37);
    for (const v of values) w.record(v, 10);
    const s = w.summary(10);
    expect(s.count).toBe(1000);
    expect(s.sumPerSecond).toBeCloseTo(1000, 6);
    for (const [q, got] of [
      [0.5, s.p50],
      [0.95, s.p95],
      [0.99, s.p99],
    ] as const) {
      const exact = values[Math.ceil(q * values.length) - 1] ?? 0;
      expect(Math.abs((got ?? 0) - exact) / exact).toBeLessThan(0.021);
    }
    now += 11_000;
    w.record(5);
    expect(w.summary(10).count).toBe(1);
    expect(w.summary(60).count).toBe(1001);
    now += 400_000;
    expect(w.summary(300)).toMatchObject({ count: 0, p50: null });
  });
});

describe('/metrics and /api/stats (embedded)', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.close();
  });
  const app = async (env: Record<string, string> = {}, runWorkers = true) => {
    const t = await buildTestApp({ RATE_LIMIT_SYNC_REQUESTS: '1000', ...env }, { runWorkers });
    apps.push(t);
    return t;
  };

  it('parses as Prometheus text with every family this service promises', async () => {
    const t = await app();
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const { types } = parsePrometheus(res.body);
    for (const [family, type] of Object.entries({
      consuma_http_request_duration_seconds: 'histogram',
      consuma_http_refusals_total: 'counter',
      consuma_queue_jobs: 'gauge',
      consuma_queue_workers: 'gauge',
      consuma_jobs_completed_total: 'counter',
      consuma_jobs_failed_total: 'counter',
      consuma_jobs_retried_total: 'counter',
      consuma_hash_steps_total: 'counter',
      consuma_job_wait_seconds: 'histogram',
      consuma_job_run_seconds: 'histogram',
      consuma_webhook_deliveries_total: 'counter',
      consuma_pool_utilization_ratio: 'gauge',
      nodejs_eventloop_lag_seconds: 'gauge',
      process_cpu_user_seconds_total: 'counter',
    })) {
      expect(types.get(family), family).toBe(type);
    }
  });

  it('HTTP, job, hash-step and stats numbers move by exactly the traffic sent', async () => {
    const t = await app();
    const before = await scrape(t);
    for (let i = 0; i < 3; i++) {
      expect((await post(t, '/api/sync', { seeds: ['a', 'b'], difficulty: 1 })).statusCode).toBe(200);
    }
    const acked = await post(t, '/api/async', { seeds: ['x', 'y', 'z', 'w'], difficulty: 2 });
    expect(acked.statusCode).toBe(202);
    await waitFor(
      async () => value(await scrape(t), 'consuma_jobs_completed_total'),
      (v) => v === 4,
      20_000,
      50,
    );
    const after = await scrape(t);

    const syncCount = {
      name: 'consuma_http_request_duration_seconds_count',
      labels: { route: '/api/sync', method: 'POST', status_code: '200' },
    };
    expect(
      value(after, syncCount.name, syncCount.labels) - value(before, syncCount.name, syncCount.labels),
    ).toBe(3);
    expect(value(after, 'consuma_sync_hash_steps_total')).toBe(3 * 2 * 50_000);
    expect(value(after, 'consuma_hash_steps_total')).toBe(4 * 2 * 50_000);
    expect(value(after, 'consuma_jobs_enqueued_total')).toBe(4);
    expect(value(after, 'consuma_job_wait_seconds_count')).toBe(4);
    expect(value(after, 'consuma_job_run_seconds_count')).toBe(4);
    expect(value(after, 'consuma_job_total_seconds_count', { outcome: 'done' })).toBe(4);
    expect(value(after, 'consuma_queue_jobs', { state: 'completed' })).toBe(4);
    expect(value(after, 'consuma_pool_completed_tasks')).toBeGreaterThan(
      value(before, 'consuma_pool_completed_tasks'),
    );

    const stats = await t.app.inject({ method: 'GET', url: '/api/stats' });
    expect(stats.statusCode).toBe(200);
    const body = stats.json();
    expect(Value.Check(StatsSchema, body)).toBe(true);
    expect(body.mode).toBe('embedded');
    expect(body.counters.completed).toBe(4);
    expect(body.windows.map((w: { seconds: number }) => w.seconds)).toEqual([10, 60, 300]);
    const last10 = body.windows[0];
    expect(last10.jobs.completed).toBe(4);
    expect(last10.jobs.hashesPerSecond).toBeCloseTo((4 * 2 * 50_000) / 10, 6);
    expect(last10.jobs.latencyMs.p50).not.toBeNull();
    expect(last10.sync.requests).toBe(3);
    expect(last10.sync.latencyMs.p99).toBeGreaterThan(0);
  });

  it('counts 429 and 503 refusals by their error code', async () => {
    const t = await app({ RATE_LIMIT_SYNC_REQUESTS: '1', QUEUE_BACKPRESSURE_LENGTH: '1' }, false);
    expect((await post(t, '/api/sync', { seeds: ['a'] })).statusCode).toBe(200);
    expect((await post(t, '/api/sync', { seeds: ['a'] })).statusCode).toBe(429);
    expect((await post(t, '/api/sync', { seeds: ['a'] })).statusCode).toBe(429);
    expect((await post(t, '/api/async', { seeds: ['a'] })).statusCode).toBe(202);
    expect((await post(t, '/api/async', { seeds: ['a'] })).statusCode).toBe(503);
    const samples = await scrape(t);
    expect(value(samples, 'consuma_http_refusals_total', { code: 'rate_limited', route: '/api/sync' })).toBe(
      2,
    );
    expect(value(samples, 'consuma_http_refusals_total', { code: 'queue_full', route: '/api/async' })).toBe(
      1,
    );
    expect(value(samples, 'consuma_queue_jobs', { state: 'waiting' })).toBe(1);
    const stats = (await t.app.inject({ method: 'GET', url: '/api/stats' })).json();
    expect(stats.refusals).toEqual({ rateLimited: 2, backpressure: 1 });
    expect(stats.queue.depth.waiting).toBe(1);
    expect(stats.queue.oldestWaitingAgeMs).toBeGreaterThanOrEqual(0);
  });

  it('routes are labelled by pattern, not raw URL', async () => {
    const t = await app();
    const id = randomBytes(8).toString('hex');
    await t.app.inject({ method: 'GET', url: `/api/async/batches/${id}` });
    await t.app.inject({ method: 'GET', url: `/no/such/${id}` });
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).not.toContain(id);
    expect(text).toMatch(/route="\/api\/async\/batches\/:batchId"/);
    expect(text).toMatch(/route="\(unmatched\)"/);
  });
});

describe('/metrics in Redis mode: queue-wide numbers from any API process', () => {
  let redis: TestRedis;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
    await redis.stop();
  });

  it('a process that ran no job still reports the jobs another one completed', async () => {
    const env = { REDIS_URL: redis.url, QUEUE_PREFIX: `metrics-${randomBytes(4).toString('hex')}` };
    const worker = await buildTestApp(env, { runWorkers: true });
    apps.push(worker);
    const apiOnly = await buildTestApp(env, { runWorkers: false });
    apps.push(apiOnly);
    const acked = await post(apiOnly, '/api/async', { seeds: ['p', 'q', 'r'], difficulty: 1 });
    expect(acked.statusCode).toBe(202);
    await waitFor(
      async () => value(await scrape(apiOnly), 'consuma_jobs_completed_total'),
      (v) => v === 3,
      20_000,
      50,
    );
    const samples = await scrape(apiOnly);
    expect(value(samples, 'consuma_hash_steps_total')).toBe(3 * 50_000);
    expect(value(samples, 'consuma_queue_up')).toBe(1);
    expect(value(samples, 'consuma_queue_workers')).toBeGreaterThanOrEqual(1);
    // The API-only process observed the jobs' wait/run times from the shared event stream.
    await waitFor(
      async () => value(await scrape(apiOnly), 'consuma_job_run_seconds_count'),
      (v) => v === 3,
      20_000,
      50,
    );
    const stats = (await apiOnly.app.inject({ method: 'GET', url: '/api/stats' })).json();
    expect(Value.Check(StatsSchema, stats)).toBe(true);
    expect(stats.mode).toBe('redis');
    expect(stats.counters.completed).toBe(3);
  });
});
