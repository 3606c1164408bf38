import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadReport, LoadReportSchema } from '../src/load/report-schema.js';
import { freePort, TestRedis } from './support/redis.js';
import { type ServerProcess, startServer } from './support/server.js';

/**
 * `consuma load` end to end: the real CLI against a real `consuma serve`, embedded and on a private Redis.
 * Every run is small (tens of requests at difficulty 1–2) and bounded by --requests or a short --duration.
 */

const BIN = fileURLToPath(new URL('../bin/consuma.js', import.meta.url));
const UNTHROTTLED = {
  WORKER_CONCURRENCY: '2',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_SYNC_REQUESTS: '100000',
  RATE_LIMIT_ASYNC_REQUESTS: '100000',
  RATE_LIMIT_STATUS_REQUESTS: '100000',
};

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], options: { interruptAfterMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'load', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    if (options.interruptAfterMs !== undefined) {
      setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs);
    }
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function loadJson(args: string[]): Promise<LoadReport> {
  const run = await runCli([...args, '--json']);
  expect(run.stderr).not.toMatch(/Error|at .*\.js/);
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as LoadReport;
  expectConsistent(report);
  return report;
}

function expectConsistent(report: LoadReport): void {
  expect(
    Value.Check(LoadReportSchema, report),
    JSON.stringify([...Value.Errors(LoadReportSchema, report)]),
  ).toBe(true);
  const sum = Object.values(report.statusCodes).reduce((a, b) => a + b, 0);
  expect(sum).toBe(report.requests);
  const perKind = Object.values(report.kinds).reduce((a, k) => a + (k?.requests ?? 0), 0);
  expect(perKind).toBe(report.requests);
  const l = report.latencyMs;
  if (l.count > 0) {
    expect(l.p50).toBeLessThanOrEqual(l.p90);
    expect(l.p90).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.max * 1.001);
  }
}

const modes: Array<{ name: string; redis: boolean }> = [
  { name: 'embedded', redis: false },
  { name: 'redis', redis: true },
];

describe.each(modes)('consuma load against consuma serve ($name)', ({ redis: useRedis }) => {
  let redis: TestRedis | null = null;
  const servers: ServerProcess[] = [];
  let base: Record<string, string> = {};

  async function serve(env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = await startServer({ ...base, ...UNTHROTTLED, ...env });
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    if (useRedis) {
      redis = await TestRedis.start();
      base = { REDIS_URL: redis.url };
    }
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await redis?.stop();
  });

  const prefix = () => ({ QUEUE_PREFIX: `loadtest-${randomBytes(4).toString('hex')}` });

  it('sync: counts add up, seeds are counted as hashed, the JSON has the documented shape', async () => {
    const server = await serve(prefix());
    const r = await loadJson(['--url', server.url, '--mode', 'sync', '-n', '24', '-c', '4', '--seeds', '2']);
    expect(r.requests).toBe(24);
    expect(r.statusCodes).toEqual({ '200': 24 });
    expect(r.seedsCompleted).toBe(48);
    expect(r.hashesPerSecond).toBeGreaterThan(0);
    // 48 seeds × 50,000 steps over the measured time: the rate must agree with the counts it came from.
    // elapsedS is reported to the millisecond; the rate was computed from the unrounded value.
    expect(r.hashesPerSecond).toBeLessThanOrEqual((48 * 50_000) / (r.elapsedS - 0.0005) + 1);
    expect(r.hashesPerSecond).toBeGreaterThanOrEqual((48 * 50_000) / (r.elapsedS + 0.0005) - 1);
    expect(r.jobs).toBeUndefined();
  });

  it('async: every acknowledged job is followed to completion with its latency', async () => {
    const server = await serve(prefix());
    const r = await loadJson([
      '--url',
      server.url,
      '--mode',
      'async',
      '-n',
      '12',
      '-c',
      '3',
      '--seeds',
      '3',
      '--difficulty',
      '2',
    ]);
    expect(r.statusCodes).toEqual({ '202': 12 });
    expect(r.jobs).toEqual({ enqueued: 36, completed: 36, failed: 0, pending: 0 });
    expect(r.jobLatencyMs?.count).toBe(36);
    expect(r.jobEndToEndMs?.count).toBe(36);
    expect(r.seedsCompleted).toBe(36);
    expect(r.hashesPerSecond).toBeGreaterThan(0);
  });

  it('a tiny sync rate limit shows up as 429s, exactly beyond the limit', async () => {
    const server = await serve({
      ...prefix(),
      RATE_LIMIT_SYNC_REQUESTS: '5',
      RATE_LIMIT_SYNC_WINDOW_SECONDS: '600',
    });
    const r = await loadJson(['--url', server.url, '--mode', 'sync', '-n', '20', '-c', '2']);
    expect(r.statusCodes).toEqual({ '200': 5, '429': 15 });
    expect(r.rateLimited).toBe(15);
    expect(r.okLatencyMs.count).toBe(5);
    expect(r.seedsCompleted).toBe(5);
  });

  it('a tiny backpressure limit shows up as 503s, and the accepted jobs still complete', async () => {
    const server = await serve({ ...prefix(), QUEUE_BACKPRESSURE_LENGTH: '3', WORKER_CONCURRENCY: '1' });
    const r = await loadJson([
      '--url',
      server.url,
      '--mode',
      'async',
      '-n',
      '40',
      '-c',
      '8',
      '--seeds',
      '4',
      '--difficulty',
      '4',
    ]);
    expect(r.backpressured).toBeGreaterThan(0);
    expect(r.statusCodes['503']).toBe(r.backpressured);
    const accepted = r.statusCodes['202'] ?? 0;
    expect(accepted + r.backpressured).toBe(40);
    expect(r.jobs).toEqual({ enqueued: accepted * 4, completed: accepted * 4, failed: 0, pending: 0 });
  });

  it('open loop mixed: the timetable sets the request count, both kinds are reported', async () => {
    const server = await serve(prefix());
    const r = await loadJson(['--url', server.url, '--mode', 'mixed', '--rate', '40', '-d', '1']);
    expect(r.loop).toBe('open');
    expect(r.requests).toBe(40);
    expect(r.kinds.sync?.requests).toBe(20);
    expect(r.kinds.async?.requests).toBe(20);
    expect(r.jobs?.completed).toBe(r.kinds.async?.statusCodes['202']);
  });
});

