import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { AddressClassifier } from './address-policy.js';
import { checkAddress, guardedLookup, type Resolver } from './guarded-lookup.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * One HTTP POST to an untrusted URL, reported as a typed outcome and never thrown. The destination is
 * checked at connect time (guarded DNS lookup, plus a direct check for literal IPs, which node never
 * looks up), redirects are not followed (a 3xx is returned as the final answer), one deadline covers
 * DNS + connect + request + response, and at most `maxSnippetBytes` of the response body are kept.
 */

export type HttpErrorCode =
  | 'timeout'
  | 'connect'
  | 'dns'
  | 'tls'
  | 'protocol'
  | 'blocked'
  | 'invalid_url'
  | 'aborted';

export type HttpOutcome =
  | {
      readonly kind: 'response';
      readonly statusCode: number;
      /** From a `Retry-After` header (seconds or HTTP-date), in ms from when the response arrived. */
      readonly retryAfterMs?: number;
      /** The `Location` of a 3xx, reported (never followed). */
      readonly location?: string;
      readonly bodySnippet: string;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'error';
      readonly code: HttpErrorCode;
      readonly message: string;
      readonly durationMs: number;
    };

export interface SafePostOptions {
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxSnippetBytes?: number;
  readonly signal?: AbortSignal;
  /** Tests only: name resolution without real DNS. */
  readonly resolve?: Resolver;
  /** Tests only: another address policy. */
  readonly classify?: AddressClassifier;
}

export const DEFAULT_SNIPPET_BYTES = 4096;

function errorCode(err: NodeJS.ErrnoException): HttpErrorCode {
  const code = err.code ?? '';
  if (code === 'ECALLBACKBLOCKED') return 'blocked';
  if (code === 'ABORT_ERR' || err.name === 'AbortError') return 'aborted';
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA'].includes(code)) return 'dns';
  if (code.startsWith('HPE_')) return 'protocol';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME/.test(code)) return 'tls';
  // OpenSSL failures (e.g. https to a plain-http port) surface as EPROTO with the SSL routine in the message.
  if (code === 'EPROTO' || /SSL routines/.test(err.message)) return 'tls';
  return 'connect';
}

export function safePost(target: URL | string, body: string, opts: SafePostOptions): Promise<HttpOutcome> {
  const startedAt = performance.now();
  const elapsed = () => Math.round((performance.now() - startedAt) * 10) / 10;
  const fail = (code: HttpErrorCode, message: string): HttpOutcome => ({
    kind: 'error',
    code,
    message,
    durationMs: elapsed(),
  });

  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return Promise.resolve(fail('invalid_url', 'not a valid absolute URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(fail('blocked', `scheme ${url.protocol} is not allowed (http or https only)`));
  }
  if (url.username !== '' || url.password !== '') {
    return Promise.resolve(fail('blocked', 'URLs with credentials are not allowed'));
  }
  // Brackets off for IPv6 literals; a trailing root dot is kept, it is part of what the client asked for.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // node:net connects to an IP literal without calling `lookup`, so such hosts must be judged here.
  if (isIP(host)) {
    const blocked = checkAddress(host, host, opts);
    if (blocked) return Promise.resolve(fail('blocked', blocked.message));
  }
  if (opts.signal?.aborted) return Promise.resolve(fail('aborted', 'delivery aborted before it started'));

  const maxSnippet = opts.maxSnippetBytes ?? DEFAULT_SNIPPET_BYTES;
  const payload = Buffer.from(body, 'utf8');

  return new Promise<HttpOutcome>((resolve) => {
    let settled = false;
    let response: http.IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let kept = 0;

    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(outcome);
    };
    const fromResponse = (res: http.IncomingMessage): HttpOutcome => {
      const status = res.statusCode ?? 0;
      const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
      const location = status >= 300 && status < 400 ? res.headers.location : undefined;
      return {
        kind: 'response',
        statusCode: status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(location !== undefined ? { location } : {}),
        bodySnippet: Buffer.concat(chunks).subarray(0, maxSnippet).toString('utf8'),
        durationMs: elapsed(),
      };
    };
    // Once the status line has arrived the answer is known; a slow or broken body only shortens the snippet.
    const settleOrFail = (code: HttpErrorCode, message: string) =>
      finish(response ? fromResponse(response) : fail(code, message));

    const timer = setTimeout(
      () => settleOrFail('timeout', `no response within ${opts.timeoutMs} ms`),
      opts.timeoutMs,
    );
    const onAbort = () => settleOrFail('aborted', 'delivery aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const request = url.protocol === 'https:' ? https.request : http.request;
    const req = request({
      protocol: url.protocol,
      hostname: host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...opts.headers, 'content-length': String(payload.length) },
      // A fresh connection per delivery: every connection goes through the guarded lookup, and no pooled
      // socket outlives the decision that allowed it.
      agent: false,
      lookup: guardedLookup(opts),
    });
    req.on('error', (err: NodeJS.ErrnoException) => settleOrFail(errorCode(err), err.message));
    req.on('response', (res) => {
      response = res;
      res.on('data', (chunk: Buffer) => {
        if (kept < maxSnippet) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        if (kept >= maxSnippet) finish(fromResponse(res));
      });
      res.on('end', () => finish(fromResponse(res)));
      res.on('error', () => finish(fromResponse(res)));
      res.on('close', () => finish(fromResponse(res)));
    });
    req.end(payload);
  });
}
