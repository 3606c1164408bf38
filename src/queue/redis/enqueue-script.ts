import { Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { type EnqueueBatch, jobFields } from '../contract.js';
import type { JobData } from './job-data.js';
import { JOB_NAME, type QueueKeys } from './keys.js';

/**
 * Adds a whole batch in ONE atomic script: each job is stored exactly as BullMQ's own add script stores a
 * plain job (hash fields name/data/opts/timestamp/delay/priority, pushed on the wait list, a `waiting`
 * event, the worker marker), plus the batch's member list, the `enqueued` counter and, for jobs with a
 * callback URL, their entry in the set of webhooks not yet handed to the delivery queue. BullMQ's per-job
 * add script costs several times more Redis time (two stream entries, msgpack, dedup and parent checks we
 * do not use), which at 500 jobs per request was the whole enqueue budget. Workers are stock BullMQ; the
 * contract tests run them against jobs added this way. Ids already present are skipped, like BullMQ does.
 */

const SCRIPT = `
local base, name, ts, opts, ttl, withCallback = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local waitKey, pausedKey, metaKey, activeKey, eventsKey, markerKey, batchKey, countersKey, callbacksKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local maxEvents = redis.call('HGET', metaKey, 'opts.maxLenEvents')
if not maxEvents then
  maxEvents = 10000
  redis.call('HSET', metaKey, 'opts.maxLenEvents', maxEvents)
end
local meta = redis.call('HMGET', metaKey, 'paused', 'concurrency')
local target, blocked = waitKey, false
if meta[1] then
  target, blocked = pausedKey, true
elseif meta[2] and redis.call('LLEN', activeKey) >= tonumber(meta[2]) then
  blocked = true
end
local added = 0
for i = 7, #ARGV, 2 do
  local id = ARGV[i]
  local key = base .. id
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'name', name, 'data', ARGV[i + 1], 'opts', opts, 'timestamp', ts, 'delay', 0, 'priority', 0)
    redis.call('LPUSH', target, id)
    redis.call('XADD', eventsKey, 'MAXLEN', '~', maxEvents, '*', 'event', 'waiting', 'jobId', id)
    redis.call('RPUSH', batchKey, id)
    if withCallback == '1' then redis.call('ZADD', callbacksKey, ts, id) end
    added = added + 1
  end
end
if added > 0 and not blocked then redis.call('ZADD', markerKey, 0, '0') end
redis.call('EXPIRE', batchKey, ttl)
redis.call('HINCRBY', countersKey, 'enqueued', added)
return added
`;

const COMMAND = 'consumaEnqueue';
type WithCommand = Redis & { [COMMAND]: (...args: (string | number)[]) => Promise<number> };

export function defineEnqueue(redis: Redis): void {
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 9, lua: SCRIPT });
}

export interface EnqueueSettings {
  readonly jobOptions: JobsOptions;
  readonly batchTtlSeconds: number;
}

/** Returns how many jobs were added (ids already known are skipped). */
export function enqueueBatch(
  redis: Redis,
  keys: QueueKeys,
  batch: EnqueueBatch,
  settings: EnqueueSettings,
): Promise<number> {
  const now = Date.now();
  // The options every job of the batch shares, in BullMQ's stored (abbreviated) form.
  const opts = JSON.stringify(Job.optsAsJSON(settings.jobOptions));
  const args: (string | number)[] = [
    keys.base,
    JOB_NAME,
    now,
    opts,
    settings.batchTtlSeconds,
    batch.callbackUrl === null ? '0' : '1',
  ];
  for (const item of batch.items) {
    const data: JobData = jobFields(batch, item, now);
    args.push(item.requestId, JSON.stringify(data));
  }
  const b = keys.base;
  return (redis as WithCommand)[COMMAND](
    `${b}wait`,
    `${b}paused`,
    `${b}meta`,
    `${b}active`,
    `${b}events`,
    `${b}marker`,
    keys.batch(batch.batchId),
    keys.counters,
    keys.pendingCallbacks,
    ...args,
  );
}
