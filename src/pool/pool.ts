import { Piscina } from 'piscina';
import type { EngineChoice } from '../config/config.js';
import { loadEngine } from '../engine/index.js';
import type { EngineName } from '../engine/types.js';
import { WorkCancelledError, type WorkItem, type WorkResult } from '../engine/work.js';
import { type Lane, LaneQueue, laneOptions } from './lanes.js';
import type { HashTask, HashTaskReply, ThreadInit } from './protocol.js';
import { threadEntry } from './thread-entry.js';

export interface PoolOptions {
  readonly threads: number;
  readonly engine: EngineChoice;
}

/** One item of a multi-item task, with the signal that cancels that item alone. */
export interface PoolEntry {
  readonly item: WorkItem;
  readonly signal?: AbortSignal;
}

export interface PoolStats {
  readonly threads: number;
  /** Share of thread time spent running tasks since start (0–1). */
  readonly utilization: number;
  readonly queuedTasks: number;
  readonly completedTasks: number;
  readonly busyThreads: number;
}

/**
 * The hashing thread pool every feature uses: sync requests, queue workers, the bench. Threads are started
 * once and kept warm. Cancellation is cooperative through a shared flag (see protocol.ts) rather than
 * Piscina's abort, which would terminate the thread and throw away its warm engine.
 */
export class HashPool {
  private inFlight = 0;

  private constructor(
    private readonly piscina: Piscina<HashTask, HashTaskReply>,
    readonly threads: number,
    readonly engineName: EngineName,
  ) {}

  static async create(options: PoolOptions): Promise<HashPool> {
    // Load once here so a fallback warning is printed once per process, not once per thread.
    const engineName = loadEngine(options.engine).name;
    const entry = threadEntry();
    const init: ThreadInit = { engine: options.engine };
    const piscina = new Piscina<HashTask, HashTaskReply>({
      filename: entry.filename,
      execArgv: entry.execArgv,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      workerData: init,
      taskQueue: new LaneQueue(),
    });
    const pool = new HashPool(piscina, options.threads, engineName);
    // Warm every thread before the first request arrives, so no client pays for thread start-up.
    await Promise.all(Array.from({ length: options.threads }, () => pool.hashBatch([])));
    return pool;
  }

  /**
   * Hash items in sequence on one thread (one task: one message round trip for many short seeds). An abort
   * of `signal` cancels them all (WorkCancelledError). Queue jobs use the default `background` lane; a
   * client waiting on the line uses `interactive`.
   */
  async hashBatch(
    items: readonly WorkItem[],
    signal?: AbortSignal,
    lane: Lane = 'background',
  ): Promise<WorkResult[]> {
    if (signal?.aborted) throw new WorkCancelledError();
    const results = await this.runTask(items, signal ? items.map(() => signal) : [], lane);
    return results.map((result) => {
      if (result === null) throw new WorkCancelledError();
      return result;
    });
  }

  /**
   * Hash items in sequence on one thread, each with its own cancellation: an aborted item is skipped (or
   * stopped between slices) and answers `null` while the others still run, so one task can carry several
   * independent queue jobs.
   */
  async hashEach(entries: readonly PoolEntry[], lane: Lane = 'background'): Promise<(WorkResult | null)[]> {
    return this.runTask(
      entries.map((entry) => entry.item),
      entries.map((entry) => entry.signal),
      lane,
    );
  }

  /** `signals[i]` cancels item i; one listener per distinct signal, however many items share it. */
  private async runTask(
    items: readonly WorkItem[],
    signals: readonly (AbortSignal | undefined)[],
    lane: Lane,
  ): Promise<(WorkResult | null)[]> {
    const cancelFlags = new SharedArrayBuffer(4 * items.length);
    const flags = new Int32Array(cancelFlags);
    const itemsOf = new Map<AbortSignal, number[]>();
    signals.forEach((signal, i) => {
      if (!signal) return;
      const indexes = itemsOf.get(signal);
      if (indexes) indexes.push(i);
      else itemsOf.set(signal, [i]);
    });
    const listeners = [...itemsOf].map(([signal, indexes]) => {
      const cancel = () => {
        for (const i of indexes) Atomics.store(flags, i, 1);
      };
      if (signal.aborted) cancel();
      signal.addEventListener('abort', cancel, { once: true });
      return () => signal.removeEventListener('abort', cancel);
    });
    this.inFlight += 1;
    try {
      const reply = await this.piscina.run({ items, cancelFlags, ...laneOptions(lane) });
      return reply.results;
    } finally {
      this.inFlight -= 1;
      for (const off of listeners) off();
    }
  }

  /**
   * Hash items spread over every thread, results in input order, ahead of queued background work (a sync
   * client is waiting). Items are cut into a few contiguous chunks per thread so uneven finishing times
   * still balance, while short seeds share one round trip.
   */
  async hashSpread(items: readonly WorkItem[], signal?: AbortSignal): Promise<WorkResult[]> {
    const chunkCount = Math.min(items.length, this.threads * 4);
    const chunks: WorkItem[][] = [];
    for (let i = 0; i < chunkCount; i++) {
      chunks.push(
        items.slice(
          Math.floor((i * items.length) / chunkCount),
          Math.floor(((i + 1) * items.length) / chunkCount),
        ),
      );
    }
    // One failed chunk cancels its siblings, so an aborted request frees every thread it occupies.
    const local = new AbortController();
    const onAbort = () => local.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) local.abort();
    try {
      const parts = await Promise.all(
        chunks.map((chunk) =>
          this.hashBatch(chunk, local.signal, 'interactive').catch((error: unknown) => {
            local.abort();
            throw error;
          }),
        ),
      );
      return parts.flat();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  stats(): PoolStats {
    return {
      threads: this.threads,
      utilization: this.piscina.utilization,
      queuedTasks: this.piscina.queueSize,
      completedTasks: this.piscina.completed,
      busyThreads: Math.min(this.inFlight, this.threads),
    };
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
