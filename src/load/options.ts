import { parseArgs } from 'node:util';
import { ALGORITHMS, type Algorithm, DEFAULT_ALGORITHM, isAlgorithm } from '../engine/algorithms.js';

/**
 * The flags of `consuma load`, parsed strictly into a validated `LoadOptions`. Every problem is a
 * `UsageError` with a one-line reason; hard caps keep every run bounded in time and size.
 */

export type LoadMode = 'sync' | 'async' | 'mixed' | 'health';
export const LOAD_MODES: readonly LoadMode[] = ['sync', 'async', 'mixed', 'health'];

export interface LoadOptions {
  readonly url: URL;
  readonly mode: LoadMode;
  /** GET path for `health` mode (default /api/health); lets the generator be compared on any cheap route. */
  readonly path: string;
  /** Seconds of load; null when the run is bounded by `requests` instead. */
  readonly durationS: number | null;
  readonly requests: number | null;
  /** Closed loop: this many requests in flight at all times (ignored when `rate` is set). */
  readonly concurrency: number;
  /** Open loop: requests per second on a fixed timetable; null for closed loop. */
  readonly rate: number | null;
  /** Open loop: the most connections used; later requests wait for one (and that wait counts as latency). */
  readonly connections: number;
  readonly seeds: number;
  readonly difficulty: number;
  readonly algorithm: Algorithm;
  readonly apiKey: string | null;
  readonly json: boolean;
  /** Seconds to wait after the load for queued async jobs to finish. */
  readonly drainS: number;
  /** Per-request timeout in seconds; a timed-out request counts as an error. */
  readonly timeoutS: number;
}

export class UsageError extends Error {}

export const LIMITS = {
  maxDurationS: 3600,
  maxRequests: 10_000_000,
  maxConcurrency: 10_000,
  maxRate: 1_000_000,
  maxSeeds: 100_000,
  maxDifficulty: 100_000,
  maxDrainS: 3600,
  maxTimeoutS: 3600,
} as const;

const FLAGS = {
  url: { type: 'string', short: 'u' },
  mode: { type: 'string', short: 'm' },
  path: { type: 'string' },
  duration: { type: 'string', short: 'd' },
  requests: { type: 'string', short: 'n' },
  concurrency: { type: 'string', short: 'c' },
  rate: { type: 'string', short: 'r' },
  connections: { type: 'string' },
  seeds: { type: 'string', short: 's' },
  difficulty: { type: 'string' },
  algorithm: { type: 'string', short: 'a' },
  'api-key': { type: 'string' },
  drain: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ParsedArgs = { help: true } | { help: false; options: LoadOptions };

export function parseLoadArgs(argv: string[]): ParsedArgs {
  let values: ReturnType<typeof rawParse>['values'];
  try {
    ({ values } = rawParse(argv));
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error));
  }
  if (values.help) return { help: true };

  const url = parseTarget(values.url ?? 'http://127.0.0.1:8000');
  const mode = values.mode ?? (values.path !== undefined ? 'health' : 'sync');
  if (!(LOAD_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--mode must be one of ${LOAD_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  }
  if (values.path !== undefined && mode !== 'health') {
    throw new UsageError('--path only applies to --mode health (a plain GET)');
  }
  const path = values.path ?? '/api/health';
  if (!path.startsWith('/')) throw new UsageError(`--path must start with "/", got ${JSON.stringify(path)}`);

  if (values.duration !== undefined && values.requests !== undefined) {
    throw new UsageError('give --duration or --requests, not both');
  }
  const requests = optionalInt('--requests', values.requests, 1, LIMITS.maxRequests);
  const durationS =
    requests === null
      ? (optionalNumber('--duration', values.duration, 0.1, LIMITS.maxDurationS) ?? 10)
      : null;
  if (values.concurrency !== undefined && values.rate !== undefined) {
    throw new UsageError('give --concurrency (closed loop) or --rate (open loop), not both');
  }
  const rate = optionalNumber('--rate', values.rate, 0.1, LIMITS.maxRate);
  const concurrency = optionalInt('--concurrency', values.concurrency, 1, LIMITS.maxConcurrency) ?? 10;
  const connections = optionalInt('--connections', values.connections, 1, LIMITS.maxConcurrency) ?? 256;
  const algorithm = values.algorithm ?? DEFAULT_ALGORITHM;
  if (!isAlgorithm(algorithm)) {
    throw new UsageError(`unknown --algorithm ${JSON.stringify(algorithm)}; valid: ${ALGORITHMS.join(', ')}`);
  }
  const apiKey = values['api-key'] ?? null;
  if (apiKey === '') throw new UsageError('--api-key must not be empty');

  return {
    help: false,
    options: {
      url,
      mode: mode as LoadMode,
      path,
      durationS,
      requests,
      concurrency,
      rate,
      connections,
      seeds: optionalInt('--seeds', values.seeds, 1, LIMITS.maxSeeds) ?? 1,
      difficulty: optionalInt('--difficulty', values.difficulty, 1, LIMITS.maxDifficulty) ?? 1,
      algorithm,
      apiKey,
      json: values.json ?? false,
      drainS: optionalNumber('--drain', values.drain, 0, LIMITS.maxDrainS) ?? 60,
      timeoutS: optionalNumber('--timeout', values.timeout, 0.1, LIMITS.maxTimeoutS) ?? 60,
    },
  };
}

function rawParse(argv: string[]) {
  return parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(text)} is not a URL; expected e.g. http://127.0.0.1:8000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be an http(s) URL, got ${JSON.stringify(url.protocol)}`);
  }
  if (url.username || url.password) throw new UsageError('--url must not carry credentials; use --api-key');
  return url;
}

function optionalNumber(flag: string, text: string | undefined, min: number, max: number): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function optionalInt(flag: string, text: string | undefined, min: number, max: number): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}
