import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { type Config, loadConfig } from '../src/config/config.js';
import type { JobStatus } from '../src/schemas/status.js';
import { createServices } from '../src/server.js';
import { listenLocal } from './support/listen.js';
import { pythonChain } from './support/python.js';
import { freePort, TestRedis } from './support/redis.js';
import { waitFor } from './support/wait.js';

// Async jobs with a callbackUrl, end to end through the real app (createServices + buildApp, listening on
// 127.0.0.1) in both queue modes, against REAL receivers on loopback (hence CALLBACK_ALLOW_PRIVATE=true,
// except in the own-inbox cases). Signatures are checked with an independent HMAC, hashes with python.

type Mode = 'embedded' | 'redis';
type Reply = { status: number; headers?: Record<string, string>; delayMs?: number } | 'hang';

interface Received {
  readonly atMs: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

interface RunningApp {
  readonly base: string;
  readonly config: Config;
  close(): Promise<void>;
}

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const cleanups: (() => Promise<void>)[] = [];
let redis: TestRedis;
let prefixes = 0;

beforeAll(async () => {
  redis = await TestRedis.start();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await redis?.stop();
});

/** Answers its n-th request with replies[n] (the last reply repeats); records every request. */
async function receiver(replies: Reply[]): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ atMs: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = replies[Math.min(received.length - 1, replies.length - 1)] ?? { status: 200 };
      if (reply === 'hang') return;
      const answer = () => res.writeHead(reply.status, reply.headers).end('ok');
      if (reply.delayMs) setTimeout(answer, reply.delayMs).unref();
      else answer();
    });
  });
  const { port, close } = await listenLocal(server);
  const r: Receiver = { url: `http://127.0.0.1:${port}/hook`, received, close };
  cleanups.push(() => r.close());
  return r;
}

/** The production composition, listening on a port known in advance (the own-inbox rule compares it). */
async function startApp(mode: Mode, env: Record<string, string> = {}, prefix?: string): Promise<RunningApp> {
  const port = await freePort();
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: String(port),
    WORKER_CONCURRENCY: '2',
    RATE_LIMIT_STATUS_REQUESTS: '100000',
    CALLBACK_ALLOW_PRIVATE: 'true',
    CALLBACK_RETRY_BASE_MS: '100',
    CALLBACK_DELIVERY_TIMEOUT_SECONDS: '2',
    WEBHOOK_SECRET: SECRET,
    ...(mode === 'redis' ? { REDIS_URL: redis.url, QUEUE_PREFIX: prefix ?? `e2e${++prefixes}` } : {}),
    ...env,
  });
  const running = await createServices(config, { runWorkers: true, logger: false });
  const app = await buildApp(running.services);
  await app.listen({ port, host: '127.0.0.1' });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await running.close();
  };
  cleanups.push(close);
  return { base: `http://127.0.0.1:${port}`, config, close };
}

