import type { Algorithm } from '../../../engine/algorithms.js';
import type { Rate } from './measure.js';

/**
 * What `consuma bench` found, as data (written to bench/results/engine.json) and as the text table it
 * prints. Rates are chained hashes per second; the table shows millions per second.
 */

export interface PoolPoint {
  readonly threads: number;
  readonly rate: number;
  /** rate / (threads × the same engine's single-thread rate): 1.0 is perfect scaling. */
  readonly efficiency: number | null;
  readonly samples: readonly number[];
}

export interface AlgorithmResult {
  readonly algorithm: Algorithm;
  readonly python: Rate | null;
  readonly reference: Rate | null;
  readonly native: Rate | null;
  readonly js: Rate;
  readonly pool: PoolPoint[];
}

export interface BenchReport {
  readonly generatedAt: string;
  readonly machine: { cpu: string; cores: number; node: string; openssl: string; platform: string };
  readonly method: string;
  /** 1-minute load average when the run started and ended: above ~0 other work competed for the cores. */
  readonly loadAverage: { readonly atStart: number; readonly atEnd: number };
  readonly secondsPerMeasurement: number;
  readonly reps: number;
  /** The engine `auto` picks on this install, i.e. what the service uses by default. */
  readonly autoEngine: string;
  readonly poolEngine: string | null;
  /** The native addon's SHA-3 path ("block" or "evp", see docs/decisions/0001-native-engine.md). */
  readonly nativeSha3Path: string | null;
  /** The issue's bar: the native engine at ≥ this fraction of the C reference loop, every algorithm. */
  readonly bar: { readonly ratio: number; readonly pass: boolean | null };
  readonly results: AlgorithmResult[];
}

const mps = (rate: number | undefined | null): string => (rate ? (rate / 1e6).toFixed(2) : '–');
const ratio = (a: number | undefined | null, b: number | undefined | null): string =>
  a && b ? `${(a / b).toFixed(2)}×` : '–';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export function barPasses(results: readonly AlgorithmResult[], required: number): boolean | null {
  if (results.some((r) => !r.native || !r.reference)) return null;
  return results.every(
    (r) => (r.native?.rate ?? 0) >= required * (r.reference?.rate ?? Number.POSITIVE_INFINITY),
  );
}

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const single = table(
    ['algorithm', 'python', 'C ref', 'native', 'js', 'native/ref', 'native/python', 'native/js'],
    report.results.map((r) => [
      r.algorithm,
      mps(r.python?.rate),
      mps(r.reference?.rate),
      mps(r.native?.rate),
      mps(r.js.rate),
      ratio(r.native?.rate, r.reference?.rate),
      ratio(r.native?.rate, r.python?.rate),
      ratio(r.native?.rate, r.js.rate),
    ]),
  );
  const threadCounts = report.results[0]?.pool.map((p) => p.threads) ?? [];
  const pool = table(
    ['algorithm', ...threadCounts.map((t) => `${t} thread${t === 1 ? '' : 's'}`)],
    report.results.map((r) => [
      r.algorithm,
      ...r.pool.map(
        (p) => `${mps(p.rate)} (${p.efficiency === null ? '–' : `${Math.round(p.efficiency * 100)}%`})`,
      ),
    ]),
  );
  const bar =
    report.bar.pass === null
      ? 'not checked (native engine or C reference unavailable)'
      : report.bar.pass
        ? 'PASS'
        : 'FAIL';
  return [
    `Hash engines on ${m.cpu} (${m.cores} cores), Node ${m.node}, OpenSSL ${m.openssl}`,
    `Method: ${report.method}`,
    `Load average (1 min) ${report.loadAverage.atStart.toFixed(2)} at start, ${report.loadAverage.atEnd.toFixed(2)} at end` +
      (Math.max(report.loadAverage.atStart, report.loadAverage.atEnd) > 0.5
        ? ': other processes were busy, the pool figures (wall time) suffer most'
        : ''),
    '',
    'Single thread, M chained hashes/s:',
    single,
    '',
    threadCounts.length > 0
      ? `Pool (${report.poolEngine} engine, each thread hashing its own seed), total M hashes/s (efficiency vs threads × single):\n${pool}`
      : 'Pool: skipped',
    '',
    `Bar: native ≥ ${report.bar.ratio} × C reference for every algorithm: ${bar}`,
    `A fresh install uses the ${report.autoEngine} engine (HASH_ENGINE=auto); native SHA-3 path: ${report.nativeSha3Path ?? '–'}.`,
    '',
  ].join('\n');
}
