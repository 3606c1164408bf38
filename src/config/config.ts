import os from 'node:os';
/**
 * The one place the environment is read (SPEC §4). `loadConfig` parses every variable once into a typed,
 * deeply frozen object; every bad variable is reported, each with its own message, in one ConfigError.
 */

export type EngineChoice = 'auto' | 'native' | 'js';
export type TrustProxy = boolean | number | string[];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RateLimitRule {
  readonly max: number;
  readonly windowSeconds: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Unset → embedded mode (in-process queue, in-memory results and rate limits). */
  readonly redisUrl: string | null;
  readonly rateLimitRedisUrl: string | null;
  readonly apiKey: string | null;
  readonly corsOrigins: '*' | readonly string[];
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  readonly hashEngine: EngineChoice;
  readonly limits: {
    readonly maxSeedsPerRequest: number;
    readonly maxSeedLength: number;
    readonly maxRequestBodyBytes: number;
    readonly maxDifficulty: number;
    readonly maxStatusRequestIds: number;
    readonly callbackUrlMaxLength: number;
    /** Upper bound on Σ difficulty over the seeds of one sync request; larger work belongs on async. */
    readonly syncMaxWorkUnits: number;
  };
  readonly rateLimits: {
    readonly sync: RateLimitRule;
    readonly async: RateLimitRule;
    readonly status: RateLimitRule;
  };
  readonly queue: {
    /** BullMQ key prefix; wrap it in braces (e.g. `{consuma}`) for Redis Cluster. */
    readonly prefix: string;
    readonly backpressureLength: number;
    readonly resultTtlSeconds: number;
    /** Hashing attempts per job before it is failed (retries use exponential backoff with jitter). */
    readonly jobAttempts: number;
    readonly lockDurationMs: number;
    readonly stalledIntervalMs: number;
    readonly maxStalledCount: number;
  };
  readonly workerConcurrency: number;
  readonly callback: {
    readonly timeoutSeconds: number;
    readonly maxRetries: number;
    readonly allowPrivate: boolean;
    readonly concurrency: number;
    /** Backoff before the first delivery retry; later ones double (1000 in production, small in tests). */
    readonly retryBaseMs: number;
  };
  readonly webhookSecret: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(...names: string[]): string | null {
    for (const name of names) {
      const value = this.raw(name);
      if (value !== undefined) return value;
    }
    return null;
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name}=${JSON.stringify(value)}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return Number(value);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}=${JSON.stringify(value)}: expected true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}=${JSON.stringify(value)}: expected one of ${allowed.join(', ')}`);
    return fallback;
  }

  url(names: string[], protocols: readonly string[]): string | null {
    const value = this.optional(...names);
    if (value === null) return null;
    const name = names.find((n) => this.raw(n) !== undefined) ?? names[0];
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return value;
    } catch {
      this.problems.push(`${name}: expected a URL starting with ${protocols.join(' or ')}`);
      return null;
    }
  }
}

function parseTrustProxy(reader: Reader): TrustProxy {
  const value = reader.raw('TRUST_PROXY');
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (['true', 'yes', 'on'].includes(lower)) return true;
  if (['false', 'no', 'off', '0'].includes(lower)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.every((entry) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry))) return list;
  reader.problems.push(
    `TRUST_PROXY=${JSON.stringify(value)}: expected true, false, a hop count, or a comma-separated list of addresses/CIDRs`,
  );
  return false;
}

function parseCorsOrigins(reader: Reader): '*' | string[] {
  const value = reader.raw('CORS_ORIGINS');
  if (value === undefined || value === '*') return '*';
  const origins = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of origins) {
    try {
      if (new URL(origin).origin !== origin) throw new Error('not an origin');
    } catch {
      reader.problems.push(
        `CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin like https://example.com`,
      );
    }
  }
  return origins;
}

