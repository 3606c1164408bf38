import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress } from '../src/webhooks/address-policy.js';
import { validateCallbackUrl } from '../src/webhooks/callback-url.js';
import { deliverOnce } from '../src/webhooks/deliver.js';
import type { Resolver } from '../src/webhooks/guarded-lookup.js';
import { decide } from '../src/webhooks/retry-policy.js';
import { listenLocal } from './support/listen.js';

// SSRF matrix against REAL receivers: with the default policy no internal destination may even be
// connected to. Each receiver counts the TCP connections it accepts; client sockets created by this
// process are counted through node's `net.client.socket` diagnostics channel.

interface Receiver {
  readonly port: number;
  readonly host: string;
  connections: number;
  requests: number;
  close(): Promise<void>;
}

async function startReceiver(
  host: string,
  respond: (res: http.ServerResponse) => void = (res) => res.end('ok'),
): Promise<Receiver> {
  const server = http.createServer((req, res) => {
    receiver.requests += 1;
    req.resume();
    req.on('end', () => respond(res));
  });
  server.on('connection', () => {
    receiver.connections += 1;
  });
  const { port, close } = await listenLocal(server, host);
  const receiver: Receiver = { port, host, connections: 0, requests: 0, close };
  return receiver;
}

let clientSockets = 0;
const countSocket = () => {
  clientSockets += 1;
};

/** A resolver that only knows the names a test gives it; anything else fails like NXDOMAIN. */
function fakeDns(table: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({
      address,
      family: address.includes(':') ? (6 as const) : (4 as const),
    }));
  };
}

const target = (url: string, allowPrivate = false) => ({
  url,
  body: '{"requestId":"r-1","result":{}}',
  webhookId: 'msg_r-1',
  secret: null,
  timeoutMs: 2000,
  allowPrivate,
});

let v4: Receiver;
let v6: Receiver | null;

beforeAll(async () => {
  diagnostics.subscribe('net.client.socket', countSocket);
  v4 = await startReceiver('127.0.0.1');
  // ::1 exists on the CI machines; if a host lacks it the [::1] case still asserts the refusal itself.
  v6 = await startReceiver('::1').catch(() => null);
});

afterAll(async () => {
  diagnostics.unsubscribe('net.client.socket', countSocket);
  await v4.close();
  await v6?.close();
});

