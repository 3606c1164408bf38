import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALGORITHMS, type Algorithm } from '../src/engine/algorithms.js';
import { loadEngine } from '../src/engine/index.js';
import { createJsEngine } from '../src/engine/js.js';
import {
  createNativeEngine,
  loadNativeAddon,
  loadReferenceAddon,
  nativeAddonPath,
} from '../src/engine/native.js';
import type { HashEngine } from '../src/engine/types.js';
import { runWork } from '../src/engine/work.js';
import { type PythonCase, pythonChains } from './support/python.js';

// Both engines against python3 hashlib (computed now, by python), over every algorithm, difficulties 1–3
// and seeds that stress encoding: empty, ASCII, multi-byte UTF-8 with emoji, the 2048-character maximum,
// and whitespace/control characters.
const SEEDS = {
  empty: '',
  ascii: 'hello, consuma',
  utf8: 'héllo wörld — 日本語 🎉👍🏽 ∑',
  long: Array.from({ length: 2048 }, (_, i) => String.fromCharCode(0x20 + ((i * 7) % 95))).join(''),
  control: '\t tab\nnewline\r\n\u0000nul\u001funit',
} as const;
const DIFFICULTIES = [1, 2, 3];
const LEVEL = 50_000;

const native = createNativeEngine();
const js = createJsEngine();
const expected = new Map<string, string>();
const key = (algorithm: string, seed: string, iterations: number) =>
  JSON.stringify([algorithm, seed, iterations]);

// Seed lengths around the SHA-256/SHA-512 padding edges, for the first-round path and the single-block path.
const EDGE_LENGTHS = [1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 300];
const SHORT_ITERATIONS = [1, 2, 3, 17];

beforeAll(() => {
  const cases: PythonCase[] = [];
  for (const algorithm of ALGORITHMS) {
    for (const seed of Object.values(SEEDS)) {
      for (const d of DIFFICULTIES) cases.push({ seed, algorithm, iterations: d * LEVEL });
    }
    for (const length of EDGE_LENGTHS) {
      for (const n of SHORT_ITERATIONS) cases.push({ seed: 'é'.repeat(length), algorithm, iterations: n });
      for (const n of SHORT_ITERATIONS) cases.push({ seed: 'x'.repeat(length), algorithm, iterations: n });
    }
  }
  const hashes = pythonChains(cases);
  for (const [i, c] of cases.entries())
    expected.set(key(c.algorithm, c.seed, c.iterations ?? 0), hashes[i] ?? '');
});

function want(algorithm: Algorithm, seed: string, iterations: number): string {
  const hash = expected.get(key(algorithm, seed, iterations));
  if (!hash) throw new Error(`no python reference for ${key(algorithm, seed, iterations)}`);
  return hash;
}

