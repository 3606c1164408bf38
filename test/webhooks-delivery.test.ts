import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, deliverOnce, USER_AGENT } from '../src/webhooks/deliver.js';
import { decide } from '../src/webhooks/retry-policy.js';
import { webhookIdFor } from '../src/webhooks/signing.js';
import { type AttemptReport, deliverWithRetries } from './support/delivery-loop.js';
import { listenLocal } from './support/listen.js';

// Deliveries to REAL receivers on 127.0.0.1 (hence allowPrivate: true) driven through the retry policy
// with a small base delay. Signatures are checked with an independent HMAC, not the signing library.

type Reply =
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'hang'
  | 'headers-then-hang';

interface Received {
  readonly atMs: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** A receiver that answers its n-th request with replies[n] (the last reply repeats). */
async function receiver(replies: Reply[]): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ atMs: Date.now(), headers: req.headers, body: Buffer.concat(chunks) });
      const reply = replies[Math.min(received.length - 1, replies.length - 1)] ?? { status: 200 };
      if (reply === 'hang') return;
      if (reply === 'headers-then-hang') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        return;
      }
      res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
    });
  });
  const { port, close } = await listenLocal(server);
  const r: Receiver = { url: `http://127.0.0.1:${port}/hook?name=test`, received, close };
  open.push(r);
  return r;
}

const secretKey = randomBytes(24);
const secret = `whsec_${secretKey.toString('base64')}`;

