import type { EngineChoice } from '../config/config.js';
import type { EngineName } from '../engine/types.js';
import type { WorkItem, WorkResult } from '../engine/work.js';

/**
 * The messages between the pool (main thread) and its hashing threads. Kept to plain, structured-clone-safe
 * data: errors do not survive the thread boundary with their class, so cancellation is a reply, not a throw.
 */

/** Given once to every thread when it starts. */
export interface ThreadInit {
  readonly engine: EngineChoice;
}

export interface HashTask {
  readonly items: readonly WorkItem[];
  /**
   * One Int32 per item: non-zero means "do not start, or stop between slices". Shared memory, so a flag set
   * while the task runs is seen mid-item. One flag per item lets a task carry several queue jobs, each
   * cancellable on its own without failing the others.
   */
  readonly cancelFlags: SharedArrayBuffer;
}

export interface HashTaskReply {
  readonly engine: EngineName;
  /** In item order; `null` where that item was cancelled. */
  readonly results: (WorkResult | null)[];
}
