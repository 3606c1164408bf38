import { FixedQueue, queueOptionsSymbol } from 'piscina';

/**
 * Two-lane task queue for the pool. Sync requests have a client waiting on the line, queue jobs do not, so
 * `interactive` tasks always start before `background` ones; within a lane the order stays FIFO. Without
 * this, an async backlog's jobs interleave with a sync request's chunks and the sync client waits seconds.
 */
export type Lane = 'interactive' | 'background';

type QueuedTask = Parameters<FixedQueue['push']>[0];

export function laneOptions(lane: Lane): { [queueOptionsSymbol]: { lane: Lane } } {
  return { [queueOptionsSymbol]: { lane } };
}

export class LaneQueue {
  private readonly interactive = new FixedQueue();
  private readonly background = new FixedQueue();

  get size(): number {
    return this.interactive.size + this.background.size;
  }

  push(task: QueuedTask): void {
    this.laneOf(task).push(task);
  }

  shift(): QueuedTask | null {
    return this.interactive.shift() ?? this.background.shift();
  }

  remove(task: QueuedTask): void {
    this.laneOf(task).remove(task);
  }

  private laneOf(task: QueuedTask): FixedQueue {
    const options = task[queueOptionsSymbol] as { lane?: Lane } | null;
    return options?.lane === 'interactive' ? this.interactive : this.background;
  }
}
