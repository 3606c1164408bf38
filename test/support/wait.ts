import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `read` until `done` accepts its value, and returns that value; past `timeoutMs` it fails with the last
 * value seen, so a timed-out test says what state it was stuck in.
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 400)}`);
    }
    await sleep(intervalMs);
  }
}
