import type { DashboardConfig } from '../../../src/api/routes/dashboard.js';
import type { JobEvent } from '../../../src/queue/contract.js';
import type { AsyncRequest, AsyncResponse } from '../../../src/schemas/async.js';
import type { Health } from '../../../src/schemas/health.js';
import type { Stats } from '../../../src/schemas/stats.js';
import type { BatchResponse, StatusResponse } from '../../../src/schemas/status.js';
import type { SyncRequest, SyncResponse } from '../../../src/schemas/sync.js';
import type { InboxEntry } from '../../../src/webhooks/inbox.js';
import { ApiFailure, failureFromNetwork, failureFromResponse } from './errors.js';
import { SseParser } from './sse-parser.js';

/**
 * The dashboard's typed view of the HTTP API (SPEC §2). Every payload type comes from the server's own
 * schemas; every failure is an `ApiFailure` (errors.ts). The API key, when set, travels as X-API-Key.
 */

export type { DashboardConfig, Health, InboxEntry, JobEvent, Stats };

export interface InboxListing {
  readonly name: string;
  readonly count: number;
  readonly entries: InboxEntry[];
}

export interface Timed<T> {
  readonly data: T;
  /** Client-side round trip in milliseconds. */
  readonly ms: number;
}

export interface EventHandlers {
  onOpen?: () => void;
  onEvent: (event: JobEvent) => void;
}

export interface ClientOptions {
  readonly baseUrl?: string;
  readonly getApiKey?: () => string | null;
  readonly fetchImpl?: typeof fetch;
}

const JOB_EVENT_NAMES = new Set(['queued', 'running', 'retrying', 'done', 'failed', 'callback']);

export function createClient(options: ClientOptions = {}) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetchImpl ?? ((input, init) => fetch(input, init));

  function headers(json: boolean): Record<string, string> {
    const out: Record<string, string> = { accept: 'application/json' };
    if (json) out['content-type'] = 'application/json';
    const key = options.getApiKey?.();
    if (key) out['x-api-key'] = key;
    return out;
  }

  async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method,
        headers: headers(body !== undefined),
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
        cache: 'no-store',
      });
    } catch (error) {
      throw failureFromNetwork(error);
    }
    if (!response.ok) {
      const parsed: unknown = await response.json().catch(() => null);
      throw failureFromResponse(response.status, parsed, response.headers.get('retry-after'));
    }
    return response;
  }

  async function json<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Timed<T>> {
    const t0 = performance.now();
    const response = await send(method, path, body, signal);
    let data: T;
    try {
      data = (await response.json()) as T;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiFailure('server', 'The server sent a response that is not JSON.', response.status);
    }
    return { data, ms: performance.now() - t0 };
  }

  return {
    dashboardConfig: (signal?: AbortSignal) =>
      json<DashboardConfig>('GET', '/dashboard-config.json', undefined, signal),
    health: (signal?: AbortSignal) => json<Health>('GET', '/api/health', undefined, signal),
    sync: (body: SyncRequest, signal?: AbortSignal) => json<SyncResponse>('POST', '/api/sync', body, signal),
    submitAsync: (body: AsyncRequest, signal?: AbortSignal) =>
      json<AsyncResponse>('POST', '/api/async', body, signal),
    status: (requestIds: string[], signal?: AbortSignal) =>
      json<StatusResponse>('POST', '/api/async/status', { requestIds }, signal),
    batch: (batchId: string, signal?: AbortSignal) =>
      json<BatchResponse>('GET', `/api/async/batches/${encodeURIComponent(batchId)}`, undefined, signal),
    stats: (signal?: AbortSignal) => json<Stats>('GET', '/api/stats', undefined, signal),
    inbox: (name: string, signal?: AbortSignal) =>
      json<InboxListing>('GET', `/api/webhooks/inbox/${encodeURIComponent(name)}`, undefined, signal),

    /**
     * Reads GET /api/events with fetch so the API key header can be sent. Resolves when the server ends the
     * stream, rejects with an ApiFailure (or AbortError) otherwise; the caller decides whether to fall back.
     */
    async events(batchId: string | null, handlers: EventHandlers, signal: AbortSignal): Promise<void> {
      const query = batchId === null ? '' : `?batchId=${encodeURIComponent(batchId)}`;
      const response = await send('GET', `/api/events${query}`, undefined, signal);
      if (!response.body) throw new ApiFailure('server', 'The event stream has no body.');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser((message) => {
        if (message.event === 'hello') {
          handlers.onOpen?.();
          return;
        }
        if (!JOB_EVENT_NAMES.has(message.event)) return;
        try {
          handlers.onEvent(JSON.parse(message.data) as JobEvent);
        } catch {
          // One malformed event must not end the stream; the status poll will catch up with that job.
        }
      });
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.push(value);
        }
      } catch (error) {
        throw failureFromNetwork(error);
      } finally {
        reader.releaseLock();
      }
    },
  };
}

export type ApiClient = ReturnType<typeof createClient>;
