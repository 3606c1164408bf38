import { Type } from 'typebox';
import { ALGORITHMS } from '../engine/algorithms.js';

/**
 * Shared building blocks of the payload schemas. Every schema here is the single source for request
 * validation, the TypeScript types (`Static<…>`) used by server and dashboard, and the OpenAPI document.
 */

export interface InputLimits {
  readonly maxSeedsPerRequest: number;
  readonly maxSeedLength: number;
  readonly maxDifficulty: number;
  readonly maxStatusRequestIds: number;
  readonly callbackUrlMaxLength: number;
}

export const AlgorithmSchema = Type.Enum([...ALGORITHMS], {
  description: 'Hash function chained by the work unit; default sha256.',
});

export const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export function seedsSchema(limits: InputLimits) {
  return Type.Array(Type.String({ maxLength: limits.maxSeedLength }), {
    minItems: 1,
    maxItems: limits.maxSeedsPerRequest,
    description: `1 to ${limits.maxSeedsPerRequest} seed strings, each at most ${limits.maxSeedLength} characters.`,
  });
}

export function difficultySchema(limits: InputLimits) {
  return Type.Integer({
    minimum: 1,
    maximum: limits.maxDifficulty,
    description: `Work per seed: difficulty × 50,000 chained hashes. Integer 1–${limits.maxDifficulty}; default 1.`,
  });
}

export const ErrorSchema = Type.Object(
  {
    error: Type.String({ description: 'What is wrong and how to fix it.' }),
    code: Type.String({ description: 'Stable machine-readable code from the error catalogue.' }),
  },
  { additionalProperties: true },
);
