import { describe, expect, it } from 'vitest';
import { classifyAddress, parseIPv6 } from '../src/webhooks/address-policy.js';
import { applyOutcome, initialDeliveryState } from '../src/webhooks/deliver.js';
import { parseRetryAfter } from '../src/webhooks/retry-after.js';
import { backoffDelayMs, decide } from '../src/webhooks/retry-policy.js';
import type { HttpOutcome } from '../src/webhooks/safe-http.js';

// Pure parts: the address classification table, Retry-After parsing, the retry decision and the
// delivery-state reducer.

const response = (statusCode: number, extra: Partial<HttpOutcome> = {}): HttpOutcome =>
  ({ kind: 'response', statusCode, bodySnippet: '', durationMs: 1, ...extra }) as HttpOutcome;
const error = (code: string): HttpOutcome =>
  ({ kind: 'error', code, message: `${code} happened`, durationMs: 1 }) as HttpOutcome;

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '192.0.2.1',
    '198.18.0.1',
    '192.0.0.192',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '::8.8.8.8',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a00:1',
    '64:ff9b:1::1',
    '2002:7f00:1::1',
    '2002:c0a8:101::1',
    '2001:0:4136:e378:8000:63bf:80ff:fffe',
    '2001:db8::1',
    '100::1',
    '4000::1',
    'example.com',
  ])('refuses %s with a reason', (address) => {
    const verdict = classifyAddress(address);
    expect(verdict.public).toBe(false);
    if (!verdict.public) expect(verdict.reason.length).toBeGreaterThan(5);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:830::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('allows public %s', (address) => {
    expect(classifyAddress(address)).toEqual({ public: true, address });
  });

  it('names the embedded address in the reason of tunnelled forms', () => {
    const verdict = classifyAddress('::ffff:7f00:1');
    expect(verdict.public).toBe(false);
    if (!verdict.public) expect(verdict.reason).toContain('127.0.0.1');
  });

  it('parses IPv6 text into bytes, including embedded dotted quads', () => {
    expect(Array.from(parseIPv6('::ffff:1.2.3.4') ?? [])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4,
    ]);
    expect(Array.from(parseIPv6('2001:db8::ff00:42:8329') ?? []).slice(10)).toEqual([
      0xff, 0x00, 0, 0x42, 0x83, 0x29,
    ]);
    expect(parseIPv6('not-an-ip')).toBeNull();
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates, ignores garbage', () => {
    expect(parseRetryAfter('1')).toBe(1000);
    expect(parseRetryAfter(' 120 ')).toBe(120_000);
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(parseRetryAfter('Thu, 03 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 03 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(['2', '3'])).toBe(2000);
  });
});

describe('retry decision', () => {
  const policy = { maxRetries: 5, baseDelayMs: 1000, random: () => 0.5 };

  it('delivers on any 2xx', () => {
    for (const s of [200, 201, 202, 204, 299])
      expect(decide(response(s), 1, policy)).toEqual({ action: 'delivered' });
  });

  it('retries timeouts, connection errors, 408, 429 and 5xx', () => {
    for (const o of [
      error('timeout'),
      error('connect'),
      error('dns'),
      response(408),
      response(429),
      response(500),
      response(503),
    ]) {
      expect(decide(o, 1, policy).action).toBe('retry');
    }
  });

  it('is final on other 4xx, 3xx, 1xx and SSRF refusals', () => {
    for (const o of [
      response(400),
      response(401),
      response(404),
      response(410),
      response(301),
      response(302),
      response(307),
      error('blocked'),
      error('invalid_url'),
    ]) {
      const d = decide(o, 1, policy);
      expect(d.action).toBe('fail');
      if (d.action === 'fail') expect(d.reason).toContain('final');
    }
  });

  it('allows exactly 1 + maxRetries attempts', () => {
    expect(decide(response(503), 5, policy).action).toBe('retry');
    expect(decide(response(503), 6, policy).action).toBe('fail');
    expect(decide(response(503), 1, { maxRetries: 0 }).action).toBe('fail');
  });

  it('backs off about 1 s, 2 s, 4 s … with equal jitter, capped at 600 s', () => {
    const low = { ...policy, random: () => 0 };
    const high = { ...policy, random: () => 0.999999 };
    for (const [attempt, full] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [4, 8000],
    ] as const) {
      expect(backoffDelayMs(attempt, low)).toBe(full / 2);
      expect(backoffDelayMs(attempt, high)).toBe(full);
    }
    expect(backoffDelayMs(30, high)).toBe(600_000);
    expect(backoffDelayMs(1000, high)).toBe(600_000);
    const d = decide(response(503), 40, { maxRetries: 50, random: () => 0.999999 });
    expect(d).toMatchObject({ action: 'retry', delayMs: 600_000 });
  });

  it('takes the larger of Retry-After and the backoff, still capped', () => {
    expect(decide(response(429, { retryAfterMs: 5000 }), 1, policy)).toMatchObject({ delayMs: 5000 });
    expect(decide(response(503, { retryAfterMs: 10 }), 3, policy)).toMatchObject({ delayMs: 3000 });
    expect(decide(response(429, { retryAfterMs: 3_600_000 }), 1, policy)).toMatchObject({ delayMs: 600_000 });
  });
});

describe('delivery state reducer', () => {
  it('records attempts, the last status and the last error', () => {
    let state = initialDeliveryState('https://example.com/hook');
    expect(state).toEqual({
      url: 'https://example.com/hook',
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
    });
    const p = { maxRetries: 2, baseDelayMs: 10 };
    const timeout = error('timeout');
    state = applyOutcome(state, timeout, decide(timeout, 1, p));
    expect(state).toMatchObject({ status: 'retrying', attempts: 1, lastStatusCode: null });
    expect(state.lastError).toContain('timeout');
    const busy = response(503);
    state = applyOutcome(state, busy, decide(busy, 2, p));
    expect(state).toMatchObject({
      status: 'retrying',
      attempts: 2,
      lastStatusCode: 503,
      lastError: 'HTTP 503',
    });
    const ok = response(200);
    state = applyOutcome(state, ok, decide(ok, 3, p));
    expect(state).toEqual({
      url: 'https://example.com/hook',
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
  });
});
