import type { Redis } from 'ioredis';
import { RATE_WINDOW_SECONDS } from '../queue/hash-rate.js';
import type { QueueKeys } from '../queue/redis/keys.js';

/**
 * Lifetime counters and hash-rate buckets are summed in memory and written to Redis in one pipeline every
 * `flushMs`, not one round trip per job: at thousands of short jobs a second the per-job writes would cost
 * Redis and the event loop more than the counting is worth. A crash loses at most one interval of counts.
 */
export class CounterBuffer {
  private counters = new Map<string, number>();
  private rate = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly keys: QueueKeys,
    flushMs = 250,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  hashed(steps: number, nowMs = Date.now()): void {
    const second = Math.floor(nowMs / 1000);
    this.rate.set(second, (this.rate.get(second) ?? 0) + steps);
  }

  async flush(): Promise<void> {
    if (this.counters.size === 0 && this.rate.size === 0) return;
    const counters = this.counters;
    const rate = this.rate;
    this.counters = new Map();
    this.rate = new Map();
    const pipeline = this.redis.pipeline();
    for (const [name, by] of counters) pipeline.hincrby(this.keys.counters, name, by);
    for (const [second, steps] of rate) {
      pipeline.incrby(this.keys.rate(second), steps);
      pipeline.expire(this.keys.rate(second), RATE_WINDOW_SECONDS * 2);
    }
    await pipeline.exec().catch(() => {});
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
