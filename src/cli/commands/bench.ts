import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ALGORITHMS, type Algorithm, isAlgorithm } from '../../engine/algorithms.js';
import { loadEngine } from '../../engine/index.js';
import { createJsEngine } from '../../engine/js.js';
import {
  createNativeEngine,
  loadNativeAddon,
  loadReferenceAddon,
  PACKAGE_ROOT,
  type ReferenceAddon,
} from '../../engine/native.js';
import type { HashEngine } from '../../engine/types.js';
import { SLICE_ITERATIONS } from '../../engine/work.js';
import { HashPool } from '../../pool/pool.js';
import { measureInterleaved, measurePool, measurePython, type Rate } from './bench/measure.js';
import { type AlgorithmResult, type BenchReport, barPasses, formatReport } from './bench/report.js';

/**
 * `consuma bench`: chained-hash rate of every engine on this machine — python3 hashlib, the plain C
 * reference loop, the native and js engines on one thread, and the pool at 1…cores threads — printed as a
 * table (progress on stderr) and written to bench/results/engine.json.
 */

const USAGE = `Usage: consuma bench [options]

Options:
  --seconds S        length of each measurement (default 0.75; --quick 0.25)
  --reps N           repetitions per measurement, best kept (default 3)
  --quick            short measurements, for a first look
  --algorithm A      only this algorithm (repeatable); default all
  --threads N        largest pool size to measure (default: cores); 0 skips the pool
  --out FILE         where to write the JSON (default bench/results/engine.json)
  --check            exit 1 unless native ≥ 0.9 × the C reference for every algorithm
  -h, --help         show this help
`;

const BAR = 0.9;
const SEED = Buffer.from('consuma-bench');

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

function usageError(reason: string): number {
  process.stderr.write(`consuma bench: ${reason} (see \`consuma bench --help\`)\n`);
  return 2;
}

/** Runs a chain the way the service does: engine calls of SLICE_ITERATIONS each. */
const sliced = (engine: HashEngine, algorithm: Algorithm) => (n: number) => {
  let data: Uint8Array = SEED;
  for (let done = 0; done < n; done += SLICE_ITERATIONS) {
    data = engine.chain(algorithm, data, Math.min(SLICE_ITERATIONS, n - done));
  }
};

interface Contestants {
  readonly algorithm: Algorithm;
  readonly js: HashEngine;
  readonly native: HashEngine | null;
  readonly reference: ReferenceAddon | null;
  readonly seconds: number;
  readonly reps: number;
}

/** Single-thread rates of one algorithm, or why they cannot be compared. */
function measureAlgorithm({
  algorithm,
  js,
  native,
  reference,
  seconds,
  reps,
}: Contestants): AlgorithmResult | string {
  // Every contestant must compute the same chain, or the comparison means nothing.
  const want = js.chain(algorithm, SEED, 1000).toString('hex');
  if (native && native.chain(algorithm, SEED, 1000).toString('hex') !== want) {
    return `the native engine disagrees with node:crypto on ${algorithm}`;
  }
  if (reference && reference.referenceChain(algorithm, SEED, 1000).toString('hex') !== want) {
    return `the C reference loop disagrees with node:crypto on ${algorithm}`;
  }
  progress(`${algorithm}: python3 hashlib…`);
  const python = measurePython(algorithm, seconds, reps);
  if ('error' in python) progress(`${algorithm}: python3 unavailable (${python.error})`);
  progress(`${algorithm}: C reference, native, js (interleaved)…`);
  const runs: Record<string, (n: number) => void> = { js: sliced(js, algorithm) };
  if (reference) runs.reference = (n) => reference.referenceChain(algorithm, SEED, n);
  if (native) runs.native = sliced(native, algorithm);
  const rates = measureInterleaved(runs, seconds, reps) as Record<string, Rate | undefined>;
  return {
    algorithm,
    python: 'error' in python ? null : python,
    reference: rates.reference ?? null,
    native: rates.native ?? null,
    js: rates.js as Rate,
    pool: [],
  };
}

export async function run(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return usageError(error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const seconds = Number(values.seconds ?? (values.quick ? 0.25 : 0.75));
  const reps = Number(values.reps ?? 3);
  const maxThreads = Number(values.threads ?? os.availableParallelism());
  const algorithms = values.algorithm ?? [...ALGORITHMS];
  if (!(seconds > 0 && seconds <= 60)) return usageError('--seconds must be a number in (0, 60]');
  if (!Number.isInteger(reps) || reps < 1 || reps > 20) return usageError('--reps must be an integer 1–20');
  if (!Number.isInteger(maxThreads) || maxThreads < 0 || maxThreads > 256) {
    return usageError('--threads must be an integer 0–256');
  }
  const unknown = algorithms.find((a) => !isAlgorithm(a));
  if (unknown !== undefined)
    return usageError(`unknown --algorithm ${JSON.stringify(unknown)}; valid: ${ALGORITHMS.join(', ')}`);

  const js = createJsEngine();
  const addon = tryLoad('native engine', () => loadNativeAddon());
  const native = addon ? createNativeEngine(addon) : null;
  const reference = tryLoad('C reference loop', () => loadReferenceAddon());
  const autoEngine = loadEngine('auto', { quiet: true }).name;

  const loadAtStart = os.loadavg()[0] ?? 0;
  const results: AlgorithmResult[] = [];
  for (const algorithm of algorithms as Algorithm[]) {
    const result = measureAlgorithm({ algorithm, js, native, reference, seconds, reps });
    if (typeof result === 'string') {
      process.stderr.write(`consuma bench: ${result}; aborting\n`);
      return 1;
    }
    results.push(result);
  }

  let poolEngine: string | null = null;
  for (let threads = 1; threads <= maxThreads; threads++) {
    progress(`pool of ${threads} thread${threads === 1 ? '' : 's'}…`);
    const pool = await HashPool.create({ threads, engine: native ? 'native' : 'js' });
    poolEngine = pool.engineName;
    try {
      for (const result of results) {
        const single = (pool.engineName === 'native' ? result.native : result.js)?.rate ?? result.js.rate;
        progress(`pool of ${threads}: ${result.algorithm}…`);
        result.pool.push(await measurePool(pool, result.algorithm, single, seconds, reps));
      }
    } finally {
      await pool.close();
    }
  }

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: os.availableParallelism(),
      node: process.versions.node,
      openssl: process.versions.openssl,
      platform: `${process.platform}-${process.arch}`,
    },
    method:
      `each figure is the best of ${reps} runs of a fixed work size calibrated to ~${seconds} s; ` +
      'single-thread runs count min(wall, process CPU) time, C reference, native and js interleaved, ' +
      'python timed inside python3; pool runs count wall time',
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg()[0] ?? 0 },
    secondsPerMeasurement: seconds,
    reps,
    autoEngine,
    poolEngine,
    nativeSha3Path: addon?.sha3Path ?? null,
    bar: { ratio: BAR, pass: barPasses(results, BAR) },
    results,
  };
  const out = path.resolve(values.out ?? path.join(PACKAGE_ROOT, 'bench', 'results', 'engine.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(formatReport(report));
  progress(`wrote ${out}`);
  return values.check && report.bar.pass !== true ? 1 : 0;
}

function tryLoad<T>(what: string, load: () => T): T | null {
  try {
    return load();
  } catch (error) {
    progress(`${what} unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      seconds: { type: 'string' },
      reps: { type: 'string' },
      quick: { type: 'boolean' },
      algorithm: { type: 'string', multiple: true },
      threads: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
