import { describe, expect, it } from 'vitest';
import {
  ApiFailure,
  failureFromNetwork,
  failureFromResponse,
  failureTitle,
  parseRetryAfter,
} from './errors.js';

describe('error mapping', () => {
  it('keeps the server message for 400s', () => {
    const f = failureFromResponse(400, { error: 'difficulty must be ≤ 100', code: 'invalid_body' }, null);
    expect(f.kind).toBe('invalid');
    expect(f.message).toBe('difficulty must be ≤ 100');
    expect(f.code).toBe('invalid_body');
    expect(failureTitle(f)).toBe('The server refused the input');
  });

  it('maps 401 to the API-key prompt even without a body', () => {
    const f = failureFromResponse(401, null, null);
    expect(f.kind).toBe('unauthorized');
    expect(f.message).toMatch(/API key/);
  });

  it('reads Retry-After seconds for 429 and 503', () => {
    const limited = failureFromResponse(429, { error: 'slow down', code: 'rate_limited' }, '17');
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAfterSec).toBe(17);
    const full = failureFromResponse(503, { error: 'queue full', code: 'queue_full' }, '5');
    expect(full.kind).toBe('unavailable');
    expect(failureTitle(full)).toBe('Queue is full');
    expect(full.retryAfterSec).toBe(5);
  });

  it('reads Retry-After as an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('garbage', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('treats fetch TypeErrors as offline but lets aborts through', () => {
    const offline = failureFromNetwork(new TypeError('Failed to fetch'));
    expect(offline).toBeInstanceOf(ApiFailure);
    expect((offline as ApiFailure).kind).toBe('offline');
    const abort = new DOMException('stop', 'AbortError');
    expect(failureFromNetwork(abort)).toBe(abort);
  });

  it('falls back to a status sentence for unexpected statuses', () => {
    const f = failureFromResponse(500, '<html>', null);
    expect(f.kind).toBe('server');
    expect(f.message).toBe('The server answered HTTP 500.');
  });
});
