import type { JobEvent } from '../../../src/queue/contract.js';
import type { ApiClient } from '../api/client.js';
import { ApiFailure, isAbort } from '../api/errors.js';
import {
  type AsyncRow,
  applyEvents,
  applyStatuses,
  isSettled,
  isTerminal,
  rowsFromAcks,
} from './async-rows.js';
import { type AsyncSide, initialRun, type RunParams, type RunState, type SyncSide } from './run-state.js';

/**
 * Runs one comparison: the same seeds to POST /api/sync and POST /api/async at the same moment, then
 * follows the async jobs live over SSE. Polling POST /api/async/status is only the fallback (no `hello`
 * within SSE_OPEN_TIMEOUT_MS, or the stream breaks); while the stream is live, queued jobs are re-read every
 * few seconds only because queue positions change without events. Publishes immutable snapshots.
 */

const SSE_OPEN_TIMEOUT_MS = 3000;
const FLUSH_MS = 100;
const POLL_MS = 1000;
const POSITION_REFRESH_MS = 2000;
/** Webhook retries can take minutes; stop following a run after this long regardless. */
const MAX_FOLLOW_MS = 10 * 60_000;

export interface RunCallbacks {
  readonly onState: (state: RunState) => void;
  readonly onFailure: (failure: ApiFailure) => void;
}

export class RunController {
  private state: RunState;
  private readonly abort = new AbortController();
  private readonly sseAbort = new AbortController();
  private pending: JobEvent[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private polling = false;
  private pollBusy = false;
  /** After a 429 the status endpoint is left alone until its Retry-After has passed. */
  private pollPausedUntil = 0;
  private readonly t0 = performance.now();

  constructor(
    id: number,
    private readonly client: ApiClient,
    params: RunParams,
    private readonly maxIdsPerStatus: number,
    private readonly callbacks: RunCallbacks,
  ) {
    this.state = initialRun(id, params, Date.now());
  }

  get snapshot(): RunState {
    return this.state;
  }

  start(): void {
    this.publish();
    void this.runSync();
    void this.runAsync();
  }

  /** Cancels everything: the sync request (the server then cancels its remaining work) and the live feed. */
  stop(): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.sseAbort.abort();
    this.clearTimers();
    const sync: SyncSide =
      this.state.sync.status === 'pending' ? { ...this.state.sync, status: 'stopped' } : this.state.sync;
    const asyncSide: AsyncSide =
      this.state.async.status === 'submitting' || this.state.async.status === 'following'
        ? { ...this.state.async, status: 'stopped', live: 'closed' }
        : this.state.async;
    this.state = { ...this.state, sync, async: asyncSide, finished: true };
    this.publish();
  }

  private elapsed(): number {
    return performance.now() - this.t0;
  }

  private publish(): void {
    this.callbacks.onState(this.state);
  }

  private update(patch: { sync?: Partial<SyncSide>; async?: Partial<AsyncSide> }): void {
    const sync = patch.sync ? { ...this.state.sync, ...patch.sync } : this.state.sync;
    const asyncSide = patch.async ? { ...this.state.async, ...patch.async } : this.state.async;
    const finished =
      sync.status !== 'pending' && asyncSide.status !== 'submitting' && asyncSide.status !== 'following';
    this.state = { ...this.state, sync, async: asyncSide, finished: this.state.finished || finished };
    this.publish();
  }

  private fail(error: unknown): ApiFailure | null {
    if (isAbort(error) || this.abort.signal.aborted) return null;
    const failure =
      error instanceof ApiFailure
        ? error
        : new ApiFailure('server', error instanceof Error ? error.message : String(error));
    this.callbacks.onFailure(failure);
    return failure;
  }

  private async runSync(): Promise<void> {
    const { seeds, difficulty, algorithm } = this.state.params;
    try {
      const { data, ms } = await this.client.sync({ seeds, difficulty, algorithm }, this.abort.signal);
      this.update({ sync: { status: 'done', response: data, clientMs: ms } });
    } catch (error) {
      const failure = this.fail(error);
      if (failure) this.update({ sync: { status: 'failed', error: failure } });
    }
  }