describe('consuma load: usage, output and interruption', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer(UNTHROTTLED);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('health mode (--path) and the human table', async () => {
    const run = await runCli(['--url', server.url, '--path', '/api/health', '-n', '200', '-c', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^consuma load: health/);
    expect(run.stdout).toMatch(/requests\s+200 in/);
    expect(run.stdout).toMatch(/status codes\s+200: 200/);
    expect(run.stdout).toMatch(/latency ms\s+p50 [\d.]+ {2}p90 [\d.]+ {2}p99 [\d.]+ {2}max [\d.]+/);
  });

  it('Ctrl-C stops the run and still prints a consistent partial report', async () => {
    const run = await runCli(['--url', server.url, '--mode', 'health', '-d', '30', '-c', '2', '--json'], {
      interruptAfterMs: 1500,
    });
    expect(run.code).toBe(130);
    const report = JSON.parse(run.stdout) as LoadReport;
    expectConsistent(report);
    expect(report.interrupted).toBe(true);
    expect(report.requests).toBeGreaterThan(0);
    expect(report.durationS).toBeLessThan(10);
  });

  it('an unreachable target is reported as errors with exit code 1', async () => {
    const port = await freePort();
    const run = await runCli(['--url', `http://127.0.0.1:${port}`, '--mode', 'health', '-n', '5', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as LoadReport;
    expect(report.statusCodes).toEqual({ 'error:ECONNREFUSED': 5 });
    expect(report.errors).toBe(5);
  });

  it.each([
    [['--mode', 'nope'], /--mode must be one of sync, async, mixed, health/],
    [['--url', 'ftp://127.0.0.1/'], /--url must be an http\(s\) URL/],
    [['--url', 'not a url'], /is not a URL/],
    [['--concurrency', '0'], /--concurrency must be an integer from 1/],
    [['--rate', '0'], /--rate must be a number from 0.1/],
    [['--seeds', '1.5'], /--seeds must be an integer/],
    [['--duration', '5', '--requests', '5'], /not both/],
    [['--concurrency', '2', '--rate', '5'], /not both/],
    [['--algorithm', 'md5'], /unknown --algorithm "md5"/],
    [['--path', '/x', '--mode', 'sync'], /--path only applies to --mode health/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('bad flags %j exit 2 with a one-line reason', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help prints the options and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--rate R/);
    expect(run.stdout).toMatch(/coordinated omission/);
  });
});
