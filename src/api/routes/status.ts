import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorSchema } from '../../schemas/common.js';
import {
  type BatchResponse,
  BatchResponseSchema,
  type StatusResponse,
  StatusResponseSchema,
  statusRequestSchema,
} from '../../schemas/status.js';
import { ApiError } from '../errors.js';
import { limitFor } from '../plugins/rate-limit.js';
import type { Services } from '../services.js';
import { guardQueue } from './async.js';

/** Reading async results: many ids at once (POST /api/async/status) or a whole batch (GET …/batches/:id). */
export function statusRoutes(app: FastifyInstance, services: Services): void {
  const { config, queue } = services;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.post(
    '/api/async/status',
    {
      schema: {
        tags: ['hashing'],
        summary: 'Status of async jobs',
        description: 'One entry per id, in request order; unknown or expired ids are not_found.',
        body: statusRequestSchema(config.limits),
        response: { 200: StatusResponseSchema, 400: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
      config: limitFor(config, 'status'),
    },
    async (request): Promise<StatusResponse> => ({
      results: await guardQueue(() => queue.getStatuses(request.body.requestIds), request.log),
    }),
  );

  typed.get(
    '/api/async/batches/:batchId',
    {
      schema: {
        tags: ['hashing'],
        summary: 'Every job of one async request, with counts per status',
        params: Type.Object({ batchId: Type.String({ maxLength: 128 }) }),
        response: { 200: BatchResponseSchema, 404: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
      config: limitFor(config, 'status'),
    },
    async (request): Promise<BatchResponse> => {
      const { batchId } = request.params;
      const jobs = await guardQueue(() => queue.getBatch(batchId), request.log);
      if (jobs === null)
        throw new ApiError('not_found', `batch ${batchId} is unknown or its results have expired`);
      const counts: Record<string, number> = {};
      for (const job of jobs) counts[job.status] = (counts[job.status] ?? 0) + 1;
      return { batchId, total: jobs.length, counts, jobs };
    },
  );
}
