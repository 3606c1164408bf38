import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { EmbeddedQueue } from '../src/queue/embedded/embedded-queue.js';
import { createServices } from '../src/server.js';
import { attemptSettings } from '../src/webhooks/dispatch/attempt.js';
import { EmbeddedDispatcher } from '../src/webhooks/dispatch/embedded.js';
import { listenLocal } from './support/listen.js';
import { waitFor } from './support/wait.js';

// Embedded mode keeps webhooks in memory, so a graceful stop must first send what is ready: the webhooks
// of the last jobs the workers finished. Real receivers on loopback; the whole embedded composition.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Answers each request after `delayMs` (never, if null) and counts answers sent on a still-open socket. */
async function slowReceiver(delayMs: number | null) {
  const state = { requests: 0, answered: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.requests += 1;
      if (delayMs === null) return;
      setTimeout(() => {
        if (req.socket.destroyed) return;
        res.writeHead(200).end('ok', () => {
          state.answered += 1;
        });
      }, delayMs).unref();
    });
  });
  const { port, close } = await listenLocal(server);
  cleanups.push(close);
  return { url: `http://127.0.0.1:${port}/hook`, state };
}

describe('embedded webhook deliveries on a graceful stop', () => {
  it('delivers the ready and in-flight webhooks before closing', async () => {
    const r = await slowReceiver(300);
    const config = loadConfig({
      WORKER_CONCURRENCY: '2',
      CALLBACK_ALLOW_PRIVATE: 'true',
      CALLBACK_DELIVERY_CONCURRENCY: '1',
    });
    const running = await createServices(config, { runWorkers: true, logger: false });
    await running.services.queue.enqueue({
      batchId: randomUUID(),
      items: ['d0', 'd1', 'd2'].map((seed, i) => ({ requestId: randomUUID(), cycle: i + 1, seed })),
      difficulty: 1,
      algorithm: 'sha256',
      callbackUrl: r.url,
    });
    // The first delivery is on the wire, the other two wait for the single delivery slot.
    await waitFor(
      async () => r.state.requests,
      (n) => n >= 1,
    );
    const t0 = performance.now();
    await running.close();
    const closeMs = performance.now() - t0;
    expect(r.state).toEqual({ requests: 3, answered: 3 });
    expect(closeMs).toBeLessThan(5000);
  });

  it('stops waiting after drainMs when a receiver never answers', async () => {
    const r = await slowReceiver(null);
    const config = loadConfig({ CALLBACK_ALLOW_PRIVATE: 'true' });
    const queue = new EmbeddedQueue({ resultTtlSeconds: 60, jobAttempts: 1 });
    const dispatcher = new EmbeddedDispatcher({
      queue,
      settings: attemptSettings(config),
      concurrency: 4,
      maxRetries: 0,
      drainMs: 300,
    });
    await dispatcher.start();
    const batch = {
      batchId: randomUUID(),
      items: [{ requestId: randomUUID(), cycle: 1, seed: 'hang' }],
      difficulty: 1,
      algorithm: 'sha256' as const,
      callbackUrl: r.url,
    };
    await queue.enqueue(batch);
    const [status] = await queue.getStatuses([batch.items[0]?.requestId ?? '']);
    if (!status) throw new Error('no status');
    await dispatcher.dispatch(status, r.url);
    await waitFor(
      async () => r.state.requests,
      (n) => n >= 1,
    );
    const t0 = performance.now();
    await dispatcher.close();
    const closeMs = performance.now() - t0;
    expect(closeMs).toBeGreaterThanOrEqual(250);
    expect(closeMs).toBeLessThan(1500);
    await queue.close();
  });
});
