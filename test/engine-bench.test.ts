import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `consuma bench` end to end, shrunk to a few short measurements: the built CLI (npm test builds dist/),
// a one-thread pool, one algorithm. Checks the table, the JSON file and bad usage, not the speeds.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'consuma.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'consuma-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bench(args: string[]) {
  const child = spawnSync(process.execPath, [BIN, 'bench', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('consuma bench', () => {
  it('measures every contestant, prints the table and writes the JSON report', () => {
    const out = path.join(dir, 'engine.json');
    const run = bench([
      '--seconds',
      '0.03',
      '--reps',
      '2',
      '--threads',
      '1',
      '--algorithm',
      'blake2b',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/native\/ref/);
    expect(run.stdout).toMatch(/^blake2b\s+\d/m);
    expect(run.stdout).toMatch(/fresh install uses the native engine/);
    expect(run.stderr).toMatch(/bench: blake2b/);

    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.autoEngine).toBe('native');
    expect(report.poolEngine).toBe('native');
    expect(report.reps).toBe(2);
    expect(report.results).toHaveLength(1);
    const [result] = report.results;
    expect(result.algorithm).toBe('blake2b');
    for (const key of ['python', 'reference', 'native', 'js']) {
      expect(result[key].rate, key).toBeGreaterThan(1000);
      expect(result[key].samples, key).toHaveLength(2);
    }
    expect(result.pool).toHaveLength(1);
    expect(result.pool[0].threads).toBe(1);
    expect(result.pool[0].efficiency).toBeGreaterThan(0);
    expect(typeof report.bar.pass).toBe('boolean');
  });

  it.each([
    [['--seconds', '0'], /--seconds/],
    [['--reps', '1.5'], /--reps/],
    [['--threads', '-1'], /--threads/],
    [['--algorithm', 'md5'], /unknown --algorithm "md5"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /positional/],
  ])('exits 2 on bad usage %j', (args, reason) => {
    const run = bench(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe('');
  });
});
