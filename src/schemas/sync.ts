import { type Static, Type } from 'typebox';
import {
  AlgorithmSchema,
  difficultySchema,
  type InputLimits,
  NullableNumber,
  seedsSchema,
} from './common.js';

export function syncRequestSchema(limits: InputLimits) {
  return Type.Object(
    {
      seeds: seedsSchema(limits),
      difficulty: Type.Optional(difficultySchema(limits)),
      algorithm: Type.Optional(AlgorithmSchema),
    },
    { additionalProperties: false },
  );
}
export type SyncRequest = Static<ReturnType<typeof syncRequestSchema>>;

export const SyncResultSchema = Type.Object({
  cycle: Type.Integer({ description: '1-based position of the seed in the request.' }),
  seed: Type.String(),
  status: Type.Enum(['done', 'failed']),
  latencyMs: NullableNumber,
  hash: Type.Union([Type.String(), Type.Null()]),
  nonce: Type.Union([Type.Integer(), Type.Null()]),
  processingTimeMs: NullableNumber,
  wallTimeMs: NullableNumber,
  queueTimeMs: Type.Null({ description: 'Always null for sync.' }),
  totalTimeMs: NullableNumber,
  enqueuedAtMs: Type.Number(),
  startedAtMs: NullableNumber,
  completedAtMs: NullableNumber,
  error: Type.Optional(Type.String()),
});
export type SyncResult = Static<typeof SyncResultSchema>;

export const SyncResponseSchema = Type.Object({
  results: Type.Array(SyncResultSchema),
  totalMs: Type.Number({ description: 'Whole request, from arrival to the last result.' }),
  engine: Type.String({ description: 'Hash engine that did the work (native or js).' }),
});
export type SyncResponse = Static<typeof SyncResponseSchema>;
