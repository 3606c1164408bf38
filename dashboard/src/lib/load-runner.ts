import type { Algorithm } from '../../../src/engine/algorithms.js';
import type { ApiClient } from '../api/client.js';
import { ApiFailure, isAbort } from '../api/errors.js';
import type { LoadOutcome, LoadSample } from './load-stats.js';

/**
 * Drives bounded load from the browser against this server: requests at up to `ratePerSec`, at most
 * `concurrency` in flight, until `total` requests were sent or `durationSec` passed — whichever is first.
 * The bounds are enforced here (clampLoad), whatever the form says.
 */

export interface LoadOptions {
  readonly mode: 'sync' | 'async';
  readonly ratePerSec: number;
  readonly concurrency: number;
  readonly total: number;
  readonly durationSec: number;
  readonly seedsPerRequest: number;
  readonly difficulty: number;
  readonly algorithm: Algorithm;
}

export const LOAD_BOUNDS = {
  rate: 50,
  concurrency: 16,
  total: 1000,
  durationSec: 60,
  seeds: 20,
  difficulty: 10,
};

const clamp = (v: number, max: number) => Math.min(max, Math.max(1, Math.floor(Number.isFinite(v) ? v : 1)));

export function clampLoad(o: LoadOptions): LoadOptions {
  return {
    ...o,
    ratePerSec: clamp(o.ratePerSec, LOAD_BOUNDS.rate),
    concurrency: clamp(o.concurrency, LOAD_BOUNDS.concurrency),
    total: clamp(o.total, LOAD_BOUNDS.total),
    durationSec: clamp(o.durationSec, LOAD_BOUNDS.durationSec),
    seedsPerRequest: clamp(o.seedsPerRequest, LOAD_BOUNDS.seeds),
    difficulty: clamp(o.difficulty, LOAD_BOUNDS.difficulty),
  };
}

export interface LoadSnapshot {
  readonly running: boolean;
  readonly sent: number;
  readonly inFlight: number;
  readonly elapsedMs: number;
  readonly samples: readonly LoadSample[];
  readonly lastFailure: ApiFailure | null;
}

function outcomeOf(error: unknown): LoadOutcome {
  if (!(error instanceof ApiFailure)) return 'error';
  if (error.kind === 'rate_limited') return 'rate_limited';
  if (error.kind === 'unavailable') return 'unavailable';
  if (error.kind === 'offline') return 'offline';
  return 'error';
}

export class LoadRunner {
  private readonly options: LoadOptions;
  private readonly abort = new AbortController();
  private readonly t0 = performance.now();
  private readonly prefix = `load-${Date.now().toString(36)}`;
  private sent = 0;
  private inFlight = 0;
  private samples: LoadSample[] = [];
  private lastFailure: ApiFailure | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private report: ReturnType<typeof setInterval> | null = null;
  private done = false;

  constructor(
    private readonly client: ApiClient,
    options: LoadOptions,
    private readonly onSnapshot: (snapshot: LoadSnapshot) => void,
  ) {
    this.options = clampLoad(options);
  }

  start(): void {
    this.tick = setInterval(() => this.fire(), Math.max(20, 1000 / this.options.ratePerSec));
    this.report = setInterval(() => this.emit(), 250);
    this.fire();
  }

  stop(): void {
    this.abort.abort();
    this.finish();
  }

  private elapsed(): number {
    return performance.now() - this.t0;
  }

  private exhausted(): boolean {
    return this.sent >= this.options.total || this.elapsed() >= this.options.durationSec * 1000;
  }

  private fire(): void {
    if (this.done) return;
    if (this.exhausted()) {
      if (this.tick) clearInterval(this.tick);
      if (this.inFlight === 0) this.finish();
      return;
    }
    if (this.inFlight >= this.options.concurrency) return;
    const n = ++this.sent;
    this.inFlight++;
    const seeds = Array.from(
      { length: this.options.seedsPerRequest },
      (_, k) => `${this.prefix}-${n}-${k + 1}`,
    );
    const body = { seeds, difficulty: this.options.difficulty, algorithm: this.options.algorithm };
    const started = performance.now();
    const request =
      this.options.mode === 'sync'
        ? this.client.sync(body, this.abort.signal)
        : this.client.submitAsync(body, this.abort.signal);
    request.then(
      () => this.record(started, 'ok'),
      (error: unknown) => {
        if (isAbort(error)) {
          this.inFlight--;
          return;
        }
        if (error instanceof ApiFailure) this.lastFailure = error;
        this.record(started, outcomeOf(error));
      },
    );
  }

  private record(started: number, outcome: LoadOutcome): void {
    this.inFlight--;
    const end = performance.now();
    this.samples.push({ endMs: end - this.t0, latencyMs: end - started, outcome });
    if (this.exhausted() && this.inFlight === 0) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.tick) clearInterval(this.tick);
    if (this.report) clearInterval(this.report);
    this.emit();
  }

  private emit(): void {
    this.onSnapshot({
      running: !this.done,
      sent: this.sent,
      inFlight: this.inFlight,
      elapsedMs: this.elapsed(),
      samples: [...this.samples],
      lastFailure: this.lastFailure,
    });
  }
}