function parseWebhookSecret(reader: Reader): string | null {
  const value = reader.raw('WEBHOOK_SECRET');
  if (value === undefined) return null;
  const body = value.startsWith('whsec_') ? value.slice(6) : value;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || Buffer.from(body, 'base64').length < 16) {
    reader.problems.push('WEBHOOK_SECRET: expected whsec_<base64> with at least 16 bytes of key');
    return null;
  }
  return `whsec_${body}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * `env` defaults to the process environment; `overrides` are command-line flags that stand in for a variable
 * (e.g. `serve --port` for PORT) and are validated exactly like it.
 */
export function loadConfig(env: Env = process.env, overrides: Env = {}): Config {
  const r = new Reader({ ...env, ...overrides });
  const redisUrl = r.url(['REDIS_URL', 'CELERY_BROKER_URL', 'CELERY_RESULT_BACKEND'], ['redis:', 'rediss:']);
  const rateLimitRedisUrl = r.url(['RATE_LIMIT_REDIS_URL'], ['redis:', 'rediss:']) ?? redisUrl;
  const rule = (kind: string, max: number, window: number): RateLimitRule => ({
    max: r.int(`RATE_LIMIT_${kind}_REQUESTS`, max, 1),
    windowSeconds: r.int(`RATE_LIMIT_${kind}_WINDOW_SECONDS`, window, 1, 86_400),
  });

  const config: Config = {
    port: r.int('PORT', 8000, 0, 65_535),
    host: r.string('HOST', '127.0.0.1'),
    redisUrl,
    rateLimitRedisUrl,
    apiKey: r.optional('API_KEY'),
    corsOrigins: parseCorsOrigins(r),
    trustProxy: parseTrustProxy(r),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    hashEngine: r.oneOf('HASH_ENGINE', ['auto', 'native', 'js'], 'auto'),
    limits: {
      maxSeedsPerRequest: r.int('MAX_SEEDS_PER_REQUEST', 500, 1, 100_000),
      maxSeedLength: r.int('MAX_SEED_LENGTH', 2048, 1, 1_000_000),
      maxRequestBodyBytes: r.int('MAX_REQUEST_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      maxDifficulty: r.int('MAX_DIFFICULTY', 100, 1, 100_000),
      maxStatusRequestIds: r.int('MAX_STATUS_REQUEST_IDS', 500, 1, 100_000),
      callbackUrlMaxLength: r.int('CALLBACK_URL_MAX_LENGTH', 2048, 16, 65_536),
      syncMaxWorkUnits: r.int('SYNC_MAX_WORK_UNITS', 5000, 1),
    },
    rateLimits: {
      sync: rule('SYNC', 30, 60),
      async: rule('ASYNC', 60, 60),
      status: rule('STATUS', 120, 60),
    },
    queue: {
      prefix: r.string('QUEUE_PREFIX', 'consuma'),
      backpressureLength: r.int('QUEUE_BACKPRESSURE_LENGTH', 10_000, 1),
      resultTtlSeconds: r.int('RESULT_TTL_SECONDS', 3600, 1),
      jobAttempts: r.int('JOB_ATTEMPTS', 3, 1, 100),
      lockDurationMs: r.int('JOB_LOCK_DURATION_MS', 30_000, 1000),
      stalledIntervalMs: r.int('JOB_STALLED_INTERVAL_MS', 30_000, 1000),
      maxStalledCount: r.int('JOB_MAX_STALLED_COUNT', 2, 0, 100),
    },
    workerConcurrency: r.int('WORKER_CONCURRENCY', os.availableParallelism(), 1, 1024),
    callback: {
      timeoutSeconds: r.int('CALLBACK_DELIVERY_TIMEOUT_SECONDS', 10, 1, 600),
      maxRetries: r.int('CALLBACK_DELIVERY_MAX_RETRIES', 5, 0, 50),
      allowPrivate: r.bool('CALLBACK_ALLOW_PRIVATE', false),
      concurrency: r.int('CALLBACK_DELIVERY_CONCURRENCY', 32, 1, 10_000),
      retryBaseMs: r.int('CALLBACK_RETRY_BASE_MS', 1000, 1, 600_000),
    },
    webhookSecret: parseWebhookSecret(r),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}
