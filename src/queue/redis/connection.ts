import { Redis, type RedisOptions } from 'ioredis';
import { QueueUnavailableError } from '../contract.js';

/**
 * Connections to Redis. The API side must fail fast: with the offline queue off, one retry per command and
 * a command timeout, a request against a dead Redis is refused within about two seconds (→ 503) instead of
 * hanging, while the client keeps reconnecting in the background so the same process recovers by itself.
 * Workers use BullMQ's own blocking connections, which wait for Redis as long as it takes.
 */

export const FAIL_FAST_MS = 2000;

export function failFastOptions(): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: FAIL_FAST_MS,
    commandTimeout: FAIL_FAST_MS,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  };
}

export function connectFailFast(url: string): Redis {
  const redis = new Redis(url, failFastOptions());
  // Errors surface through the commands that fail; the 'error' event alone must not crash the process.
  redis.on('error', () => {});
  return redis;
}

/** What `whenReady` needs of a client: ours, or the one BullMQ bundles (another ioredis version). */
interface ConnectionState {
  readonly status: string;
  once(event: 'ready', listener: () => void): unknown;
  off(event: 'ready', listener: () => void): unknown;
}

/** Resolve once the client is ready, or reject with QueueUnavailableError after `timeoutMs`. */
export async function whenReady(redis: ConnectionState, timeoutMs = FAIL_FAST_MS): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'end') throw new QueueUnavailableError('the Redis connection is closed');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new QueueUnavailableError(`Redis is unreachable (no connection within ${timeoutMs} ms)`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** Run a Redis operation, turning any connection-level failure into QueueUnavailableError. */
export async function guarded<T>(redis: Redis, operation: () => Promise<T>): Promise<T> {
  await whenReady(redis);
  try {
    return await operation();
  } catch (error) {
    // A reply error is Redis answering (a bug or bad data), not Redis being away: let it through as is.
    if (error instanceof QueueUnavailableError || (error instanceof Error && error.name === 'ReplyError'))
      throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new QueueUnavailableError(`Redis command failed: ${message}`, { cause: error });
  }
}

/** Connection options for BullMQ's own (blocking) connections: a URL, left to reconnect forever. */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/** `promise`, or QueueUnavailableError after `ms` (for calls that would otherwise wait on a dead Redis). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(message)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
