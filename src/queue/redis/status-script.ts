import type { Redis } from 'ioredis';
import { RATE_WINDOW_SECONDS } from '../hash-rate.js';
import type { StoredResult } from '../job-record.js';
import { type JobData, parseJson, parseNumber, type RawJob, type RawState } from './job-data.js';
import type { QueueKeys } from './keys.js';

/**
 * Reads any number of jobs in ONE round trip: a Lua script fetches each job's hash fields (the webhook state
 * is one of them), finds its state from those fields plus at most two O(log n) lookups (completed/delayed
 * sets, the active lock) instead of scanning lists, and — only if some asked-for job is waiting — walks the front of the wait list once to give
 * every waiting job its place. It also returns the shared hash-rate buckets for start estimates.
 */

/** Waiting jobs deeper than this get no position (the walk is bounded; backpressure keeps queues shorter). */
export const POSITION_WINDOW = 20_000;
const FIELDS_PER_JOB = 9;

const SCRIPT = `
local base, own = ARGV[1], ARGV[2]
local nowSec, window, posWindow = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local out, anyWaiting = {}, false
for i = 6, #ARGV do
  local id = ARGV[i]
  local key = base .. id
  local f = redis.call('HMGET', key, 'data', 'returnvalue', 'failedReason', 'atm', 'ats', 'processedOn', 'finishedOn', 'x:cb')
  local state = false
  if f[1] then
    if f[7] then
      -- finishedOn is written only when a job is completed or failed for good.
      state = redis.call('ZSCORE', base .. 'completed', id) and 'completed' or 'failed'
    elseif not f[4] and not f[5] then
      -- Never started: no lookups needed (the common case for a fresh batch).
      state = 'waiting'
      anyWaiting = true
    elseif redis.call('EXISTS', key .. ':lock') == 1 then state = 'active'
    elseif redis.call('ZSCORE', base .. 'delayed', id) then state = 'delayed'
    else
      state = 'waiting'
      anyWaiting = true
    end
  end
  out[#out + 1] = state
  for j = 1, 8 do out[#out + 1] = f[j] or false end
end
local positions = {}
if anyWaiting then
  local front = redis.call('LRANGE', KEYS[1], -posWindow, -1)
  local index = {}
  -- Workers take from the tail, so the last element is next: its place is 0.
  for k = 1, #front do index[front[k]] = #front - k end
  for i = 6, #ARGV do positions[#positions + 1] = index[ARGV[i]] or -1 end
end
local buckets = {}
for s = nowSec - window, nowSec - 1 do buckets[#buckets + 1] = redis.call('GET', own .. 'rate:' .. s) or '0' end
return {out, positions, buckets}
`;

const COMMAND = 'consumaReadJobs';

type ScriptReply = [(string | null)[], number[], string[]];
type WithCommand = Redis & { [COMMAND]: (...args: (string | number)[]) => Promise<ScriptReply> };

export interface JobsRead {
  /** In the order asked; null for a job that does not exist (never created, removed). */
  readonly jobs: (RawJob | null)[];
  /** Place in line of waiting jobs (0 = next), by id. */
  readonly positions: ReadonlyMap<string, number>;
  readonly rateBuckets: number[];
}

export function defineReadJobs(redis: Redis): void {
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SCRIPT });
}

export async function readJobs(
  redis: Redis,
  keys: QueueKeys,
  ids: readonly string[],
  nowMs: number,
): Promise<JobsRead> {
  const [flat, positionList, buckets] = await (redis as WithCommand)[COMMAND](
    `${keys.base}wait`,
    keys.base,
    keys.own,
    Math.floor(nowMs / 1000),
    RATE_WINDOW_SECONDS,
    POSITION_WINDOW,
    ...ids,
  );
  const jobs = ids.map((requestId, i) =>
    parseJob(requestId, flat.slice(i * FIELDS_PER_JOB, (i + 1) * FIELDS_PER_JOB)),
  );
  const positions = new Map<string, number>();
  positionList.forEach((position, i) => {
    const id = ids[i];
    if (id !== undefined && position >= 0) positions.set(id, position);
  });
  return { jobs, positions, rateBuckets: buckets.map(Number) };
}

function parseJob(requestId: string, f: (string | null)[]): RawJob | null {
  const [state, data, returnvalue, failedReason, atm, ats, processedOn, finishedOn, callback] = f;
  const parsedData = parseJson<JobData>(data);
  if (!state || !parsedData) return null;
  return {
    requestId,
    state: state as RawState,
    data: parsedData,
    result: parseJson<StoredResult>(returnvalue),
    failedReason: failedReason ?? null,
    attemptsMade: parseNumber(atm) ?? 0,
    attemptsStarted: parseNumber(ats) ?? 0,
    processedOn: parseNumber(processedOn),
    finishedOn: parseNumber(finishedOn),
    callback: parseJson(callback),
  };
}
