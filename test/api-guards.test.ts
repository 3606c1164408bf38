import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';

type Case = { name: string; url: string; payload: unknown; status: number; code: string; error: RegExp };

const longSeed = 'x'.repeat(2049);
const CASES: Case[] = [
  {
    name: 'seeds missing',
    url: '/api/sync',
    payload: {},
    status: 400,
    code: 'invalid_body',
    error: /seeds is required/,
  },
  {
    name: 'seeds not an array',
    url: '/api/sync',
    payload: { seeds: 'a' },
    status: 400,
    code: 'invalid_body',
    error: /seeds must be an array/,
  },
  {
    name: 'seeds empty',
    url: '/api/sync',
    payload: { seeds: [] },
    status: 400,
    code: 'invalid_body',
    error: /seeds must have at least 1/,
  },
  {
    name: 'too many seeds',
    url: '/api/async',
    payload: { seeds: Array(501).fill('a') },
    status: 400,
    code: 'invalid_body',
    error: /at most 500/,
  },
  {
    name: 'seed not a string',
    url: '/api/sync',
    payload: { seeds: ['a', 3] },
    status: 400,
    code: 'invalid_body',
    error: /seeds\.1 must be a string/,
  },
  {
    name: 'seed too long',
    url: '/api/sync',
    payload: { seeds: [longSeed] },
    status: 400,
    code: 'invalid_body',
    error: /at most 2048 characters/,
  },
  {
    name: 'difficulty 0',
    url: '/api/sync',
    payload: { seeds: ['a'], difficulty: 0 },
    status: 400,
    code: 'invalid_body',
    error: /difficulty is out of range.*1–100/,
  },
  {
    name: 'difficulty 101',
    url: '/api/async',
    payload: { seeds: ['a'], difficulty: 101 },
    status: 400,
    code: 'invalid_body',
    error: /difficulty is out of range/,
  },
  {
    name: 'difficulty as string',
    url: '/api/sync',
    payload: { seeds: ['a'], difficulty: '3' },
    status: 400,
    code: 'invalid_body',
    error: /difficulty must be an integer/,
  },
  {
    name: 'difficulty fractional',
    url: '/api/sync',
    payload: { seeds: ['a'], difficulty: 1.5 },
    status: 400,
    code: 'invalid_body',
    error: /difficulty must be an integer/,
  },
  {
    name: 'unknown algorithm',
    url: '/api/sync',
    payload: { seeds: ['a'], algorithm: 'md5' },
    status: 400,
    code: 'invalid_body',
    error: /sha256, sha512, sha3_256, sha3_512, blake2b/,
  },
  {
    name: 'unknown field',
    url: '/api/sync',
    payload: { seeds: ['a'], difficulity: 2 },
    status: 400,
    code: 'invalid_body',
    error: /unknown field "difficulity"/,
  },
  {
    name: 'body is an array',
    url: '/api/sync',
    payload: ['a'],
    status: 400,
    code: 'invalid_body',
    error: /body must be a JSON object/,
  },
  {
    name: 'callback not http',
    url: '/api/async',
    payload: { seeds: ['a'], callbackUrl: 'ftp://example.com/x' },
    status: 400,
    code: 'invalid_body',
    error: /http/,
  },
  {
    name: 'callback loopback',
    url: '/api/async',
    payload: { seeds: ['a'], callbackUrl: 'http://127.0.0.1:9/x' },
    status: 400,
    code: 'invalid_body',
    error: /CALLBACK_ALLOW_PRIVATE/,
  },
  {
    name: 'callback metadata address',
    url: '/api/async',
    payload: { seeds: ['a'], callback_url: 'http://169.254.169.254/latest' },
    status: 400,
    code: 'invalid_body',
    error: /CALLBACK_ALLOW_PRIVATE/,
  },
  {
    name: 'callback too long',
    url: '/api/async',
    payload: { seeds: ['a'], callbackUrl: `https://example.com/${'a'.repeat(2048)}` },
    status: 400,
    code: 'invalid_body',
    error: /2048/,
  },
  {
    name: 'callback aliases differ',
    url: '/api/async',
    payload: { seeds: ['a'], callbackUrl: 'https://a.example/', callback_url: 'https://b.example/' },
    status: 400,
    code: 'invalid_body',
    error: /only one/,
  },
  {
    name: 'requestIds not an array',
    url: '/api/async/status',
    payload: { requestIds: 'abc' },
    status: 400,
    code: 'invalid_body',
    error: /requestIds must be an array/,
  },
  {
    name: 'too many requestIds',
    url: '/api/async/status',
    payload: { requestIds: Array(501).fill('x') },
    status: 400,
    code: 'invalid_body',
    error: /at most 500/,
  },
];

