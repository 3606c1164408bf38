import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { JobEvent } from '../../queue/contract.js';
import type { Services } from '../services.js';

const HEARTBEAT_MS = 15_000;
/** A client that stops reading is dropped once this much is buffered for it, rather than grow memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * GET /api/events: Server-Sent Events of the job lifecycle (queued, running, retrying, done, failed,
 * callback), optionally for one batch. Each event's `data` is the JobEvent as JSON; a comment line every
 * 15 s keeps proxies from closing an idle stream.
 */
export function eventRoutes(app: FastifyInstance, services: Services): void {
  // Streams are taken over from Fastify, which on close only ends idle connections: end them here, or one open
  // dashboard would hold a graceful shutdown until its grace period runs out.
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });
  app.get(
    '/api/events',
    {
      schema: {
        tags: ['service'],
        summary: 'Live job lifecycle events (text/event-stream)',
        querystring: Type.Object({ batchId: Type.Optional(Type.String({ maxLength: 128 })) }),
      },
    },
    (request, reply) => {
      const { batchId } = request.query as { batchId?: string };
      // The stream is written by hand, so copy the headers other hooks (CORS) already put on the reply.
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(
        `retry: 2000\nevent: hello\ndata: ${JSON.stringify({ atMs: Date.now(), batchId: batchId ?? null })}\n\n`,
      );

      const send = (event: JobEvent) => {
        if (batchId !== undefined && event.batchId !== batchId) return;
        raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        if (raw.writableLength > MAX_BUFFERED_BYTES) {
          request.log.warn('SSE client is not reading; closing its stream');
          raw.destroy();
        }
      };
      const unsubscribe = services.queue.subscribe(send);
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      open.add(raw);
      raw.on('close', () => {
        open.delete(raw);
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
}
