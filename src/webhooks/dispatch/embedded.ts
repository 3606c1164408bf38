import type { Logger } from 'pino';
import type { JobQueue } from '../../queue/contract.js';
import type { JobStatus } from '../../schemas/status.js';
import { type DeliveryState, initialDeliveryState } from '../deliver.js';
import { type AttemptSettings, attemptDelivery, type Delivery, newDelivery, reportOf } from './attempt.js';
import type { CallbackDispatcher } from './contract.js';

/**
 * In-process webhook deliveries (embedded mode): attempts ready to run wait in a FIFO and at most
 * `concurrency` are on the wire at once. A slot is held only for the HTTP attempt itself — the backoff
 * wait before a retry is a timer, so receivers that keep failing cannot starve healthy ones of slots.
 * Nothing here survives the process, like everything else in embedded mode; a graceful stop therefore
 * first drains, for up to `drainMs`, the attempts that are ready or on the wire (the webhooks of the last
 * jobs the workers finished), and only drops retries still waiting out their backoff.
 */

export interface EmbeddedDispatcherOptions {
  readonly queue: JobQueue;
  readonly settings: AttemptSettings;
  readonly concurrency: number;
  readonly maxRetries: number;
  /** How long `close` keeps delivering what is ready or in flight before aborting it. Default 5 s. */
  readonly drainMs?: number;
  readonly logger?: Logger;
}

const DEFAULT_DRAIN_MS = 5000;

interface Pending {
  readonly delivery: Delivery;
  readonly state: DeliveryState;
}

export class EmbeddedDispatcher implements CallbackDispatcher {
  readonly mode = 'embedded' as const;
  private readonly ready: Pending[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private started = false;
  /** Stopping: no new retries are scheduled, what is ready still goes out. */
  private draining = false;
  private closed = false;
  private drained: (() => void) | null = null;

  constructor(private readonly options: EmbeddedDispatcherOptions) {}

  async dispatch(status: JobStatus, callbackUrl: string): Promise<void> {
    if (this.closed) return;
    const delivery = newDelivery(status, callbackUrl, this.options.maxRetries);
    this.ready.push({ delivery, state: initialDeliveryState(callbackUrl) });
    this.pump();
  }

  async start(): Promise<void> {
    this.started = true;
    this.pump();
  }

  async close(): Promise<void> {
    this.draining = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.started && (this.ready.length > 0 || this.inFlight.size > 0)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          this.drained = resolve;
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.options.drainMs ?? DEFAULT_DRAIN_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    this.closed = true;
    this.ready.length = 0;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Attempts on the wire right now. */
  get active(): number {
    return this.inFlight.size;
  }

  private pump(): void {
    while (this.started && !this.closed && this.inFlight.size < this.options.concurrency) {
      const next = this.ready.shift();
      if (!next) return;
      const run: Promise<void> = this.attempt(next)
        .catch((err: unknown) => this.options.logger?.warn({ err }, 'webhook attempt failed unexpectedly'))
        .finally(() => {
          this.inFlight.delete(run);
          this.pump();
          if (this.inFlight.size === 0 && this.ready.length === 0) this.drained?.();
        });
      this.inFlight.add(run);
    }
  }

  private async attempt({ delivery, state }: Pending): Promise<void> {
    const result = await attemptDelivery(delivery, state, this.options.settings, this.abort.signal);
    // An attempt cut short by shutdown is not an answer from the receiver: leave the last report standing.
    if (this.closed && result.outcome.kind === 'error' && result.outcome.code === 'aborted') return;
    await this.options.queue.reportCallback(reportOf(delivery, result)).catch((err: unknown) => {
      this.options.logger?.warn({ err, requestId: delivery.requestId }, 'could not record webhook progress');
    });
    if (result.decision.action !== 'retry' || this.draining) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      this.ready.push({ delivery, state: result.state });
      this.pump();
    }, result.decision.delayMs);
    this.timers.add(timer);
  }
}
