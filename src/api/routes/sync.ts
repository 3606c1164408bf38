import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Algorithm, DEFAULT_ALGORITHM } from '../../engine/algorithms.js';
import { WorkCancelledError, type WorkItem, type WorkResult } from '../../engine/work.js';
import { ErrorSchema } from '../../schemas/common.js';
import {
  type SyncResponse,
  SyncResponseSchema,
  type SyncResult,
  syncRequestSchema,
} from '../../schemas/sync.js';
import { ApiError } from '../errors.js';
import { limitFor } from '../plugins/rate-limit.js';
import type { Services } from '../services.js';

/**
 * POST /api/sync: hash every seed on the pool (spread over all threads, never on the event loop) and answer
 * with all results in request order. A client that disconnects cancels the rest of its work.
 */
export function syncRoutes(app: FastifyInstance, services: Services): void {
  const { config, pool } = services;
  const limits = config.limits;
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/sync',
    {
      schema: {
        tags: ['hashing'],
        summary: 'Hash seeds in the request',
        description: `Σ difficulty over the seeds of one request is capped at ${limits.syncMaxWorkUnits} (SYNC_MAX_WORK_UNITS); larger work belongs on POST /api/async.`,
        body: syncRequestSchema(limits),
        response: { 200: SyncResponseSchema, 400: ErrorSchema, 413: ErrorSchema, 429: ErrorSchema },
      },
      config: limitFor(config, 'sync'),
    },
    async (request, reply): Promise<SyncResponse> => {
      const enqueuedAtMs = performance.timeOrigin + performance.now();
      const difficulty = request.body.difficulty ?? 1;
      const algorithm: Algorithm = request.body.algorithm ?? DEFAULT_ALGORITHM;
      const seeds = request.body.seeds;
      const work = seeds.length * difficulty;
      if (work > limits.syncMaxWorkUnits) {
        throw new ApiError(
          'sync_work_too_large',
          `this request asks for ${seeds.length} seeds × difficulty ${difficulty} = ${work} work units, over the sync limit of ${limits.syncMaxWorkUnits}; send fewer seeds, a lower difficulty, or use POST /api/async`,
          { workUnits: work, maxWorkUnits: limits.syncMaxWorkUnits },
        );
      }

      const abort = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) abort.abort();
      };
      reply.raw.once('close', onClose);
      const items: WorkItem[] = seeds.map((seed) => ({ seed, difficulty, algorithm }));
      let results: WorkResult[];
      try {
        results = await pool.hashSpread(items, abort.signal);
      } catch (error) {
        if (error instanceof WorkCancelledError) {
          request.log.info({ seeds: seeds.length }, 'sync client went away; remaining work cancelled');
          // Nobody is listening any more: take the reply over and close it rather than serialise a response.
          reply.hijack();
          reply.raw.destroy();
          return undefined as never;
        }
        throw error;
      } finally {
        reply.raw.off('close', onClose);
      }
      return {
        results: results.map((r, i) => toSyncResult(i, seeds[i] ?? '', r, enqueuedAtMs)),
        totalMs: performance.timeOrigin + performance.now() - enqueuedAtMs,
        engine: pool.engineName,
      };
    },
  );
}

function toSyncResult(index: number, seed: string, r: WorkResult, enqueuedAtMs: number): SyncResult {
  const totalTimeMs = r.completedAtMs - enqueuedAtMs;
  return {
    cycle: index + 1,
    seed,
    status: 'done',
    latencyMs: r.latencyMs,
    hash: r.hash,
    nonce: r.nonce,
    processingTimeMs: r.completedAtMs - r.startedAtMs,
    wallTimeMs: totalTimeMs,
    queueTimeMs: null,
    totalTimeMs,
    enqueuedAtMs,
    startedAtMs: r.startedAtMs,
    completedAtMs: r.completedAtMs,
  };
}
