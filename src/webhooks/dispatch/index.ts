import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { JobQueue } from '../../queue/contract.js';
import { attemptSettings } from './attempt.js';
import type { CallbackDispatcher } from './contract.js';
import { EmbeddedDispatcher } from './embedded.js';
import { RedisDispatcher } from './redis.js';

/**
 * Picks the webhook dispatcher for the configuration, matching the job queue: in-process deliveries in
 * embedded mode, the `callbacks` BullMQ queue in Redis mode. Progress is reported through `queue`.
 */
export function createDispatcher(
  config: Config,
  queue: JobQueue,
  options: { logger?: Logger } = {},
): CallbackDispatcher {
  const common = {
    queue,
    settings: attemptSettings(config),
    concurrency: config.callback.concurrency,
    maxRetries: config.callback.maxRetries,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  if (config.redisUrl === null) return new EmbeddedDispatcher(common);
  return new RedisDispatcher({
    ...common,
    redisUrl: config.redisUrl,
    prefix: config.queue.prefix,
    keepSeconds: config.queue.resultTtlSeconds,
  });
}

export { type CallbackDispatcher, dispatchOnFinish } from './contract.js';
