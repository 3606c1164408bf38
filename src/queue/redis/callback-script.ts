import type { Redis } from 'ioredis';
import type { CallbackReport } from '../contract.js';
import { callbackCounter } from '../counters.js';
import { CALLBACK_EVENT } from './event-feed.js';
import type { QueueKeys } from './keys.js';

/**
 * Records a webhook's progress in one atomic script: the state goes into the job's own hash (field `x:cb`,
 * which BullMQ ignores), so the status read gets it with the other fields and it expires with the job; a
 * job already removed is not resurrected. The matching counter and a `callback` stream event go with it.
 */

const SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'x:cb', ARGV[1]) end
if ARGV[2] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[2], 1) end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', 10000, '*', 'event', ARGV[3], 'jobId', ARGV[4], 'batchId', ARGV[5], 'state', ARGV[6])
return 1
`;

const COMMAND = 'consumaRecordCallback';
type WithCommand = Redis & { [COMMAND]: (...args: (string | number)[]) => Promise<number> };

export function defineRecordCallback(redis: Redis): void {
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 3, lua: SCRIPT });
}

export async function recordCallback(redis: Redis, keys: QueueKeys, report: CallbackReport): Promise<void> {
  const stored = JSON.stringify({ state: report.state, callbackTimeMs: report.callbackTimeMs });
  await (redis as WithCommand)[COMMAND](
    keys.job(report.requestId),
    keys.counters,
    keys.events,
    stored,
    callbackCounter(report.state.status) ?? '',
    CALLBACK_EVENT,
    report.requestId,
    report.batchId ?? '',
    JSON.stringify(report.state),
  );
}
