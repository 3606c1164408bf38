import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/queue/contract.js';
import type { CallbackState, JobStatus } from '../../../src/schemas/status.js';
import { queuedJob } from '../test-support/job.js';
import {
  type AsyncRow,
  applyEvents,
  applyStatuses,
  isSettled,
  mergeJob,
  rowsFromAcks,
} from './async-rows.js';

function job(requestId: string, patch: Partial<JobStatus>): JobStatus {
  return queuedJob({ requestId, batchId: 'b1', seed: 'a', enqueuedAtMs: 1000, ...patch });
}

function event(type: JobEvent['type'], j: JobStatus | null, callback?: CallbackState): JobEvent {
  return {
    type,
    requestId: j?.requestId ?? 'r1',
    batchId: 'b1',
    atMs: 0,
    job: j,
    ...(callback ? { callback } : {}),
  };
}

const cb = (status: CallbackState['status'], attempts: number): CallbackState => ({
  url: 'http://x/',
  status,
  attempts,
  lastStatusCode: status === 'delivered' ? 202 : null,
  lastError: null,
});

const acks = [
  { cycle: 2, seed: 'b', requestId: 'r2', ackTimeMs: 0.5 },
  { cycle: 1, seed: 'a', requestId: 'r1', ackTimeMs: 0.4 },
];

describe('async rows', () => {
  it('starts from the acks in cycle order with no status yet', () => {
    const rows = rowsFromAcks(acks);
    expect(rows.map((r) => r.requestId)).toEqual(['r1', 'r2']);
    expect(rows.every((r) => r.job === null)).toBe(true);
  });

  it('moves queued → running → done and never back, whatever order the news arrives in', () => {
    let rows: readonly AsyncRow[] = rowsFromAcks(acks);
    const done = job('r1', { status: 'done', attempts: 1, hash: 'ab', completedAtMs: 2000 });
    rows = applyEvents(rows, [event('done', done)]);
    rows = applyEvents(rows, [event('running', job('r1', { status: 'running', attempts: 1 }))]);
    rows = applyStatuses(rows, [job('r1', { status: 'queued', queuePosition: 3 })]);
    expect(rows[0]?.job?.status).toBe('done');
    expect(rows[0]?.job?.hash).toBe('ab');
    expect(rows[1]?.job).toBeNull();
  });

  it('takes a fresher queued status so the queue position updates', () => {
    let rows: readonly AsyncRow[] = rowsFromAcks(acks);
    rows = applyStatuses(rows, [job('r2', { queuePosition: 9 })]);
    rows = applyStatuses(rows, [job('r2', { queuePosition: 4, estimatedStartAtMs: 5000 })]);
    expect(rows[1]?.job?.queuePosition).toBe(4);
    expect(rows[1]?.job?.estimatedStartAtMs).toBe(5000);
  });

  it('orders retries by attempts: running on attempt 2 beats retrying after attempt 1', () => {
    const retrying = job('r1', { status: 'retrying', attempts: 1 });
    const running2 = job('r1', { status: 'running', attempts: 2 });
    expect(mergeJob(retrying, running2).status).toBe('running');
    expect(mergeJob(running2, retrying).status).toBe('running');
  });

  it('ignores not_found once a job is known, and events for unknown jobs', () => {
    let rows: readonly AsyncRow[] = rowsFromAcks(acks);
    rows = applyStatuses(rows, [job('r1', { status: 'running', attempts: 1 })]);
    const before = rows;
    rows = applyStatuses(rows, [job('r1', { status: 'not_found' })]);
    rows = applyEvents(rows, [event('done', job('zz', { status: 'done' }))]);
    expect(rows[0]?.job?.status).toBe('running');
    expect(rows).toBe(before);
  });

  it('merges callback progress from events without a job and keeps a delivery final', () => {
    let rows: readonly AsyncRow[] = rowsFromAcks(acks);
    const done = job('r1', { status: 'done', attempts: 1, callback: cb('pending', 0) });
    rows = applyEvents(rows, [event('done', done)]);
    expect(isSettled(rows[0] as never, true)).toBe(false);
    rows = applyEvents(rows, [{ ...event('callback', null, cb('delivered', 2)), requestId: 'r1' }]);
    rows = applyStatuses(rows, [
      job('r1', { status: 'done', attempts: 1, callback: cb('retrying', 1), callbackTimeMs: 12 }),
    ]);
    expect(rows[0]?.job?.callback?.status).toBe('delivered');
    expect(rows[0]?.job?.callback?.attempts).toBe(2);
    expect(rows[0]?.job?.callbackTimeMs).toBe(12);
    expect(isSettled(rows[0] as never, true)).toBe(true);
    expect(isSettled(rows[1] as never, false)).toBe(false);
  });
});
