/**
 * When to send. Closed loop: `concurrency` virtual users, each sending its next request as soon as the
 * previous one is answered. Open loop: request i is due at start + i / rate whatever happens to earlier
 * ones, and each request is told its *scheduled* time so latency includes any wait the service caused
 * (measuring from the actual send would hide queueing — coordinated omission).
 */

/** Sends one request; `scheduledAtMs` (performance.now() clock) is when it was due. */
export type Shot = (index: number, scheduledAtMs: number) => Promise<void>;

export interface ScheduleLimits {
  /** Stop sending at this performance.now() time. */
  readonly untilMs: number;
  /** Stop after this many requests (Infinity for none). */
  readonly maxRequests: number;
  /** Checked before every send; set when the run is interrupted. */
  readonly stopped: () => boolean;
}

export async function runClosedLoop(concurrency: number, limits: ScheduleLimits, shot: Shot): Promise<void> {
  let next = 0;
  const canSend = () => !limits.stopped() && next < limits.maxRequests && performance.now() < limits.untilMs;
  const user = async () => {
    while (canSend()) {
      const index = next++;
      await shot(index, performance.now());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, limits.maxRequests) }, user));
}

export async function runOpenLoop(ratePerSecond: number, limits: ScheduleLimits, shot: Shot): Promise<void> {
  const intervalMs = 1000 / ratePerSecond;
  const startMs = performance.now();
  const pending = new Set<Promise<void>>();
  let index = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Fire everything that has come due, even if the timer woke late: the timetable is the contract.
      while (!limits.stopped() && index < limits.maxRequests) {
        const due = startMs + index * intervalMs;
        if (due > now || due >= limits.untilMs) break;
        const p = shot(index, due);
        pending.add(p);
        p.finally(() => pending.delete(p));
        index += 1;
      }
      const nextDue = startMs + index * intervalMs;
      if (limits.stopped() || index >= limits.maxRequests || nextDue >= limits.untilMs) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, nextDue - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
}
