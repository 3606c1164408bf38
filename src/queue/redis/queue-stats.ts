import type { Redis } from 'ioredis';
import type { LifetimeCounters, QueueStats } from '../contract.js';
import { RATE_WINDOW_SECONDS, rateFromBuckets } from '../hash-rate.js';
import type { QueueKeys } from './keys.js';

/**
 * Queue depth, workers seen, lifetime counters and the shared hash rate in one pipeline (plus one HGET for
 * the age of the oldest waiting job when there is one).
 */

/** A worker process counts as seen if its heartbeat is at most this old. */
export const WORKER_SEEN_MS = 15_000;

const COUNTER_NAMES: readonly (keyof LifetimeCounters)[] = [
  'enqueued',
  'completed',
  'failed',
  'retried',
  'hashSteps',
  'callbacksDelivered',
  'callbacksFailed',
  'callbacksRetried',
];

export async function readQueueStats(redis: Redis, keys: QueueKeys, nowMs: number): Promise<QueueStats> {
  const nowSec = Math.floor(nowMs / 1000);
  const rateKeys = Array.from({ length: RATE_WINDOW_SECONDS }, (_, i) =>
    keys.rate(nowSec - RATE_WINDOW_SECONDS + i),
  );
  const replies = await redis
    .pipeline()
    .llen(`${keys.base}wait`)
    .zcard(`${keys.base}prioritized`)
    .llen(`${keys.base}active`)
    .zcard(`${keys.base}delayed`)
    .zcard(`${keys.base}completed`)
    .zcard(`${keys.base}failed`)
    .zcount(keys.workers, nowMs - WORKER_SEEN_MS, '+inf')
    .hmget(keys.counters, ...COUNTER_NAMES)
    .lindex(`${keys.base}wait`, -1)
    .mget(...rateKeys)
    .exec();
  const values = (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const [wait, prioritized, active, delayed, completed, failed, workers, counterValues, oldestId, buckets] =
    values as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      (string | null)[],
      string | null,
      (string | null)[],
    ];
  const counters = Object.fromEntries(COUNTER_NAMES.map((name, i) => [name, Number(counterValues[i] ?? 0)]));
  let oldestWaitingAgeMs: number | null = null;
  if (oldestId) {
    const timestamp = await redis.hget(keys.job(oldestId), 'timestamp');
    if (timestamp !== null) oldestWaitingAgeMs = Math.max(0, nowMs - Number(timestamp));
  }
  return {
    mode: 'redis',
    depth: { waiting: wait + prioritized, active, delayed, completed, failed },
    workers,
    oldestWaitingAgeMs,
    counters: counters as unknown as LifetimeCounters,
    hashRate: rateFromBuckets(buckets.map((b) => Number(b ?? 0))),
  };
}
