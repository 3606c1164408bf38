import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeHttpClient } from '../src/load/http-client.js';
import { RawHttpClient } from '../src/load/raw-client.js';

/**
 * The raw load client against real sockets on 127.0.0.1: framing (Content-Length, chunked split at awkward
 * places, no-body statuses), keep-alive reuse, a server that closes kept-alive sockets, timeouts, and the
 * connection cap. Byte-level servers send exactly the responses under test.
 */

const servers: net.Server[] = [];
const clients: RawHttpClient[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: net.Server): Promise<URL> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as net.AddressInfo;
  return new URL(`http://127.0.0.1:${address.port}`);
}

function client(url: URL, options: Partial<{ maxSockets: number; timeoutMs: number }> = {}) {
  const c = new RawHttpClient(url, { maxSockets: 4, timeoutMs: 5000, apiKey: 'k1', ...options });
  clients.push(c);
  return c;
}

/** A server that answers each request (one per head) with the given raw pieces, written with pauses. */
function rawServer(pieces: (n: number) => string[], closeAfter = Number.POSITIVE_INFINITY): net.Server {
  let n = 0;
  return net.createServer((socket) => {
    let buffer = '';
    socket.on('data', async (data) => {
      buffer += data.toString('latin1');
      while (buffer.includes('\r\n\r\n')) {
        const end = buffer.indexOf('\r\n\r\n') + 4;
        const length = Number(/content-length: (\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + length) return;
        buffer = buffer.slice(end + length);
        n += 1;
        for (const piece of pieces(n)) {
          socket.write(piece, 'latin1');
          await new Promise((r) => setTimeout(r, 5));
        }
        if (n >= closeAfter) socket.destroy();
      }
    });
  });
}

describe('RawHttpClient', () => {
  it('reads Content-Length and chunked bodies, however the bytes are split', async () => {
    const url = await listen(
      rawServer((n) =>
        n % 2 === 1
          ? ['HTTP/1.1 200 OK\r\nContent-Len', 'gth: 11\r\n\r\nhello', ' world']
          : [
              'HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab',
              'cde\r\n3;x=1\r\nfgh\r',
              '\n0\r\n',
              '\r\n',
            ],
      ),
    );
    const c = client(url);
    const a = await c.get('/x', true);
    expect(a).toEqual({ status: 200, body: Buffer.from('hello world'), error: null });
    const b = await c.postJson('/y', { seeds: ['a'] }, true);
    expect(b.status).toBe(202);
    expect(b.body?.toString()).toBe('abcdefgh');
    const d = await c.get('/x', false);
    expect(d).toEqual({ status: 200, body: null, error: null });
  });

  it('sends method, path, JSON body and API key, and reuses one kept-alive connection', async () => {
    const seen: Array<{
      method?: string;
      url?: string;
      key?: string | string[];
      body: string;
      socket: unknown;
    }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          key: req.headers['x-api-key'],
          body,
          socket: req.socket,
        });
        res.writeHead(204).end();
      });
    });
    const url = await listen(server);
    const c = client(new URL('/prefix/', url), { maxSockets: 1 });
    for (let i = 0; i < 3; i++)
      expect((await c.postJson('/api/sync', { seeds: [`s${i}`] }, false)).status).toBe(204);
    expect(seen.map((s) => [s.method, s.url, s.key, s.body])).toEqual([
      ['POST', '/prefix/api/sync', 'k1', '{"seeds":["s0"]}'],
      ['POST', '/prefix/api/sync', 'k1', '{"seeds":["s1"]}'],
      ['POST', '/prefix/api/sync', 'k1', '{"seeds":["s2"]}'],
    ]);
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('never opens more than maxSockets connections; extra requests wait their turn', async () => {
    let open = 0;
    let most = 0;
    const server = http.createServer((_req, res) => setTimeout(() => res.end('ok'), 20));
    server.on('connection', (socket) => {
      open += 1;
      most = Math.max(most, open);
      socket.on('close', () => {
        open -= 1;
      });
    });
    const url = await listen(server);
    const c = client(url, { maxSockets: 3 });
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => c.get('/', false)));
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    expect(most).toBe(3);
  });

  it('retries once when the server closed a kept-alive socket; reports refused, reset and timeout', async () => {
    // Answers the first request on each connection and drops the connection on the second, unanswered —
    // the race a kept-alive socket loses when the server's idle timeout fires as a request goes out.
    const dropper = net.createServer((socket) => {
      let requests = 0;
      socket.on('data', () => {
        requests += 1;
        if (requests === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else socket.destroy();
      });
    });
    let connections = 0;
    dropper.on('connection', () => {
      connections += 1;
    });
    const url = await listen(dropper);
    const c = client(url, { maxSockets: 1 });
    expect((await c.get('/', false)).status).toBe(200);
    expect((await c.get('/', false)).status).toBe(200);
    expect(connections).toBe(2);

    const silent = await listen(net.createServer(() => {}));
    expect(await client(silent, { timeoutMs: 200 }).get('/', false)).toEqual({
      status: 0,
      body: null,
      error: 'timeout',
    });

    const rude = await listen(net.createServer((socket) => socket.once('data', () => socket.destroy())));
    expect((await client(rude).get('/', false)).error).toBe('ECONNRESET');

    const probe = net.createServer();
    const closed = await listen(probe);
    await new Promise((r) => probe.close(r));
    servers.splice(servers.indexOf(probe), 1);
    expect((await client(closed).get('/', false)).error).toBe('ECONNREFUSED');
  });

  it('a response without framing is an error, not a guess', async () => {
    const url = await listen(rawServer(() => ['HTTP/1.1 200 OK\r\n\r\nunframed']));
    expect((await client(url).get('/', true)).error).toBe('bad_response');
  });
});

describe('NodeHttpClient (the https path, exercised here over http)', () => {
  it('sends the same requests and resolves refused connections as errors', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['x-api-key']} ${body}`);
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    const url = await listen(server);
    const c = new NodeHttpClient(url, { maxSockets: 2, timeoutMs: 5000, apiKey: 'k2' });
    expect((await c.postJson('/api/async', { seeds: ['a'] }, true)).body?.toString()).toBe('{"ok":true}');
    expect(await c.get('/api/health', false)).toEqual({ status: 201, body: null, error: null });
    expect(seen).toEqual(['POST /api/async k2 {"seeds":["a"]}', 'GET /api/health k2 ']);
    c.close();

    const probe = net.createServer();
    const closed = await listen(probe);
    await new Promise((r) => probe.close(r));
    servers.splice(servers.indexOf(probe), 1);
    const refused = new NodeHttpClient(closed, { maxSockets: 1, timeoutMs: 1000, apiKey: null });
    expect(await refused.get('/', false)).toEqual({ status: 0, body: null, error: 'ECONNREFUSED' });
    refused.close();
  });
});
