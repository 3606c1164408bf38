/**
 * Turns every way an API call can fail into one `ApiFailure` with a kind the UI acts on (offline banner,
 * API-key prompt, Retry-After countdown, the server's own message) and a sentence a person understands.
 */

export type FailureKind =
  | 'offline'
  | 'invalid'
  | 'unauthorized'
  | 'rate_limited'
  | 'unavailable'
  | 'too_large'
  | 'not_found'
  | 'server';

export class ApiFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    /** Seconds to wait before retrying, from Retry-After; null when the server gave none. */
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

function kindOf(status: number): FailureKind {
  if (status === 400 || status === 415 || status === 422) return 'invalid';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404 || status === 405) return 'not_found';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status === 503 || status === 502 || status === 504) return 'unavailable';
  return 'server';
}

function fallbackMessage(kind: FailureKind, status: number): string {
  switch (kind) {
    case 'unauthorized':
      return 'This server requires an API key.';
    case 'rate_limited':
      return 'Too many requests for now.';
    case 'unavailable':
      return 'The service is temporarily unavailable.';
    case 'too_large':
      return 'The request is too large.';
    case 'not_found':
      return 'Not found on this server.';
    default:
      return `The server answered HTTP ${status}.`;
  }
}

/** Builds the failure for a non-2xx answer; `body` is the parsed JSON body, or null when it was not JSON. */
export function failureFromResponse(
  status: number,
  body: unknown,
  retryAfterHeader: string | null,
  nowMs: number = Date.now(),
): ApiFailure {
  const kind = kindOf(status);
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const serverMessage = typeof record.error === 'string' && record.error !== '' ? record.error : null;
  const code = typeof record.code === 'string' ? record.code : null;
  const retryAfter = parseRetryAfter(retryAfterHeader, nowMs);
  return new ApiFailure(kind, serverMessage ?? fallbackMessage(kind, status), status, code, retryAfter);
}

/** fetch() rejects with a TypeError when the server cannot be reached at all. Aborts stay aborts. */
export function failureFromNetwork(error: unknown): ApiFailure | DOMException {
  if (error instanceof DOMException && error.name === 'AbortError') return error;
  if (error instanceof ApiFailure) return error;
  return new ApiFailure('offline', 'The backend cannot be reached. Is `consuma serve` running?');
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** A short title for banners; the message carries the detail. */
export function failureTitle(failure: ApiFailure): string {
  switch (failure.kind) {
    case 'offline':
      return 'Backend offline';
    case 'invalid':
      return 'The server refused the input';
    case 'unauthorized':
      return 'API key required';
    case 'rate_limited':
      return 'Rate limited';
    case 'unavailable':
      return failure.code === 'queue_full' ? 'Queue is full' : 'Service unavailable';
    case 'too_large':
      return 'Too much at once';
    case 'not_found':
      return 'Not found';
    default:
      return 'Server error';
  }
}