describe('guards (SPEC §3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(CASES)('$name → $status $code', async (c) => {
    const res = await t.app.inject({ method: 'POST', url: c.url, payload: c.payload as object });
    expect(res.statusCode).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.json();
    expect(body.code).toBe(c.code);
    expect(body.error).toMatch(c.error);
  });

  it('invalid JSON → 400 invalid_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync',
      headers: { 'content-type': 'application/json' },
      payload: '{"seeds": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'invalid_json',
      error: expect.stringMatching(/not valid JSON/),
    });
  });

  it('a non-JSON content type → 415 with the fix', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync',
      headers: { 'content-type': 'text/plain' },
      payload: 'a',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatch(/application\/json/);
  });

  it('unknown ids are not_found, never queued', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/async/status',
      payload: { requestIds: ['nope', '00000000-0000-4000-8000-000000000000'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['not_found', 'not_found']);
  });

  it('unknown routes and methods answer JSON 404 / 405', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    const wrong = await t.app.inject({ method: 'GET', url: '/api/sync' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.json().code).toBe('method_not_allowed');
    // Paths that look like route patterns or cannot be decoded are a client's mistake, never a 5xx.
    const pattern = await t.app.inject({ method: 'GET', url: '/:x(' });
    expect(pattern.statusCode).toBe(404);
    expect(pattern.json().code).toBe('not_found');
    const undecodable = await t.app.inject({ method: 'GET', url: '/api/%zz' });
    expect(undecodable.statusCode).toBe(400);
    expect(undecodable.json()).toMatchObject({
      code: 'invalid_url',
      error: expect.stringMatching(/percent-encoding/),
    });
  });

  it('CORS preflight allows the documented methods and headers; HEAD health works', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/sync',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(String(pre.headers['access-control-allow-methods'])).toMatch(/POST/);
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toMatch(/x-api-key/);
    const head = await t.app.inject({ method: 'HEAD', url: '/api/health' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toMatch(/application\/json/);
    const get = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { origin: 'https://app.example' },
    });
    expect(get.json()).toMatchObject({ status: 'ok', service: 'consuma', mode: 'embedded' });
    expect(get.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('limits from configuration', () => {
  it('a body over MAX_REQUEST_BODY_BYTES → 413', async () => {
    const t = await buildTestApp({ MAX_REQUEST_BODY_BYTES: '2048' });
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/sync',
        payload: { seeds: ['x'.repeat(3000)] },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'body_too_large', error: expect.stringMatching(/too large/) });
    } finally {
      await t.close();
    }
  });

  it('API key: missing or wrong → 401, right → 200; health stays open', async () => {
    const t = await buildTestApp({ API_KEY: 's3cret-key' });
    try {
      const body = { seeds: ['a'] };
      const none = await t.app.inject({ method: 'POST', url: '/api/sync', payload: body });
      expect(none.statusCode).toBe(401);
      expect(none.json().error).toMatch(/X-API-Key/);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/sync',
        payload: body,
        headers: { 'x-api-key': 's3cret-kez' },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await t.app.inject({
        method: 'POST',
        url: '/api/sync',
        payload: body,
        headers: { 'x-api-key': 's3cret-key' },
      });
      expect(right.statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      // Percent-encoding the path must not walk around the check (the router decodes it, so must the check).
      for (const url of ['/%61pi/sync', '/a%70i/sync', '/api/%73ync']) {
        const sneaky = await t.app.inject({ method: 'POST', url, payload: body });
        expect(sneaky.statusCode, url).toBe(401);
      }
      expect((await t.app.inject({ method: 'GET', url: '/%6detrics' })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('rate limit → 429 with Retry-After and rate-limit headers', async () => {
    const t = await buildTestApp({ RATE_LIMIT_SYNC_REQUESTS: '2', RATE_LIMIT_SYNC_WINDOW_SECONDS: '30' });
    try {
      const send = () => t.app.inject({ method: 'POST', url: '/api/sync', payload: { seeds: ['a'] } });
      const first = await send();
      expect(first.statusCode).toBe(200);
      expect(first.headers['x-ratelimit-limit']).toBe('2');
      expect((await send()).statusCode).toBe(200);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.json()).toMatchObject({
        code: 'rate_limited',
        error: expect.stringMatching(/retry in \d+ s/),
      });
      // Another endpoint class keeps its own budget.
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/async/status', payload: { requestIds: [] } }))
          .statusCode,
      ).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('X-Forwarded-For only changes the client identity when TRUST_PROXY says so', async () => {
    const env = { RATE_LIMIT_SYNC_REQUESTS: '1' };
    const send = (t: TestApp, ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/sync',
        payload: { seeds: ['a'] },
        headers: { 'x-forwarded-for': ip },
      });
    const untrusted = await buildTestApp(env);
    try {
      expect((await send(untrusted, '198.51.100.1')).statusCode).toBe(200);
      expect((await send(untrusted, '198.51.100.2')).statusCode).toBe(429);
    } finally {
      await untrusted.close();
    }
    const trusted = await buildTestApp({ ...env, TRUST_PROXY: 'true' });
    try {
      expect((await send(trusted, '198.51.100.1')).statusCode).toBe(200);
      expect((await send(trusted, '198.51.100.2')).statusCode).toBe(200);
      expect((await send(trusted, '198.51.100.1')).statusCode).toBe(429);
    } finally {
      await trusted.close();
    }
  });

  it('backpressure: async → 503 with Retry-After once waiting jobs reach the threshold', async () => {
    const t = await buildTestApp({ QUEUE_BACKPRESSURE_LENGTH: '3' }, { runWorkers: false });
    try {
      const send = () =>
        t.app.inject({ method: 'POST', url: '/api/async', payload: { seeds: ['a', 'b', 'c'] } });
      expect((await send()).statusCode).toBe(202);
      const refused = await send();
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.json()).toMatchObject({
        code: 'queue_full',
        error: expect.stringMatching(/waiting jobs/),
      });
      // Sync is not affected by a full queue.
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/sync', payload: { seeds: ['a'] } })).statusCode,
      ).toBe(200);
    } finally {
      await t.close();
    }
  });
});