describe('native engine on several threads at once', () => {
  it('gives python results for SHA-3 and BLAKE2b when first used from concurrent threads', async () => {
    const file = nativeAddonPath();
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.file);
      parentPort.postMessage(addon.chain(workerData.algorithm, Buffer.from('threads'), ${LEVEL}).toString('hex'));`;
    const run = (algorithm: Algorithm) =>
      new Promise<string>((resolve, reject) => {
        const worker = new Worker(code, { eval: true, workerData: { file, algorithm } });
        worker.once('message', (hex: string) => resolve(hex));
        worker.once('error', reject);
      });
    const algorithms: Algorithm[] = ['sha3_256', 'sha3_512', 'blake2b', 'sha3_256', 'blake2b', 'sha512'];
    const got = await Promise.all(algorithms.map(run));
    const ref = pythonChains(
      algorithms.map((algorithm) => ({ seed: 'threads', algorithm, iterations: LEVEL })),
    );
    expect(got).toEqual(ref);
  });
});

describe.each([
  ['native', native],
  ['js', js],
] as Array<[string, HashEngine]>)('%s engine', (name, engine) => {
  it('reports its name', () => {
    expect(engine.name).toBe(name);
  });

  it('matches the two public SPEC references', () => {
    const a = runWork(engine, { seed: 'a', difficulty: 2, algorithm: 'sha256' });
    const b = runWork(engine, { seed: 'b', difficulty: 2, algorithm: 'sha256' });
    expect(a.hash).toBe('587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d');
    expect(b.hash).toBe('44b38c9f7c99c59d201c1b006ac1e883187e5e2f3f8844a8acd8906275ceb347');
    expect(a.nonce).toBe(100_000);
    expect(a.engine).toBe(name);
  });

  it.each(ALGORITHMS)('matches python hashlib for %s, difficulties 1–3, every seed', (algorithm) => {
    for (const [label, seed] of Object.entries(SEEDS)) {
      // Chained slices: chain(chain(x, a), b) must equal chain(x, a + b), the property runWork relies on.
      let data: Uint8Array = Buffer.from(seed, 'utf8');
      for (const d of DIFFICULTIES) {
        data = engine.chain(algorithm, data, LEVEL);
        expect(Buffer.from(data).toString('hex'), `${label} d${d}`).toBe(want(algorithm, seed, d * LEVEL));
      }
    }
  });

  it.each(ALGORITHMS)('matches python for %s around padding edges and short chains', (algorithm) => {
    for (const length of EDGE_LENGTHS) {
      for (const seed of ['é'.repeat(length), 'x'.repeat(length)]) {
        for (const n of SHORT_ITERATIONS) {
          const got = engine.chain(algorithm, Buffer.from(seed, 'utf8'), n).toString('hex');
          expect(got, `${seed.length} chars × ${n}`).toBe(want(algorithm, seed, n));
        }
      }
    }
  });

  it('returns a copy of the input for 0 iterations, and reads a Uint8Array view at its offset', () => {
    const input = Buffer.from('0123456789');
    const copy = engine.chain('sha512', input, 0);
    expect(copy.equals(input)).toBe(true);
    copy[0] = 0;
    expect(input[0]).toBe(0x30);
    expect(engine.chain('sha256', new Uint8Array(0), 0).length).toBe(0);
    const view = new Uint8Array(Buffer.from(`xx${SEEDS.ascii}yy`)).subarray(2, 2 + SEEDS.ascii.length);
    expect(engine.chain('sha3_256', view, 3).toString('hex')).toBe(
      engine.chain('sha3_256', Buffer.from(SEEDS.ascii), 3).toString('hex'),
    );
  });

  it('throws on bad arguments instead of crashing', () => {
    const chain = engine.chain as (...args: unknown[]) => Buffer;
    const ok = Buffer.from('a');
    expect(() => chain('md5', ok, 1)).toThrow(/algorithm/);
    expect(() => chain('', ok, 1)).toThrow(/algorithm/);
    expect(() => chain(7, ok, 1)).toThrow(/algorithm/);
    expect(() => chain('sha256', 'a', 1)).toThrow(/Uint8Array/);
    expect(() => chain('sha256', new Uint16Array(4), 1)).toThrow(/Uint8Array/);
    expect(() => chain('sha256', null, 1)).toThrow(/Uint8Array/);
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '3', undefined]) {
      expect(() => chain('sha256', ok, n), String(n)).toThrow(/iterations/);
    }
    expect(() => chain()).toThrow();
  });
});

describe('the bench C reference loop', () => {
  it.each(ALGORITHMS)(
    'computes the same %s chain as python, so the bench compares like with like',
    (algorithm) => {
      const { referenceChain } = loadReferenceAddon();
      for (const seed of [SEEDS.empty, SEEDS.utf8]) {
        expect(referenceChain(algorithm, Buffer.from(seed), LEVEL).toString('hex')).toBe(
          want(algorithm, seed, LEVEL),
        );
      }
    },
  );
});

describe('engine selection', () => {
  let emptyRoot = '';
  beforeAll(() => {
    emptyRoot = mkdtempSync(path.join(os.tmpdir(), 'consuma-no-addon-'));
  });
  afterAll(() => rmSync(emptyRoot, { recursive: true, force: true }));

  it('uses the native addon on this install for auto and native, js for js', () => {
    expect(loadEngine('auto', { warn: () => expect.fail('auto must not fall back here') }).name).toBe(
      'native',
    );
    expect(loadEngine('native').name).toBe('native');
    expect(loadEngine('js').name).toBe('js');
    expect(loadNativeAddon().algorithms).toEqual([...ALGORITHMS]);
    expect(['block', 'evp']).toContain(loadNativeAddon().sha3Path);
  });

  it('falls back to js with one warning when the addon is unavailable, and still hashes right', () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    const first = loadEngine('auto', { root: emptyRoot, warn });
    const second = loadEngine('auto', { root: emptyRoot, warn });
    expect(first.name).toBe('js');
    expect(second.name).toBe('js');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/native hash engine unavailable.*js engine/);
    expect(warnings[0]).not.toContain('\n');
    expect(runWork(first, { seed: SEEDS.utf8, difficulty: 1, algorithm: 'blake2b' }).hash).toBe(
      want('blake2b', SEEDS.utf8, LEVEL),
    );

    const quietSink: string[] = [];
    loadEngine('auto', { root: emptyRoot, quiet: true, warn: (m) => quietSink.push(m) });
    expect(quietSink).toEqual([]);
  });

  it('refuses native without the addon, with a clear error', () => {
    expect(() => loadEngine('native', { root: emptyRoot })).toThrow(/native hash engine is unavailable/);
  });
});
