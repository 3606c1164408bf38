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
  /** Int32Array view over 4 bytes; non-zero means "stop between slices". Shared, so it is seen mid-task. */
  readonly cancelFlag: SharedArrayBuffer;
}

export type HashTaskReply =
  | { readonly ok: true; readonly engine: EngineName; readonly results: WorkResult[] }
  | { readonly ok: false; readonly reason: 'cancelled'; readonly completed: number };
