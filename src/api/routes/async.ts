import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { DEFAULT_ALGORITHM } from '../../engine/algorithms.js';
import { QueueUnavailableError } from '../../queue/contract.js';
import { type AsyncResponse, AsyncResponseSchema, asyncRequestSchema } from '../../schemas/async.js';
import { ErrorSchema } from '../../schemas/common.js';
import { validateCallbackUrl } from '../../webhooks/callback-url.js';
import { allowPrivateFor } from '../../webhooks/own-inbox.js';
import { ApiError } from '../errors.js';
import { limitFor } from '../plugins/rate-limit.js';
import type { Services } from '../services.js';

/** Seconds a client is asked to wait when the queue is full or unreachable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * POST /api/async: validate, check backpressure, enqueue the whole batch in one round trip and answer with
 * one ack per seed — no hashing happens here.
 */
export function asyncRoutes(app: FastifyInstance, services: Services): void {
  const { config, queue } = services;
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/async',
    {
      schema: {
        tags: ['hashing'],
        summary: 'Queue one job per seed',
        description:
          'Answers 202 once the jobs are durably enqueued. Poll POST /api/async/status, follow GET /api/events, or pass callbackUrl to receive each result as a signed webhook.',
        body: asyncRequestSchema(config.limits),
        response: { 202: AsyncResponseSchema, 400: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
      config: limitFor(config, 'async'),
    },
    async (request, reply): Promise<AsyncResponse> => {
      const arrivedAt = performance.now();
      const body = request.body;
      const callbackUrl = resolveCallbackUrl(body.callbackUrl, body.callback_url, services);

      const waiting = await guardQueue(() => queue.waitingCount(), request.log);
      if (waiting >= config.queue.backpressureLength) {
        throw new ApiError(
          'queue_full',
          `the queue holds ${waiting} waiting jobs (limit ${config.queue.backpressureLength}); retry in ${RETRY_AFTER_SECONDS} s`,
          { waiting, limit: config.queue.backpressureLength, retryAfterSeconds: RETRY_AFTER_SECONDS },
          { 'retry-after': String(RETRY_AFTER_SECONDS) },
        );
      }

      const batchId = randomUUID();
      const items = body.seeds.map((seed, i) => ({ requestId: randomUUID(), cycle: i + 1, seed }));
      await guardQueue(
        () =>
          queue.enqueue({
            batchId,
            items,
            difficulty: body.difficulty ?? 1,
            algorithm: body.algorithm ?? DEFAULT_ALGORITHM,
            callbackUrl,
          }),
        request.log,
      );
      const ackTimeMs = performance.now() - arrivedAt;
      reply.code(202);
      return { batchId, acks: items.map((item) => ({ ...item, ackTimeMs })) };
    },
  );
}

function resolveCallbackUrl(
  camel: string | undefined,
  snake: string | undefined,
  services: Services,
): string | null {
  if (camel !== undefined && snake !== undefined && camel !== snake) {
    throw new ApiError('invalid_body', 'callbackUrl and callback_url differ; send only one of them');
  }
  const raw = camel ?? snake;
  if (raw === undefined) return null;
  const { limits } = services.config;
  const checked = validateCallbackUrl(raw, {
    maxLength: limits.callbackUrlMaxLength,
    // CALLBACK_ALLOW_PRIVATE, or (embedded mode only) this process's own built-in inbox.
    allowPrivate: allowPrivateFor(raw, services.config),
  });
  if (!checked.ok) throw new ApiError('invalid_body', checked.error);
  return checked.url.href;
}

/** Runs a queue call, turning an unreachable queue into a prompt 503 with a reason. */
export async function guardQueue<T>(call: () => Promise<T>, log?: FastifyBaseLogger): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof QueueUnavailableError) {
      // The cause (host, port, driver text) goes to the log, never to the client.
      log?.warn({ err: error.message }, 'job queue unreachable');
      throw new ApiError(
        'queue_unavailable',
        `the job queue is unreachable; async is unavailable, sync still works — retry in ${RETRY_AFTER_SECONDS} s`,
        { retryAfterSeconds: RETRY_AFTER_SECONDS },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    }
    throw error;
  }
}