describe('SSRF matrix with the default policy (CALLBACK_ALLOW_PRIVATE unset)', () => {
  const literalCases: Array<[string, () => string]> = [
    ['127.0.0.1', () => `http://127.0.0.1:${v4.port}/hook`],
    ['[::1]', () => `http://[::1]:${v6?.port ?? v4.port}/hook`],
    ['0.0.0.0', () => `http://0.0.0.0:${v4.port}/hook`],
    ['[::ffff:127.0.0.1]', () => `http://[::ffff:127.0.0.1]:${v4.port}/hook`],
    ['[::ffff:7f00:1] (hex form)', () => `http://[::ffff:7f00:1]:${v4.port}/hook`],
    ['2130706433 (decimal 127.0.0.1)', () => `http://2130706433:${v4.port}/hook`],
    ['0x7f.1 (hex/short 127.0.0.1)', () => `http://0x7f.1:${v4.port}/hook`],
    ['[64:ff9b::7f00:1] (NAT64 of loopback)', () => `http://[64:ff9b::7f00:1]:${v4.port}/hook`],
    ['10.0.0.1', () => 'http://10.0.0.1/hook'],
    ['172.16.0.1', () => 'http://172.16.0.1/hook'],
    ['192.168.1.1', () => 'http://192.168.1.1/hook'],
    ['169.254.169.254 (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data/'],
    ['100.64.0.1 (CGNAT)', () => 'http://100.64.0.1/hook'],
    ['[fd00::1] (unique local)', () => 'http://[fd00::1]/hook'],
    ['[fe80::1] (link local)', () => 'http://[fe80::1]/hook'],
  ];

  it.each(literalCases)(
    'refuses literal %s at validation and at connect time, without a socket',
    async (_n, url) => {
      const before = { sockets: clientSockets, v4: v4.connections, v6: v6?.connections ?? 0 };
      const validation = validateCallbackUrl(url(), { maxLength: 2048, allowPrivate: false });
      expect(validation.ok).toBe(false);
      if (!validation.ok) expect(validation.error).toContain('CALLBACK_ALLOW_PRIVATE');

      const outcome = await deliverOnce(target(url()));
      expect(outcome).toMatchObject({ kind: 'error', code: 'blocked' });
      expect(decide(outcome, 1, { maxRetries: 5 }).action).toBe('fail');
      expect(clientSockets).toBe(before.sockets);
      expect(v4.connections).toBe(before.v4);
      expect(v6?.connections ?? 0).toBe(before.v6);
    },
  );

  it('refuses localhost by name at validation, and at connect time through the real resolver', async () => {
    const before = v4.connections + (v6?.connections ?? 0);
    for (const host of ['localhost', 'api.localhost', 'LOCALHOST.']) {
      expect(
        validateCallbackUrl(`http://${host}:${v4.port}/`, { maxLength: 2048, allowPrivate: false }).ok,
      ).toBe(false);
    }
    const outcome = await deliverOnce(target(`http://localhost:${v4.port}/hook`));
    expect(outcome).toMatchObject({ kind: 'error', code: 'blocked' });
    expect(v4.connections + (v6?.connections ?? 0)).toBe(before);
  });

  it('refuses a hostname that passed validation but resolves to 127.0.0.1 at connect time', async () => {
    const url = `http://evil.test:${v4.port}/hook`;
    expect(validateCallbackUrl(url, { maxLength: 2048, allowPrivate: false }).ok).toBe(true);
    const before = v4.connections;
    const outcome = await deliverOnce(target(url), { resolve: fakeDns({ 'evil.test': ['127.0.0.1'] }) });
    expect(outcome.kind).toBe('error');
    if (outcome.kind === 'error') {
      expect(outcome.code).toBe('blocked');
      expect(outcome.message).toContain('evil.test resolves to 127.0.0.1');
    }
    expect(v4.connections).toBe(before);
  });

  it('guards https deliveries the same way', async () => {
    const before = v4.connections;
    const resolve = fakeDns({ 'evil.test': ['127.0.0.1'] });
    expect(await deliverOnce(target(`https://evil.test:${v4.port}/`), { resolve })).toMatchObject({
      code: 'blocked',
    });
    expect(await deliverOnce(target(`https://127.0.0.1:${v4.port}/`))).toMatchObject({ code: 'blocked' });
    expect(v4.connections).toBe(before);
  });

  it('refuses when ANY resolved address is internal, even if a public one comes first', async () => {
    const before = v4.connections;
    const resolve = fakeDns({ 'mixed.test': ['93.184.215.14', '127.0.0.1'] });
    const outcome = await deliverOnce(target(`http://mixed.test:${v4.port}/`), { resolve });
    expect(outcome).toMatchObject({ kind: 'error', code: 'blocked' });
    expect(v4.connections).toBe(before);
  });

  it('does not follow a redirect from an allowed receiver to an internal one', async () => {
    const inner = await startReceiver('127.0.0.2');
    const outer = await startReceiver('127.0.0.1', (res) => {
      res.writeHead(302, { location: `http://127.0.0.2:${inner.port}/` }).end();
    });
    try {
      // Test-only policy: exactly 127.0.0.1 counts as "public" here, so the first hop is allowed and
      // the redirect target (127.0.0.2, loopback) is not.
      const classify = (address: string) =>
        address === '127.0.0.1' ? { public: true as const, address } : classifyAddress(address);
      const resolve = fakeDns({ 'public.test': ['127.0.0.1'] });
      const outcome = await deliverOnce(target(`http://public.test:${outer.port}/hook`), {
        resolve,
        classify,
      });
      expect(outcome).toMatchObject({
        kind: 'response',
        statusCode: 302,
        location: `http://127.0.0.2:${inner.port}/`,
      });
      expect(outer.requests).toBe(1);
      expect(inner.connections).toBe(0);
      const decision = decide(outcome, 1, { maxRetries: 5 });
      expect(decision.action).toBe('fail');
      if (decision.action === 'fail') expect(decision.reason).toContain('not followed');

      // Even with every address allowed, the client answers the 3xx itself and never opens the second hop.
      const open = await deliverOnce(target(`http://127.0.0.1:${outer.port}/hook`, true));
      expect(open).toMatchObject({ kind: 'response', statusCode: 302 });
      expect(outer.requests).toBe(2);
      expect(inner.connections).toBe(0);
    } finally {
      await inner.close();
      await outer.close();
    }
  });

  it.each(['ftp://example.com/hook', 'file:///etc/passwd', 'gopher://127.0.0.1:70/'])(
    'refuses the non-http scheme %s',
    async (url) => {
      const before = clientSockets;
      const validation = validateCallbackUrl(url, { maxLength: 2048, allowPrivate: false });
      expect(validation).toMatchObject({ ok: false });
      if (!validation.ok) expect(validation.error).toMatch(/http or https/);
      expect(await deliverOnce(target(url, true))).toMatchObject({ kind: 'error', code: 'blocked' });
      expect(clientSockets).toBe(before);
    },
  );

  it('refuses credentials in the URL and over-long URLs at validation', () => {
    const creds = validateCallbackUrl('https://user:pass@example.com/hook', {
      maxLength: 2048,
      allowPrivate: true,
    });
    expect(creds).toMatchObject({ ok: false });
    const long = `https://example.com/${'a'.repeat(100)}`;
    const tooLong = validateCallbackUrl(long, { maxLength: 64, allowPrivate: false });
    expect(tooLong).toMatchObject({ ok: false });
    if (!tooLong.ok) expect(tooLong.error).toContain('CALLBACK_URL_MAX_LENGTH');
  });
});

describe('CALLBACK_ALLOW_PRIVATE lifts the address rule (and only it)', () => {
  it('connects to loopback receivers when allowed, so the counters above can see a connection', async () => {
    const before = v4.connections;
    const url = `http://127.0.0.1:${v4.port}/hook`;
    expect(validateCallbackUrl(url, { maxLength: 2048, allowPrivate: true }).ok).toBe(true);
    expect(await deliverOnce(target(url, true))).toMatchObject({ kind: 'response', statusCode: 200 });
    expect(v4.connections).toBe(before + 1);

    const resolved = await deliverOnce(target(`http://evil.test:${v4.port}/`, true), {
      resolve: fakeDns({ 'evil.test': ['127.0.0.1'] }),
    });
    expect(resolved).toMatchObject({ kind: 'response', statusCode: 200 });
    expect(v4.connections).toBe(before + 2);

    if (v6) {
      const v6Before = v6.connections;
      expect(await deliverOnce(target(`http://[::1]:${v6.port}/`, true))).toMatchObject({ statusCode: 200 });
      expect(v6.connections).toBe(v6Before + 1);
    }
  });

  it('still refuses non-http schemes and credentials when private addresses are allowed', () => {
    expect(validateCallbackUrl('file:///etc/passwd', { maxLength: 2048, allowPrivate: true }).ok).toBe(false);
    expect(validateCallbackUrl('http://a:b@127.0.0.1/', { maxLength: 2048, allowPrivate: true }).ok).toBe(
      false,
    );
  });
});