  private async runAsync(): Promise<void> {
    const { seeds, difficulty, algorithm, callbackUrl } = this.state.params;
    try {
      const body = { seeds, difficulty, algorithm, ...(callbackUrl ? { callbackUrl } : {}) };
      const { data, ms } = await this.client.submitAsync(body, this.abort.signal);
      this.update({
        async: { status: 'following', batchId: data.batchId, rows: rowsFromAcks(data.acks), clientAckMs: ms },
      });
      this.follow(data.batchId);
    } catch (error) {
      const failure = this.fail(error);
      if (failure) this.update({ async: { status: 'failed', error: failure, live: 'closed' } });
    }
  }

  private follow(batchId: string): void {
    this.timers.push(setInterval(() => this.flush(), FLUSH_MS));
    this.timers.push(setInterval(() => void this.refreshQueued(), POSITION_REFRESH_MS));
    const openTimer = setTimeout(() => {
      if (this.state.async.live === 'connecting') this.fallBackToPolling();
    }, SSE_OPEN_TIMEOUT_MS);
    const giveUp = setTimeout(() => this.finishAsync(), MAX_FOLLOW_MS);
    this.timers.push(openTimer, giveUp);

    this.client
      .events(
        batchId,
        {
          onOpen: () => {
            clearTimeout(openTimer);
            if (this.polling) return;
            this.update({ async: { live: 'sse' } });
            // Anything that happened between the ack and the subscription is read once, here.
            void this.pollOnce(false);
          },
          onEvent: (event) => this.pending.push(event),
        },
        this.sseAbort.signal,
      )
      .then(
        () => this.fallBackToPolling(),
        (error: unknown) => {
          if (!isAbort(error)) this.fallBackToPolling();
        },
      );
  }

  private fallBackToPolling(): void {
    if (this.polling || this.abort.signal.aborted || this.state.async.status !== 'following') return;
    this.polling = true;
    this.sseAbort.abort();
    this.update({ async: { live: 'polling' } });
    this.timers.push(setInterval(() => void this.pollOnce(false), POLL_MS));
    void this.pollOnce(false);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.setRows(applyEvents(this.state.async.rows, events));
  }

  private setRows(rows: readonly AsyncRow[]): void {
    if (rows === this.state.async.rows) return;
    const expectCallback = this.state.params.callbackUrl !== null;
    const allJobsDone = rows.every((row) => isTerminal(row.job));
    const clientMs = this.state.async.clientMs ?? (allJobsDone ? this.elapsed() : null);
    if (rows.every((row) => isSettled(row, expectCallback))) {
      this.state = { ...this.state, async: { ...this.state.async, rows, clientMs } };
      this.finishAsync();
      return;
    }
    this.update({ async: { rows, clientMs } });
  }

  private finishAsync(): void {
    if (this.state.async.status !== 'following') return;
    this.sseAbort.abort();
    this.clearTimers();
    this.update({ async: { status: 'done', live: 'closed' } });
  }

  private async refreshQueued(): Promise<void> {
    if (this.polling) return;
    await this.pollOnce(true);
  }

  /** Reads the status of rows still in motion (only queued ones when `queuedOnly`), in chunks the API accepts. */
  private async pollOnce(queuedOnly: boolean): Promise<void> {
    if (this.pollBusy || this.state.async.status !== 'following' || Date.now() < this.pollPausedUntil) return;
    const expectCallback = this.state.params.callbackUrl !== null;
    const ids = this.state.async.rows
      .filter((row) => (queuedOnly ? row.job?.status === 'queued' : !isSettled(row, expectCallback)))
      .map((row) => row.requestId);
    if (ids.length === 0) return;
    this.pollBusy = true;
    try {
      for (let i = 0; i < ids.length; i += this.maxIdsPerStatus) {
        const { data } = await this.client.status(ids.slice(i, i + this.maxIdsPerStatus), this.abort.signal);
        this.flush();
        this.setRows(applyStatuses(this.state.async.rows, data.results));
      }
    } catch (error) {
      // A failed poll is retried on the next tick; only tell the person when it is something they can act on.
      if (error instanceof ApiFailure && error.kind === 'rate_limited') {
        this.pollPausedUntil = Date.now() + (error.retryAfterSec ?? 5) * 1000;
      }
      if (error instanceof ApiFailure && error.kind !== 'offline') this.fail(error);
    } finally {
      this.pollBusy = false;
    }
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }
}
