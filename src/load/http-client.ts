import http from 'node:http';
import https from 'node:https';

/**
 * The load generator's HTTP clients. Both resolve — never reject — with the status or a short error name.
 * Plain http targets use the raw socket client (raw-client.ts); https targets use `https.request` over a
 * keep-alive agent, which handles TLS properly at some CPU cost per request.
 */

export interface HttpOutcome {
  /** HTTP status, or 0 when no response arrived (see `error`). */
  readonly status: number;
  /** The body when the caller asked for it and a response arrived. */
  readonly body: Buffer | null;
  /** A short error name (ECONNREFUSED, timeout, …) when no response arrived. */
  readonly error: string | null;
}

export interface HttpClientOptions {
  readonly maxSockets: number;
  readonly timeoutMs: number;
  readonly apiKey: string | null;
}

export interface LoadClient {
  pathFor(route: string): string;
  get(route: string, wantBody: boolean): Promise<HttpOutcome>;
  postJson(route: string, payload: unknown, wantBody: boolean): Promise<HttpOutcome>;
  close(): void;
}

export class NodeHttpClient implements LoadClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly baseHeaders: Record<string, string>;
  private readonly jsonHeaders: Record<string, string>;

  constructor(
    private readonly base: URL,
    private readonly options: HttpClientOptions,
  ) {
    const secure = base.protocol === 'https:';
    this.transport = secure ? https : http;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'fifo' as const };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.baseHeaders = options.apiKey ? { 'x-api-key': options.apiKey } : {};
    this.jsonHeaders = { ...this.baseHeaders, 'content-type': 'application/json' };
  }

  pathFor(route: string): string {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${prefix}${route}`;
  }

  get(route: string, wantBody: boolean): Promise<HttpOutcome> {
    return this.send('GET', route, null, wantBody);
  }

  postJson(route: string, payload: unknown, wantBody: boolean): Promise<HttpOutcome> {
    return this.send('POST', route, JSON.stringify(payload), wantBody);
  }

  private send(method: string, route: string, body: string | null, wantBody: boolean): Promise<HttpOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: HttpOutcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const headers = body === null ? this.baseHeaders : { ...this.jsonHeaders };
      if (body !== null) headers['content-length'] = String(Buffer.byteLength(body));
      const req = this.transport.request(
        {
          host: this.base.hostname,
          port: this.base.port || undefined,
          method,
          path: this.pathFor(route),
          headers,
          agent: this.agent,
          timeout: this.options.timeoutMs,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (!wantBody) {
            res.resume();
            res.once('end', () => finish({ status, body: null, error: null }));
          } else {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.once('end', () => finish({ status, body: Buffer.concat(chunks), error: null }));
          }
          res.once('error', (error: NodeJS.ErrnoException) => finish(failure(error)));
        },
      );
      req.once('timeout', () => {
        req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' }));
      });
      req.once('error', (error: NodeJS.ErrnoException) => finish(failure(error)));
      req.end(body ?? undefined);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function failure(error: NodeJS.ErrnoException): HttpOutcome {
  return { status: 0, body: null, error: error.code ?? error.name ?? 'error' };
}