/** The Standard Webhooks signature recomputed here from the spec, with node:crypto only. */
function independentSignature(id: string, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', secretKey).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

function target(url: string, requestId = 'req-1', timeoutMs = 2000) {
  return {
    url,
    body: buildPayload(requestId, { requestId, status: 'done', hash: 'ab'.repeat(32), attempts: 1 }),
    webhookId: webhookIdFor(requestId),
    secret,
    timeoutMs,
    allowPrivate: true,
  };
}

describe('webhook delivery with retries', () => {
  it('503, 503, 200 → delivered at attempt 3, same id and bytes every time, each attempt signed', async () => {
    const r = await receiver([{ status: 503 }, { status: 503, body: 'busy' }, { status: 200 }]);
    const reports: AttemptReport[] = [];
    const t = target(r.url, 'req-503');
    const state = await deliverWithRetries(
      t,
      { maxRetries: 5, baseDelayMs: 50 },
      { onAttempt: (report) => void reports.push(report) },
    );
    expect(state).toEqual({
      url: r.url,
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(reports.map((x) => [x.state.status, x.state.attempts, x.state.lastStatusCode])).toEqual([
      ['retrying', 1, 503],
      ['retrying', 2, 503],
      ['delivered', 3, 200],
    ]);
    expect(reports[1]?.state.lastError).toBe('HTTP 503: busy');
    expect(r.received).toHaveLength(3);
    for (const got of r.received) {
      expect(got.headers['webhook-id']).toBe('msg_req-503');
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['user-agent']).toBe(USER_AGENT);
      expect(got.headers['user-agent']).toMatch(/^consuma-webhooks\/\d+\.\d+\.\d+/);
      expect(got.body.toString('utf8')).toBe(t.body);
      const timestamp = String(got.headers['webhook-timestamp']);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
      expect(got.headers['webhook-signature']).toBe(independentSignature('msg_req-503', timestamp, got.body));
    }
    expect(JSON.parse(t.body)).toEqual({
      requestId: 'req-503',
      result: { requestId: 'req-503', status: 'done', hash: 'ab'.repeat(32), attempts: 1 },
    });
    // Backoff really waited between attempts: ≥ 25 ms (half of 50) then ≥ 50 ms (half of 100).
    const gaps = r.received.slice(1).map((x, i) => x.atMs - (r.received[i]?.atMs ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(20);
    expect(gaps[1]).toBeGreaterThanOrEqual(45);
  });

  it('400 is final after one attempt', async () => {
    const r = await receiver([{ status: 400, body: '{"error":"bad"}' }, { status: 200 }]);
    const state = await deliverWithRetries(target(r.url), { maxRetries: 5, baseDelayMs: 50 });
    expect(state.status).toBe('failed');
    expect(state.attempts).toBe(1);
    expect(state.lastStatusCode).toBe(400);
    expect(state.lastError).toContain('HTTP 400');
    expect(state.lastError).toContain('final');
    expect(r.received).toHaveLength(1);
  });

  it('a receiver that never answers times out; failed after 1 + maxRetries attempts', async () => {
    const r = await receiver(['hang']);
    const started = Date.now();
    const state = await deliverWithRetries(target(r.url, 'req-hang', 300), {
      maxRetries: 2,
      baseDelayMs: 50,
    });
    expect(state.status).toBe('failed');
    expect(state.attempts).toBe(3);
    expect(state.lastStatusCode).toBeNull();
    expect(state.lastError).toMatch(/^timeout: no response within 300 ms/);
    expect(state.lastError).toContain('gave up after 3 attempts');
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.headers['webhook-id']))).toEqual(new Set(['msg_req-hang']));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a connection refused is a retryable connect error', async () => {
    const r = await receiver([{ status: 200 }]);
    await r.close();
    const outcome = await deliverOnce(target(r.url));
    expect(outcome).toMatchObject({ kind: 'error', code: 'connect' });
    expect(decide(outcome, 1, { maxRetries: 1, baseDelayMs: 50 }).action).toBe('retry');
    expect(decide(outcome, 2, { maxRetries: 1, baseDelayMs: 50 }).action).toBe('fail');
  });

  it('https to a plain-http receiver is a retryable TLS error', async () => {
    const r = await receiver([{ status: 200 }]);
    const outcome = await deliverOnce(target(r.url.replace('http:', 'https:')));
    expect(outcome).toMatchObject({ kind: 'error', code: 'tls' });
    expect(decide(outcome, 1, { maxRetries: 1, baseDelayMs: 50 }).action).toBe('retry');
  });

  it('429 with Retry-After: 1 makes the next delay at least 1 s, and the loop honours it', async () => {
    const r = await receiver([{ status: 429, headers: { 'retry-after': '1' } }, { status: 204 }]);
    const first = await deliverOnce(target(r.url));
    expect(first).toMatchObject({ kind: 'response', statusCode: 429, retryAfterMs: 1000 });
    const decision = decide(first, 1, { maxRetries: 3, baseDelayMs: 50 });
    expect(decision.action).toBe('retry');
    if (decision.action === 'retry') expect(decision.delayMs).toBeGreaterThanOrEqual(1000);

    const r2 = await receiver([{ status: 429, headers: { 'retry-after': '1' } }, { status: 204 }]);
    const state = await deliverWithRetries(target(r2.url), { maxRetries: 3, baseDelayMs: 50 });
    expect(state).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204 });
    const [a, b] = r2.received;
    expect((b?.atMs ?? 0) - (a?.atMs ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('keeps at most 4 KiB of a large error body', async () => {
    const r = await receiver([{ status: 500, body: 'x'.repeat(200_000) }]);
    const outcome = await deliverOnce(target(r.url));
    expect(outcome.kind).toBe('response');
    if (outcome.kind === 'response') {
      expect(outcome.statusCode).toBe(500);
      expect(outcome.bodySnippet.length).toBe(4096);
    }
  });

  it('a status line that arrives in time counts even if the body then stalls', async () => {
    const r = await receiver(['headers-then-hang']);
    const outcome = await deliverOnce(target(r.url, 'req-slow', 300));
    expect(outcome).toMatchObject({ kind: 'response', statusCode: 200, bodySnippet: 'partial' });
    expect(decide(outcome, 1, { maxRetries: 0 }).action).toBe('delivered');
  });

  it('an abort signal ends a pending attempt promptly', async () => {
    const r = await receiver(['hang']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const outcome = await deliverOnce(target(r.url, 'req-abort', 5000), { signal: controller.signal });
    expect(outcome).toMatchObject({ kind: 'error', code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('sends id and timestamp but no signature when no secret is configured', async () => {
    const r = await receiver([{ status: 200 }]);
    await deliverOnce({ ...target(r.url), secret: null });
    const got = r.received[0];
    expect(got?.headers['webhook-id']).toBe('msg_req-1');
    expect(got?.headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(got?.headers['webhook-signature']).toBeUndefined();
  });
});
