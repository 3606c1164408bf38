import type { Algorithm } from '../../../src/engine/algorithms.js';
import type { SyncResponse } from '../../../src/schemas/sync.js';
import type { ApiFailure } from '../api/errors.js';
import type { AsyncRow } from './async-rows.js';

/** The state of one side-by-side run, as RunController publishes it and the panels read it. */

export interface RunParams {
  readonly seeds: string[];
  readonly difficulty: number;
  readonly algorithm: Algorithm;
  readonly callbackUrl: string | null;
}

export type LiveMode = 'connecting' | 'sse' | 'polling' | 'closed';

export interface SyncSide {
  readonly status: 'pending' | 'done' | 'failed' | 'stopped';
  readonly response: SyncResponse | null;
  /** Browser-measured round trip of the whole sync request. */
  readonly clientMs: number | null;
  readonly error: ApiFailure | null;
}

export interface AsyncSide {
  readonly status: 'submitting' | 'following' | 'done' | 'failed' | 'stopped';
  readonly batchId: string | null;
  readonly rows: readonly AsyncRow[];
  /** Browser-measured round trip of POST /api/async (the client's view of ack latency). */
  readonly clientAckMs: number | null;
  /** Browser time from Run until the last job finished. */
  readonly clientMs: number | null;
  readonly live: LiveMode;
  readonly error: ApiFailure | null;
}

export interface RunState {
  readonly id: number;
  readonly params: RunParams;
  readonly startedAtMs: number;
  readonly finished: boolean;
  readonly sync: SyncSide;
  readonly async: AsyncSide;
}

export function initialRun(id: number, params: RunParams, startedAtMs: number): RunState {
  return {
    id,
    params,
    startedAtMs,
    finished: false,
    sync: { status: 'pending', response: null, clientMs: null, error: null },
    async: {
      status: 'submitting',
      batchId: null,
      rows: [],
      clientAckMs: null,
      clientMs: null,
      live: 'connecting',
      error: null,
    },
  };
}
