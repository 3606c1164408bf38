import { spawnSync } from 'node:child_process';
import { type Algorithm, ITERATIONS_PER_LEVEL } from '../../../engine/algorithms.js';
import type { HashPool } from '../../../pool/pool.js';
import type { PoolPoint } from './report.js';

/**
 * Timing primitives for `consuma bench`. Every measurement runs a fixed amount of work sized (by a short
 * calibration) to take about `seconds`, repeats it `reps` times and keeps the best rate: on a shared
 * machine noise only ever slows a run down, so the fastest repetition is the closest to the true speed.
 * A single-thread run is timed by min(wall time, process CPU time): the thread's own CPU time is at most
 * either, and CPU time does not count the moments another process held the core, which on a busy
 * two-core machine otherwise decides the result.
 */

export interface Rate {
  /** Best chained hashes per second over the repetitions. */
  readonly rate: number;
  /** Work size of each repetition. */
  readonly iterations: number;
  /** Every repetition's rate, for judging the noise. */
  readonly samples: readonly number[];
}

type Run = (iterations: number) => void;

/** Milliseconds `fn` took on this thread: min(wall, process CPU), see the header. */
export function timeMs(fn: () => void): number {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return Math.max(1e-3, Math.min(wall, (cpu.user + cpu.system) / 1000));
}

/** Work size that takes about `seconds`: grow until a run lasts ≥ 50 ms, then scale. */
export function calibrate(run: Run, seconds: number): number {
  let n = 1000;
  for (;;) {
    const ms = timeMs(() => run(n));
    if (ms >= 50 || n >= 2 ** 40) return Math.max(1, Math.round((n / ms) * seconds * 1000));
    n *= ms < 5 ? 10 : 2;
  }
}

/**
 * Measures several loops interleaved (A B C A B C …), so slow drifts of the machine (other processes,
 * clock changes) hit every contestant alike and the ratios between them stay fair.
 */
export function measureInterleaved<K extends string>(
  runs: Readonly<Record<K, Run>>,
  seconds: number,
  reps: number,
): Record<K, Rate> {
  const names = Object.keys(runs) as K[];
  const sizes = new Map<K, number>(names.map((name) => [name, calibrate(runs[name], seconds)]));
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const name of names) {
      const n = sizes.get(name) ?? 1;
      samples.get(name)?.push(n / (timeMs(() => runs[name](n)) / 1000));
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const rates = samples.get(name) ?? [];
      return [name, { rate: Math.max(...rates), iterations: sizes.get(name) ?? 0, samples: rates }];
    }),
  ) as unknown as Record<K, Rate>;
}

// The plain loop anyone would write in Python: `data = hashlib.<alg>(data).digest()`, timed inside Python so
// interpreter start-up is not counted; calibrated and repeated exactly like the loops above.
const PYTHON_BENCH = `
import hashlib, json, sys, time
a = json.load(sys.stdin)
h = getattr(hashlib, a["algorithm"])
def run(n):
    d = b"consuma-bench"
    t, c = time.perf_counter(), time.process_time()
    for _ in range(n):
        d = h(d).digest()
    return max(1e-6, min(time.perf_counter() - t, time.process_time() - c))
n = 1000
while True:
    dt = run(n)
    if dt >= 0.05:
        break
    n *= 10 if dt < 0.005 else 2
n = max(1, round(n / dt * a["seconds"]))
samples = [n / run(n) for _ in range(a["reps"])]
json.dump({"rate": max(samples), "iterations": n, "samples": samples}, sys.stdout)
`;

/** Python's hashlib chain rate, or null (with the reason) when python3 is unavailable. */
export function measurePython(algorithm: Algorithm, seconds: number, reps: number): Rate | { error: string } {
  const child = spawnSync('python3', ['-c', PYTHON_BENCH], {
    input: JSON.stringify({ algorithm, seconds, reps }),
    encoding: 'utf8',
    timeout: Math.max(60_000, seconds * reps * 20_000),
  });
  if (child.error) return { error: child.error.message };
  if (child.status !== 0) return { error: `python3 exited ${child.status}: ${child.stderr.trim()}` };
  return JSON.parse(child.stdout) as Rate;
}

/** Pool throughput with every thread busy on its own seed (wall time: that is what a client gets). */
export async function measurePool(
  pool: HashPool,
  algorithm: Algorithm,
  single: number,
  seconds: number,
  reps: number,
): Promise<PoolPoint> {
  // One task per thread, each its own seed, sized to about `seconds` at the single-thread rate.
  const difficulty = Math.max(1, Math.round((single * seconds) / ITERATIONS_PER_LEVEL));
  const samples: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: pool.threads }, (_, i) =>
        pool.hashBatch([{ seed: `bench-${rep}-${i}`, difficulty, algorithm }]),
      ),
    );
    samples.push((pool.threads * difficulty * ITERATIONS_PER_LEVEL) / ((performance.now() - t0) / 1000));
  }
  const rate = Math.max(...samples);
  return { threads: pool.threads, rate, efficiency: rate / (pool.threads * single), samples };
}