async function postJson<T>(url: string, body: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

async function enqueue(app: RunningApp, seeds: string[], callbackUrl: string) {
  const res = await postJson<{ batchId: string; acks: { requestId: string }[] }>(`${app.base}/api/async`, {
    seeds,
    difficulty: 1,
    callbackUrl,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return res.json;
}

async function statuses(app: RunningApp, ids: string[]): Promise<JobStatus[]> {
  const res = await postJson<{ results: JobStatus[] }>(`${app.base}/api/async/status`, { requestIds: ids });
  expect(res.status).toBe(200);
  return res.json.results;
}

/** Collects SSE events from GET /api/events until stopped; resolves once the stream said hello. */
interface SseEvent {
  readonly type: string;
  readonly data: { requestId: string; callback?: { status: string; attempts: number } };
}

async function sse(app: RunningApp): Promise<{ events: SseEvent[]; stop(): void }> {
  const abort = new AbortController();
  const events: SseEvent[] = [];
  const res = await fetch(`${app.base}/api/events`, { signal: abort.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let hello: () => void = () => {};
  const greeted = new Promise<void>((resolve) => {
    hello = resolve;
  });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (type === 'hello') hello();
          else if (type && data) events.push({ type, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by stop()
    }
  })();
  await greeted;
  const stop = () => abort.abort();
  cleanups.push(async () => stop());
  return { events, stop };
}

/** Standard Webhooks, computed here without the signing library: HMAC-SHA256 over `id.timestamp.body`. */
function independentlyVerified(received: Received): boolean {
  const id = String(received.headers['webhook-id']);
  const timestamp = String(received.headers['webhook-timestamp']);
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${received.body}`).digest('base64');
  const offered = String(received.headers['webhook-signature'] ?? '').split(' ');
  return offered.includes(`v1,${expected}`);
}

const FINAL_FIELDS = [
  'requestId',
  'status',
  'attempts',
  'batchId',
  'cycle',
  'seed',
  'difficulty',
  'algorithm',
  'hash',
  'nonce',
  'latencyMs',
  'processingTimeMs',
  'wallTimeMs',
  'queueTimeMs',
  'totalTimeMs',
  'enqueuedAtMs',
  'startedAtMs',
  'completedAtMs',
  'error',
] as const;

describe.each<Mode>(['embedded', 'redis'])('webhooks end to end (%s mode)', (mode) => {
  it('delivers the exact status, signed, retried 503 → 503 → 200 with one webhook-id, and reports it', async () => {
    const hook = await receiver([{ status: 503 }, { status: 503 }, { status: 200 }]);
    const app = await startApp(mode);
    const stream = await sse(app);
    const { acks } = await enqueue(app, ['e2e-a'], hook.url);
    const id = acks[0]?.requestId ?? '';

    const [status] = await waitFor(
      () => statuses(app, [id]),
      ([s]) => s?.callback?.status === 'delivered',
      15_000,
    );
    expect(status?.callback).toEqual({
      url: hook.url,
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(typeof status?.callbackTimeMs).toBe('number');
    expect(status?.callbackTimeMs).toBeGreaterThanOrEqual(0);

    expect(hook.received).toHaveLength(3);
    const ids = new Set(hook.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(String([...ids][0])).toContain(id);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    for (const r of hook.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(independentlyVerified(r)).toBe(true);
    }

    const payload = JSON.parse(hook.received[0]?.body ?? '{}');
    expect(payload.requestId).toBe(id);
    expect(payload.result.hash).toBe(pythonChain('e2e-a', 1));
    const pick = (s: unknown) =>
      Object.fromEntries(FINAL_FIELDS.map((k) => [k, (s as Record<string, unknown>)[k]]));
    expect(pick(payload.result)).toEqual(pick(status));
    expect(payload.result.status).toBe('done');

    await waitFor(
      async () => stream.events.filter((e) => e.type === 'callback' && e.data.requestId === id),
      (list) => list.length >= 3,
      5000,
    );
    const callbacks = stream.events.filter((e) => e.type === 'callback' && e.data.requestId === id);
    expect(callbacks.map((e) => [e.data.callback?.status, e.data.callback?.attempts])).toEqual([
      ['retrying', 1],
      ['retrying', 2],
      ['delivered', 3],
    ]);
    stream.stop();
  });

  it('fails after one attempt on a 400 (not retried)', async () => {
    const hook = await receiver([{ status: 400 }, { status: 200 }]);
    const app = await startApp(mode);
    const { acks } = await enqueue(app, ['e2e-400'], hook.url);
    const id = acks[0]?.requestId ?? '';
    const [status] = await waitFor(
      () => statuses(app, [id]),
      ([s]) => s?.callback?.status === 'failed',
      10_000,
    );
    expect(status?.callback).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 400 });
    expect(status?.callback?.lastError).toMatch(/HTTP 400/);
    expect(status?.callbackTimeMs).toBeNull();
    await sleep(600); // several base delays: a retry, if any, would have happened
    expect(hook.received).toHaveLength(1);
  });

  it('fails after 1 + CALLBACK_DELIVERY_MAX_RETRIES attempts when the receiver never answers', async () => {
    const hook = await receiver(['hang']);
    const app = await startApp(mode, {
      CALLBACK_DELIVERY_TIMEOUT_SECONDS: '1',
      CALLBACK_DELIVERY_MAX_RETRIES: '2',
    });
    const { acks } = await enqueue(app, ['e2e-hang'], hook.url);
    const id = acks[0]?.requestId ?? '';
    const [status] = await waitFor(
      () => statuses(app, [id]),
      ([s]) => s?.callback?.status === 'failed',
      15_000,
    );
    expect(status?.callback).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: null });
    expect(status?.callback?.lastError).toMatch(/timeout.*gave up after 3 attempts/);
    expect(hook.received).toHaveLength(3);
  });

  it('a receiver that takes 5 s per request does not slow hashing', async () => {
    const hook = await receiver([{ status: 200, delayMs: 5000 }]);
    const app = await startApp(mode, {
      CALLBACK_DELIVERY_TIMEOUT_SECONDS: '10',
      CALLBACK_DELIVERY_CONCURRENCY: '2',
    });
    const seeds = ['s1', 's2', 's3', 's4', 's5', 's6'];
    const t0 = Date.now();
    const { acks } = await enqueue(app, seeds, hook.url);
    const ids = acks.map((a) => a.requestId);
    const done = await waitFor(
      () => statuses(app, ids),
      (list) => list.every((s) => s.status === 'done'),
      10_000,
    );
    const hashedInMs = Date.now() - t0;
    // All hashed while no delivery has been answered yet, and at most 2 on the wire (the delivery bound).
    expect(hashedInMs).toBeLessThan(4000);
    expect(done.every((s) => s.callback?.status === 'pending')).toBe(true);
    expect(hook.received.length).toBeLessThanOrEqual(2);
    expect(done.map((s) => s.hash)).toEqual(seeds.map((seed) => pythonChain(seed, 1)));

    const delivered = await waitFor(
      () => statuses(app, ids),
      (list) => list.some((s) => s.callback?.status === 'delivered'),
      10_000,
    );
    const first = delivered.find((s) => s.callback?.status === 'delivered');
    expect(first?.callbackTimeMs).toBeGreaterThanOrEqual(4500);
    expect(delivered.filter((s) => s.callback?.status === 'delivered').length).toBeLessThanOrEqual(2);

    // Shutdown is bounded by the slow receiver: Redis mode hands attempts in flight back at once; embedded
    // mode (nothing survives it) first drains for at most 5 s, then aborts what is still on the wire.
    const c0 = Date.now();
    await app.close();
    expect(Date.now() - c0).toBeLessThan(mode === 'embedded' ? 5000 + 2000 : 4000);
  });
});

describe('own-inbox exception (no CALLBACK_ALLOW_PRIVATE)', () => {
  const strict = { CALLBACK_ALLOW_PRIVATE: 'false' };

  it('embedded mode delivers into its own built-in inbox, signed, and still refuses other loopback URLs', async () => {
    const app = await startApp('embedded', strict);
    const port = new URL(app.base).port;
    const inbox = `http://localhost:${port}/api/webhooks/inbox/e2e-own`;
    const { acks } = await enqueue(app, ['own-1'], inbox);
    const id = acks[0]?.requestId ?? '';

    const listing = await waitFor(
      async () => (await fetch(`${app.base}/api/webhooks/inbox/e2e-own`)).json() as Promise<InboxListing>,
      (l) => l.count >= 1,
      10_000,
    );
    const entry = listing.entries[0];
    expect(entry?.signature.verified).toBe(true);
    expect(entry?.body.requestId).toBe(id);
    expect(entry?.body.result.hash).toBe(pythonChain('own-1', 1));
    const [status] = await waitFor(
      () => statuses(app, [id]),
      ([s]) => s?.callback?.status === 'delivered',
      5000,
    );
    expect(status?.callback).toMatchObject({ attempts: 1, lastStatusCode: 202 });

    const hook = await receiver([{ status: 200 }]);
    for (const refused of [
      hook.url,
      `http://127.0.0.1:${port}/api/health`,
      `http://127.0.0.1:${port}/api/webhooks/inbox/`,
      `http://10.0.0.1:${port}/api/webhooks/inbox/x`,
    ]) {
      const res = await postJson<{ error: string }>(`${app.base}/api/async`, {
        seeds: ['x'],
        callbackUrl: refused,
      });
      expect(res.status, refused).toBe(400);
      expect(res.json.error).toMatch(/CALLBACK_ALLOW_PRIVATE/);
    }
  });

  it('does not apply in Redis mode (a delivery may run on another machine)', async () => {
    const app = await startApp('redis', strict);
    const port = new URL(app.base).port;
    const res = await postJson<{ error: string }>(`${app.base}/api/async`, {
      seeds: ['x'],
      callbackUrl: `http://127.0.0.1:${port}/api/webhooks/inbox/e2e-own`,
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/CALLBACK_ALLOW_PRIVATE/);
  });
});

interface InboxListing {
  readonly count: number;
  readonly entries: {
    signature: { verified: boolean | null };
    body: { requestId: string; result: JobStatus };
  }[];
}

describe('Redis mode: deliveries survive a restart', () => {
  it('a delivery waiting for its retry is completed by the next process', async () => {
    // Retry-After: 2 keeps the delivery waiting in Redis long enough to stop the first process meanwhile.
    const hook = await receiver([{ status: 503, headers: { 'retry-after': '2' } }, { status: 200 }]);
    const prefix = `e2e-restart${++prefixes}`;
    const first = await startApp('redis', {}, prefix);
    const { acks } = await enqueue(first, ['restart-1'], hook.url);
    const id = acks[0]?.requestId ?? '';
    await waitFor(
      () => statuses(first, [id]),
      ([s]) => s?.callback?.status === 'retrying',
      10_000,
    );
    await first.close();
    expect(hook.received).toHaveLength(1);

    const second = await startApp('redis', {}, prefix);
    const [status] = await waitFor(
      () => statuses(second, [id]),
      ([s]) => s?.callback?.status === 'delivered',
      10_000,
    );
    expect(status?.callback).toMatchObject({ attempts: 2, lastStatusCode: 200 });
    expect(hook.received).toHaveLength(2);
    // Retry-After was honoured: the second attempt came at least 2 s after the first.
    const [a, b] = hook.received;
    expect((b?.atMs ?? 0) - (a?.atMs ?? 0)).toBeGreaterThanOrEqual(1900);
    expect(b?.headers['webhook-id']).toBe(a?.headers['webhook-id']);
    expect(b?.body).toBe(a?.body);
  });
});
