import { type Static, Type } from 'typebox';
import {
  AlgorithmSchema,
  type InputLimits,
  NullableInteger,
  NullableNumber,
  NullableString,
} from './common.js';

export const JOB_STATES = ['queued', 'running', 'retrying', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const CALLBACK_STATES = ['pending', 'delivered', 'retrying', 'failed'] as const;

export const CallbackStateSchema = Type.Object({
  url: Type.String(),
  status: Type.Enum([...CALLBACK_STATES]),
  attempts: Type.Integer({ description: 'Delivery attempts so far.' }),
  lastStatusCode: NullableInteger,
  lastError: NullableString,
});
export type CallbackState = Static<typeof CallbackStateSchema>;

/** One async job as the status API, the batch listing, SSE and the webhook payload show it. */
export const JobStatusSchema = Type.Object({
  requestId: Type.String(),
  status: Type.Enum([...JOB_STATES, 'not_found']),
  attempts: Type.Integer({ description: 'Hashing attempts so far.' }),
  batchId: NullableString,
  cycle: NullableInteger,
  seed: NullableString,
  difficulty: NullableInteger,
  algorithm: Type.Union([AlgorithmSchema, Type.Null()]),
  hash: NullableString,
  nonce: NullableInteger,
  latencyMs: NullableNumber,
  processingTimeMs: NullableNumber,
  wallTimeMs: NullableNumber,
  queueTimeMs: Type.Union([Type.Number(), Type.Null()], { description: 'startedAtMs − enqueuedAtMs.' }),
  totalTimeMs: Type.Union([Type.Number(), Type.Null()], { description: 'completedAtMs − enqueuedAtMs.' }),
  enqueuedAtMs: NullableNumber,
  startedAtMs: NullableNumber,
  completedAtMs: NullableNumber,
  callbackTimeMs: Type.Union([Type.Number(), Type.Null()], {
    description: 'From completion to the webhook being accepted; null if none (yet).',
  }),
  callback: Type.Union([CallbackStateSchema, Type.Null()]),
  error: NullableString,
  queuePosition: Type.Union([Type.Integer(), Type.Null()], {
    description: 'For queued jobs: how many waiting jobs are ahead of this one (0 = next).',
  }),
  estimatedStartAtMs: Type.Union([Type.Number(), Type.Null()], {
    description: 'For queued jobs: estimated start from the recently measured hash rate.',
  }),
});
export type JobStatus = Static<typeof JobStatusSchema>;

export function statusRequestSchema(limits: InputLimits) {
  return Type.Object(
    {
      requestIds: Type.Array(Type.String({ maxLength: 128 }), {
        maxItems: limits.maxStatusRequestIds,
        description: `Up to ${limits.maxStatusRequestIds} request ids returned by POST /api/async.`,
      }),
    },
    { additionalProperties: false },
  );
}
export type StatusRequest = Static<ReturnType<typeof statusRequestSchema>>;

export const StatusResponseSchema = Type.Object({ results: Type.Array(JobStatusSchema) });
export type StatusResponse = Static<typeof StatusResponseSchema>;

export const BatchResponseSchema = Type.Object({
  batchId: Type.String(),
  total: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Jobs per status.' }),
  jobs: Type.Array(JobStatusSchema),
});
export type BatchResponse = Static<typeof BatchResponseSchema>;
