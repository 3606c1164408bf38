import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildPayload, deliverOnce } from '../src/webhooks/deliver.js';
import { InboxNameError, WebhookInbox } from '../src/webhooks/inbox.js';
import { signatureHeaders, verifySignature, webhookIdFor } from '../src/webhooks/signing.js';

// The built-in receiver's store and the verification side of Standard Webhooks. Signatures used as
// inputs are made with node:crypto here, independently of the library under test.

const key = randomBytes(32);
const secret = `whsec_${key.toString('base64')}`;

function sign(id: string, timestamp: number, body: string, withKey = key): Record<string, string> {
  const mac = createHmac('sha256', withKey).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${mac}`,
    'content-type': 'application/json',
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('verifySignature', () => {
  const body = '{"requestId":"r","result":{"status":"done"}}';

  it('accepts an independently computed signature and refuses tampering', () => {
    const headers = sign('msg_r', nowSeconds(), body);
    expect(verifySignature(secret, headers, body)).toEqual({ verified: true, reason: 'signature valid' });
    expect(verifySignature(secret, headers, body.replace('done', 'fail')).verified).toBe(false);
    expect(verifySignature(secret, { ...headers, 'webhook-id': 'msg_other' }, body).verified).toBe(false);
    expect(verifySignature(secret, sign('msg_r', nowSeconds(), body, randomBytes(32)), body).verified).toBe(
      false,
    );
  });

  it('refuses stale timestamps and missing headers; null without a secret', () => {
    const stale = verifySignature(secret, sign('msg_r', nowSeconds() - 3600, body), body);
    expect(stale.verified).toBe(false);
    expect(stale.reason).toMatch(/too old/i);
    expect(verifySignature(secret, { 'content-type': 'application/json' }, body).verified).toBe(false);
    expect(verifySignature(null, sign('msg_r', nowSeconds(), body), body).verified).toBeNull();
  });

  it('produces headers our independent HMAC agrees with', () => {
    const at = new Date();
    const headers = signatureHeaders(secret, webhookIdFor('abc'), body, at);
    expect(headers['webhook-id']).toBe('msg_abc');
    expect(headers['webhook-signature']).toBe(
      sign('msg_abc', Math.floor(at.getTime() / 1000), body)['webhook-signature'],
    );
  });
});

describe('WebhookInbox', () => {
  it('stores newest first, bounded per name, with parsed JSON and the signature result', () => {
    const inbox = new WebhookInbox({ secret, maxEntriesPerName: 3 });
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify({ n: i });
      inbox.add('demo', { ...sign(`msg_${i}`, nowSeconds(), body), authorization: 'Bearer x' }, body);
    }
    const entries = inbox.list('demo');
    expect(entries.map((e) => e.body)).toEqual([{ n: 4 }, { n: 3 }, { n: 2 }]);
    expect(entries[0]?.signature.verified).toBe(true);
    expect(Object.keys(entries[0]?.headers ?? {}).sort()).toEqual([
      'content-type',
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
    ]);
    expect(inbox.list('other')).toEqual([]);
  });

  it('keeps non-JSON as text and truncates large bodies', () => {
    const inbox = new WebhookInbox({ secret: null, maxBodyBytes: 16 });
    const text = inbox.add('t', { 'content-type': 'text/plain' }, 'hello');
    expect(text.body).toBe('hello');
    expect(text.signature.verified).toBeNull();
    const big = inbox.add('t', {}, `{"a":"${'x'.repeat(100)}"}`);
    expect(big.truncated).toBe(true);
    expect(big.bodyBytes).toBe(108);
    expect(String(big.body)).toHaveLength(16);
  });

  it('evicts the least recently used name beyond maxNames', () => {
    const inbox = new WebhookInbox({ secret: null, maxNames: 2 });
    inbox.add('a', {}, '1');
    inbox.add('b', {}, '2');
    inbox.list('a'); // a is now more recent than b
    inbox.add('c', {}, '3');
    expect(inbox.size).toBe(2);
    expect(inbox.list('b')).toEqual([]);
    expect(inbox.list('a')).toHaveLength(1);
    expect(inbox.list('c')).toHaveLength(1);
  });

  it('rejects invalid names', () => {
    const inbox = new WebhookInbox({ secret: null });
    for (const bad of ['', 'a/b', '../x', 'x'.repeat(65), 'sp ace']) {
      expect(() => inbox.add(bad, {}, '{}')).toThrow(InboxNameError);
      expect(() => inbox.list(bad)).toThrow(InboxNameError);
    }
    expect(() => inbox.add(`${'x'.repeat(64)}`, {}, '{}')).not.toThrow();
  });

  it('verifies a real signed delivery received over HTTP', async () => {
    const inbox = new WebhookInbox({ secret });
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        inbox.add('live', req.headers, Buffer.concat(chunks));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (server.address() as AddressInfo).port;
      const body = buildPayload('req-live', { status: 'done', seed: 'é✓' });
      const outcome = await deliverOnce({
        url: `http://127.0.0.1:${port}/api/webhooks/inbox/live`,
        body,
        webhookId: webhookIdFor('req-live'),
        secret,
        timeoutMs: 2000,
        allowPrivate: true,
      });
      expect(outcome).toMatchObject({ kind: 'response', statusCode: 204 });
      const [entry] = inbox.list('live');
      expect(entry?.signature).toEqual({ verified: true, reason: 'signature valid' });
      expect(entry?.body).toEqual({ requestId: 'req-live', result: { status: 'done', seed: 'é✓' } });
      expect(entry?.headers['webhook-id']).toBe('msg_req-live');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
