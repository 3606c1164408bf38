import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';

/**
 * Thousands of random bodies, headers and content types at the three POST endpoints: the service must answer
 * every one with a JSON 2xx/4xx (never a 5xx, never a crash) and stay healthy. Limits are lowered so that the
 * bodies that do happen to be valid cost little hashing.
 */
const ENDPOINTS = ['/api/sync', '/api/async', '/api/async/status'] as const;
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
];

const validBody = fc
  .oneof(
    fc.record({
      seeds: fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }),
      difficulty: fc.constant(1),
      algorithm: fc.constantFrom('sha256', 'sha512', 'sha3_256', 'sha3_512', 'blake2b'),
    }),
    fc.record({ requestIds: fc.array(fc.uuid(), { maxLength: 4 }) }),
  )
  .map((v) => JSON.stringify(v));

const jsonish = fc.oneof(
  validBody,
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        seeds: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), fc.anything()),
        difficulty: fc.oneof(fc.integer({ min: -3, max: 4 }), fc.double(), fc.string(), fc.constant(null)),
        algorithm: fc.oneof(
          fc.constantFrom('sha256', 'sha512', 'sha3_256', 'sha3_512', 'blake2b', 'md5', ''),
          fc.anything(),
        ),
        callbackUrl: fc.oneof(
          fc.webUrl(),
          fc.string(),
          fc.constant('http://[::1]/'),
          fc.constant('javascript:alert(1)'),
        ),
        requestIds: fc.oneof(fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 }), fc.anything()),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constantFrom(
    '{"__proto__": {"x": 1}}',
    '{"constructor": {"prototype": {"x": 1}}}',
    '{"seeds": ["a"]}'.repeat(3),
    '\u0000',
    'null',
    '[]',
    '{}',
    '1e999',
  ),
);

describe('property: random input never yields a 5xx', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      MAX_DIFFICULTY: '1',
      MAX_SEEDS_PER_REQUEST: '4',
      RATE_LIMIT_SYNC_REQUESTS: '1000000',
      RATE_LIMIT_ASYNC_REQUESTS: '1000000',
      RATE_LIMIT_STATUS_REQUESTS: '1000000',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 2000 random requests with JSON and a non-5xx status', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        jsonish,
        fc.constantFrom(...CONTENT_TYPES),
        fc.dictionary(
          fc.constantFrom('x-api-key', 'x-forwarded-for', 'accept', 'content-encoding', 'x-request-id'),
          fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
          { maxKeys: 3 },
        ),
        async (url, payload, contentType, headers) => {
          const res = await t.app.inject({
            method: 'POST',
            url,
            payload,
            headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(
            res.statusCode,
            `${url} ${contentType} ${payload.slice(0, 80)} → ${res.body.slice(0, 200)}`,
          ).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json()).toMatchObject({ error: expect.any(String), code: expect.any(String) });
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The generator must reach both sides: accepted bodies and refused ones.
    const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    expect(ok).toBeGreaterThan(20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
  });
});
