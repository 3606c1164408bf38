import net from 'node:net';
import type { HttpClientOptions, HttpOutcome, LoadClient } from './http-client.js';
import { ResponseParser } from './response-parser.js';

/**
 * The fast path for plain-http targets: HTTP/1.1 over kept-alive `net` sockets, one request in flight per
 * socket, request heads built as strings and responses read by a minimal parser. It spends a fraction of
 * the CPU `http.request` does per request, and on a shared machine every cycle the generator saves is
 * one the server under test gets — which is what lets it keep up with autocannon.
 */

interface Waiter {
  readonly head: string;
  readonly body: string | null;
  readonly wantBody: boolean;
  readonly resolve: (outcome: HttpOutcome) => void;
  retried: boolean;
}

class Connection {
  readonly socket: net.Socket;
  private readonly parser = new ResponseParser();
  private current: Waiter | null = null;
  private gotBytes = false;
  /** Whether this socket already carried a request (a stale kept-alive socket may be closed by the server). */
  reused = false;
  dead = false;

  constructor(
    host: string,
    port: number,
    timeoutMs: number,
    private readonly onIdle: (c: Connection) => void,
    private readonly onDead: (c: Connection, retry: Waiter | null) => void,
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.setTimeout(timeoutMs);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('timeout', () => this.fail('timeout'));
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(error.code ?? 'error'));
    this.socket.on('close', () => this.fail('ECONNRESET'));
  }

  send(waiter: Waiter): void {
    this.current = waiter;
    this.gotBytes = false;
    this.parser.reset(waiter.wantBody);
    this.socket.write(waiter.body === null ? waiter.head : waiter.head + waiter.body);
  }

  private onData(chunk: Buffer): void {
    const waiter = this.current;
    if (!waiter) return;
    this.gotBytes = true;
    const parsed = this.parser.push(chunk);
    if (parsed === 'more') return;
    if (parsed === 'invalid') {
      this.fail('bad_response');
      return;
    }
    this.current = null;
    this.reused = true;
    waiter.resolve({ status: parsed.status, body: parsed.body, error: null });
    if (parsed.close) {
      this.dead = true;
      this.socket.destroy();
      this.onDead(this, null);
    } else {
      this.onIdle(this);
    }
  }

  private fail(code: string): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
    const waiter = this.current;
    this.current = null;
    // A kept-alive socket the server closed before answering anything: send once more on a fresh one.
    if (waiter && this.reused && !this.gotBytes && !waiter.retried) {
      waiter.retried = true;
      this.onDead(this, waiter);
      return;
    }
    waiter?.resolve({ status: 0, body: null, error: code });
    this.onDead(this, null);
  }
}

export class RawHttpClient implements LoadClient {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly waiting: Waiter[] = [];
  private readonly host: string;
  private readonly port: number;
  private readonly prefix: string;
  private readonly extraHeaders: string;
  private closed = false;

  constructor(
    base: URL,
    private readonly options: HttpClientOptions,
  ) {
    this.host = base.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(base.port || 80);
    this.prefix = base.pathname.replace(/\/+$/, '');
    const hostHeader = base.host;
    this.extraHeaders = `Host: ${hostHeader}\r\nConnection: keep-alive\r\n${options.apiKey ? `X-API-Key: ${options.apiKey}\r\n` : ''}`;
  }

  pathFor(route: string): string {
    return `${this.prefix}${route}`;
  }

  get(route: string, wantBody: boolean): Promise<HttpOutcome> {
    return this.enqueue(`GET ${this.pathFor(route)} HTTP/1.1\r\n${this.extraHeaders}\r\n`, null, wantBody);
  }

  postJson(route: string, payload: unknown, wantBody: boolean): Promise<HttpOutcome> {
    const body = JSON.stringify(payload);
    const head = `POST ${this.pathFor(route)} HTTP/1.1\r\n${this.extraHeaders}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return this.enqueue(head, body, wantBody);
  }

  close(): void {
    this.closed = true;
    for (const connection of this.all) connection.socket.destroy();
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ status: 0, body: null, error: 'closed' });
  }

  private enqueue(head: string, body: string | null, wantBody: boolean): Promise<HttpOutcome> {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve({ status: 0, body: null, error: 'closed' });
        return;
      }
      this.dispatch({ head, body, wantBody, resolve, retried: false });
    });
  }

  private dispatch(waiter: Waiter): void {
    const connection = this.idle.pop();
    if (connection) {
      connection.send(waiter);
    } else if (this.all.size < this.options.maxSockets) {
      this.open().send(waiter);
    } else {
      this.waiting.push(waiter);
    }
  }

  private open(): Connection {
    const connection = new Connection(
      this.host,
      this.port,
      this.options.timeoutMs,
      (c) => {
        const next = this.waiting.shift();
        if (next) c.send(next);
        else this.idle.push(c);
      },
      (c, retry) => {
        this.all.delete(c);
        const at = this.idle.indexOf(c);
        if (at !== -1) this.idle.splice(at, 1);
        if (this.closed) {
          retry?.resolve({ status: 0, body: null, error: 'closed' });
          return;
        }
        if (retry) this.dispatch(retry);
        else {
          const next = this.waiting.shift();
          if (next) this.dispatch(next);
        }
      },
    );
    this.all.add(connection);
    return connection;
  }
}
