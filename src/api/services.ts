import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { HashPool } from '../pool/pool.js';
import type { JobQueue } from '../queue/contract.js';
import type { WebhookInbox } from '../webhooks/inbox.js';

/** What the HTTP layer is given to work with; `consuma serve` builds these, tests build their own. */
export interface Services {
  readonly config: Config;
  readonly pool: HashPool;
  readonly queue: JobQueue;
  /** Shared rate-limit store; null keeps counters in this process (embedded mode). */
  readonly rateLimitRedis: Redis | null;
  readonly inbox: WebhookInbox;
  readonly startedAtMs: number;
}
