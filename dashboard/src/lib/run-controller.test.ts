import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.js';
import { pythonChains } from '../../../test/support/python.js';
import { createClient } from '../api/client.js';
import type { ApiFailure } from '../api/errors.js';
import { RunController } from './run-controller.js';
import type { LiveMode, RunState } from './run-state.js';

/**
 * RunController against a real server (embedded mode, real workers) on a real port: both paths return the
 * python hashlib digests, async news arrives over SSE, and when the event stream cannot be opened the
 * controller falls back to polling and still finishes.
 */

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await buildTestApp({ CALLBACK_ALLOW_PRIVATE: 'true' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  // This process's own fetch keeps sockets alive; drop them so closing does not wait out the keep-alive timeout.
  t?.app.server.closeAllConnections();
  await t?.close();
});

async function runToEnd(
  fetchImpl: typeof fetch,
  seeds: string[],
  callbackUrl: string | null = null,
): Promise<{ final: RunState; modes: LiveMode[]; failures: ApiFailure[] }> {
  const client = createClient({ baseUrl: base, fetchImpl });
  const modes: LiveMode[] = [];
  const failures: ApiFailure[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('run did not finish')), 30_000);
    const controller = new RunController(
      1,
      client,
      { seeds, difficulty: 1, algorithm: 'sha3_256', callbackUrl },
      500,
      {
        onState: (state) => {
          if (modes.at(-1) !== state.async.live) modes.push(state.async.live);
          if (state.finished) {
            clearTimeout(timer);
            resolve({ final: state, modes, failures });
          }
        },
        onFailure: (f) => failures.push(f),
      },
    );
    controller.start();
  });
}

describe('RunController', () => {
  const seeds = ['x', 'y', 'z', 'ünï'];
  const expected = () =>
    pythonChains(seeds.map((seed) => ({ seed, difficulty: 1, algorithm: 'sha3_256' as const })));

  it('runs both paths and follows async over SSE to the python digests', async () => {
    const { final, modes, failures } = await runToEnd((i, init) => fetch(i, init), seeds);
    const want = expected();
    expect(failures).toEqual([]);
    expect(final.sync.response?.results.map((r) => r.hash)).toEqual(want);
    expect(final.async.rows.map((r) => r.job?.hash)).toEqual(want);
    expect(final.async.status).toBe('done');
    expect(modes).toContain('sse');
    expect(modes).not.toContain('polling');
    expect(final.async.clientMs).toBeGreaterThan(0);
  });

  it('falls back to polling when the event stream cannot be opened', async () => {
    const noEvents: typeof fetch = (input, init) =>
      String(input).includes('/api/events')
        ? Promise.resolve(new Response('{"error":"no","code":"x"}', { status: 503 }))
        : fetch(input, init);
    const { final, modes } = await runToEnd(noEvents, seeds);
    expect(modes).toContain('polling');
    expect(modes).not.toContain('sse');
    expect(final.async.rows.map((r) => r.job?.hash)).toEqual(expected());
  });

  it('waits for webhook deliveries to the built-in receiver before finishing', async () => {
    const inbox = `${base}/api/webhooks/inbox/run-controller`;
    const { final } = await runToEnd((i, init) => fetch(i, init), ['w1', 'w2'], inbox);
    expect(final.async.rows.map((r) => r.job?.callback?.status)).toEqual(['delivered', 'delivered']);
    const listing = (await (await fetch(inbox)).json()) as { count: number };
    expect(listing.count).toBe(2);
  });

  it('stops a run: the sync request is abandoned and nothing is published as failed', async () => {
    const client = createClient({ baseUrl: base });
    const states: RunState[] = [];
    const failures: ApiFailure[] = [];
    const controller = new RunController(
      2,
      client,
      { seeds: ['s1', 's2'], difficulty: 40, algorithm: 'sha512', callbackUrl: null },
      500,
      { onState: (s) => states.push(s), onFailure: (f) => failures.push(f) },
    );
    controller.start();
    await new Promise((r) => setTimeout(r, 300));
    controller.stop();
    const last = states.at(-1);
    expect(last?.finished).toBe(true);
    expect(last?.sync.status).toBe('stopped');
    expect(last?.async.status).toBe('stopped');
    await new Promise((r) => setTimeout(r, 300));
    expect(states.at(-1)).toBe(last);
    expect(failures).toEqual([]);
    // The server still answers promptly after the abandoned request. (inject, not fetch: an idle keep-alive
    // socket from fetch would hold the server's close open until its keep-alive timeout while jobs run.)
    const t0 = performance.now();
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(performance.now() - t0).toBeLessThan(2000);
    // Stopping does not cancel async jobs (they are the server's now); let them finish before the app closes.
    await expect
      .poll(
        async () => {
          const { depth } = await t.running.services.queue.stats();
          return depth.waiting + depth.active;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(0);
  });
});
