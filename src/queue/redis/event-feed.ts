import { QueueEvents } from 'bullmq';
import type { CallbackState, JobState, JobStatus } from '../../schemas/status.js';
import type { JobEvent, JobEventListener } from '../contract.js';
import { bullConnection } from './connection.js';
import { QUEUE_NAME } from './keys.js';

/**
 * Lifecycle events of all jobs, from BullMQ's event stream (written by every producer and worker), as
 * JobEvents. The stream is read only while someone listens. Events arriving together are resolved with one
 * status read for all their jobs (the status carries the batch id callers filter on), and are delivered in
 * stream order, so each job's events arrive queued → running → done.
 */

export const CALLBACK_EVENT = 'consuma-callback';

interface Pending {
  readonly type: JobState | 'callback';
  readonly requestId: string;
  readonly atMs: number;
  readonly callback?: CallbackState;
  readonly batchId?: string | null;
}

export interface EventFeedOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly readStatuses: (ids: readonly string[]) => Promise<JobStatus[]>;
  /** The events stream id for "now" on the Redis server's clock. */
  readonly streamNow: () => Promise<string>;
}

export class RedisEventFeed {
  private readonly listeners = new Set<JobEventListener>();
  private events: QueueEvents | null = null;
  private opening: Promise<void> | null = null;
  private closed = false;
  private pending: Pending[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(private readonly options: EventFeedOptions) {}

  subscribe(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    this.start();
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.opening;
    const events = this.events;
    this.events = null;
    this.listeners.clear();
    await events?.close();
    await this.flushing;
  }

  private start(): void {
    if (this.opening || this.closed) return;
    this.opening = this.open();
  }

  private async open(): Promise<void> {
    // Stream ids are Redis's clock in ms: reading from Redis's "now" at subscription loses nothing written
    // before the first blocking read, whatever this host's clock says. Without Redis: only new events.
    const since = await this.options.streamNow().catch(() => '$');
    if (this.closed) return;
    const events = new QueueEvents(QUEUE_NAME, {
      connection: bullConnection(this.options.redisUrl),
      prefix: this.options.prefix,
      lastEventId: since,
    });
    events.on('error', () => {
      // Connection trouble: BullMQ reconnects by itself; events missed meanwhile are not replayed.
    });
    const add = (type: JobState, requestId: string) => this.push({ type, requestId, atMs: Date.now() });
    events.on('waiting', ({ jobId, prev }) =>
      add(prev === 'delayed' || prev === 'active' ? 'retrying' : 'queued', jobId),
    );
    events.on('active', ({ jobId }) => add('running', jobId));
    events.on('completed', ({ jobId }) => add('done', jobId));
    events.on('failed', ({ jobId }) => add('failed', jobId));
    events.on('delayed', ({ jobId }) => add('retrying', jobId));
    events.on('stalled', ({ jobId }) => add('retrying', jobId));
    // Custom events are emitted under their own name with the stream entry's fields.
    (events as unknown as NodeJS.EventEmitter).on(CALLBACK_EVENT, (fields: Record<string, string>) => {
      const state = JSON.parse(fields.state ?? 'null') as CallbackState | null;
      if (!fields.jobId || !state) return;
      this.push({
        type: 'callback',
        requestId: fields.jobId,
        atMs: Date.now(),
        callback: state,
        batchId: fields.batchId || null,
      });
    });
    this.events = events;
  }

  private push(event: Pending): void {
    if (this.listeners.size === 0) return;
    this.pending.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    // Let a burst of stream entries (one XREAD reply) collect, then resolve them with one status read.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = [];
      this.flushing = this.flushing.then(() => this.deliver(batch));
    });
  }

  private async deliver(batch: Pending[]): Promise<void> {
    const ids = [...new Set(batch.map((e) => e.requestId))];
    const byId = new Map<string, JobStatus>();
    try {
      const statuses = await this.options.readStatuses(ids);
      for (const status of statuses) if (status.status !== 'not_found') byId.set(status.requestId, status);
    } catch {
      // Redis unreachable right now: deliver the events without their status rather than not at all.
    }
    for (const e of batch) {
      const job = byId.get(e.requestId) ?? null;
      const event: JobEvent = {
        type: e.type,
        requestId: e.requestId,
        batchId: job?.batchId ?? e.batchId ?? null,
        atMs: e.atMs,
        job,
        ...(e.callback ? { callback: e.callback } : {}),
      };
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // One broken subscriber must not starve the others.
        }
      }
    }
  }
}
