import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { pythonChains } from './support/python.js';

// `consuma hash` as a user runs it: the built CLI (`npm test` builds dist/ first) in a child process.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'consuma.js');

function consuma(args: string[], env: Record<string, string> = {}) {
  const child = spawnSync(process.execPath, [BIN, 'hash', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const UTF8_SEED = 'grüße 🚀 \t end';
let ref: string[] = [];

beforeAll(() => {
  ref = pythonChains([
    { seed: UTF8_SEED, algorithm: 'sha3_512', difficulty: 2 },
    { seed: '-x', algorithm: 'sha256', difficulty: 1 },
    { seed: '', algorithm: 'blake2b', difficulty: 1 },
  ]);
});

describe('consuma hash', () => {
  it('prints only the digest of the SPEC reference seed', () => {
    const out = consuma(['a', '--difficulty', '2']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d\n');
    expect(consuma(['b', '-d', '2']).stdout.trim()).toBe(
      '44b38c9f7c99c59d201c1b006ac1e883187e5e2f3f8844a8acd8906275ceb347',
    );
  });

  it('matches python for other algorithms, both engines, and seeds after --', () => {
    for (const engine of ['native', 'js', 'auto']) {
      const out = consuma([UTF8_SEED, '-a', 'sha3_512', '-d', '2', '--engine', engine]);
      expect(out.stdout.trim(), engine).toBe(ref[0]);
    }
    expect(consuma(['--', '-x']).stdout.trim()).toBe(ref[1]);
    expect(consuma(['', '--algorithm', 'blake2b']).stdout.trim()).toBe(ref[2]);
  });

  it('prints one JSON object with --json', () => {
    const out = consuma(['a', '-d', '2', '--json']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const body = JSON.parse(lines[0] ?? '');
    expect(Object.keys(body).sort()).toEqual(
      ['algorithm', 'difficulty', 'engine', 'hash', 'latencyMs', 'nonce'].sort(),
    );
    expect(body).toMatchObject({
      hash: '587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d',
      nonce: 100_000,
      engine: 'native',
      algorithm: 'sha256',
      difficulty: 2,
    });
    expect(body.latencyMs).toBeGreaterThan(0);
    expect(body.latencyMs).toBeLessThan(10_000);
    expect(JSON.parse(consuma(['a', '--json', '-e', 'js']).stdout).engine).toBe('js');
  });

  it.each([
    [['a', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['a', '-d', '0'], /difficulty must be an integer from 1 to 100/],
    [['a', '-d', '101'], /from 1 to 100/],
    [['a', '-d', '1.5'], /integer/],
    [['a', '-d', 'two'], /integer/],
    [['a', '-a', 'md5'], /unknown --algorithm "md5"; valid: sha256, sha512, sha3_256, sha3_512, blake2b/],
    [['a', '-e', 'gpu'], /--engine must be one of auto, native, js/],
    [[], /missing <seed>/],
    [['a', 'b'], /exactly one <seed>/],
    [['a', '-d'], /argument missing/],
  ])('exits 2 with one line on stderr for %j', (args, reason) => {
    const out = consuma(args as string[]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(reason);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('honours MAX_DIFFICULTY and HASH_ENGINE from the configuration', () => {
    const limited = consuma(['a', '-d', '3'], { MAX_DIFFICULTY: '2' });
    expect(limited.code).toBe(2);
    expect(limited.stderr).toMatch(/from 1 to 2/);
    expect(JSON.parse(consuma(['a', '--json'], { HASH_ENGINE: 'js' }).stdout).engine).toBe('js');
    const bad = consuma(['a'], { HASH_ENGINE: 'gpu' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/HASH_ENGINE/);
  });

  it('prints usage with --help', () => {
    const out = consuma(['--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Usage: consuma hash <seed>/);
    expect(out.stdout).toMatch(/--difficulty/);
  });
});
