import { type Static, Type } from 'typebox';
import { AlgorithmSchema, difficultySchema, type InputLimits, seedsSchema } from './common.js';

export function asyncRequestSchema(limits: InputLimits) {
  const callbackUrl = (description: string) =>
    Type.String({ maxLength: limits.callbackUrlMaxLength, description });
  return Type.Object(
    {
      seeds: seedsSchema(limits),
      difficulty: Type.Optional(difficultySchema(limits)),
      algorithm: Type.Optional(AlgorithmSchema),
      callbackUrl: Type.Optional(
        callbackUrl(
          'http(s) URL that receives each result as a signed webhook. Internal addresses are refused.',
        ),
      ),
      callback_url: Type.Optional(callbackUrl('Alias of callbackUrl.')),
    },
    { additionalProperties: false },
  );
}
export type AsyncRequest = Static<ReturnType<typeof asyncRequestSchema>>;

export const AsyncAckSchema = Type.Object({
  cycle: Type.Integer(),
  seed: Type.String(),
  requestId: Type.String({ description: 'The job id; poll it with POST /api/async/status.' }),
  ackTimeMs: Type.Number({ description: 'Time from request arrival until the job was durably enqueued.' }),
});
export type AsyncAck = Static<typeof AsyncAckSchema>;

export const AsyncResponseSchema = Type.Object({
  batchId: Type.String(),
  acks: Type.Array(AsyncAckSchema),
});
export type AsyncResponse = Static<typeof AsyncResponseSchema>;
