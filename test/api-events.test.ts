import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';

/** GET /api/events as a client sees it, and its effect on shutdown. */
describe('SSE /api/events', () => {
  it('streams a batch queued → running → done, and an open stream does not hold up a graceful close', async () => {
    const t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    try {
      let text = '';
      const stream = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get(`${base}/api/events`, resolve).on('error', reject);
      });
      expect(stream.headers['content-type']).toMatch(/text\/event-stream/);
      expect(stream.headers['access-control-allow-origin']).toBe('*');
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        text += chunk;
      });
      while (!text.includes('event: hello')) await new Promise((r) => setTimeout(r, 10));

      const res = await fetch(`${base}/api/async`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seeds: ['a'], difficulty: 2 }),
      });
      const { acks } = (await res.json()) as { acks: { requestId: string }[] };
      const id = acks[0]?.requestId ?? '';
      const deadline = Date.now() + 10_000;
      while (!text.includes('event: done') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const types = text
        .split('\n\n')
        .filter((block) => block.includes(id))
        .map((block) => /^event: (\w+)/m.exec(block)?.[1]);
      expect(types).toEqual(['queued', 'running', 'done']);
      expect(text).toContain('587d027103f9bc1032275e647d4fc4c5a1c44d1b3ed7626cb1659e09dfa6408d');

      const t0 = performance.now();
      await t.close();
      expect(performance.now() - t0).toBeLessThan(3000);
      stream.destroy();
    } finally {
      await t.close().catch(() => {});
    }
  });
});
