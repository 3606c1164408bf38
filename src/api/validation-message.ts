import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

/**
 * Turns the first JSON-schema validation error into a sentence a person can act on: which field, what was
 * wrong, and what is allowed. The schemas carry a `description` that states each field's rule; it is quoted.
 */
export function describeValidationError(error: FastifySchemaValidationError, schema: unknown): string {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = error.params as Record<string, unknown>;
  const field = path === '' ? 'body' : path;
  const top = path.split('.')[0] ?? '';
  const rule = fieldDescription(schema, top);
  const hint = rule ? ` (${rule})` : '';

  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field ${JSON.stringify(params.additionalProperty)}; allowed fields: ${allowedFields(schema).join(', ')}`;
    case 'required':
      return `${String(params.missingProperty)} is required${describeRequired(schema, String(params.missingProperty))}`;
    case 'type':
      return `${field} must be ${article(String(params.type))}${hint}`;
    case 'enum':
      return `${field} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'minItems':
      return `${field} must have at least ${String(params.limit)} item(s)${hint}`;
    case 'maxItems':
      return `${field} has too many items: at most ${String(params.limit)} allowed${hint}`;
    case 'maxLength':
      return `${field} is too long: at most ${String(params.limit)} characters allowed${hint}`;
    case 'minimum':
    case 'maximum':
      return `${field} is out of range${hint}`;
    default:
      return `${field} ${error.message ?? 'is invalid'}${hint}`;
  }
}

function article(type: string): string {
  const name =
    type === 'integer'
      ? 'an integer'
      : type === 'array'
        ? 'an array'
        : type === 'object'
          ? 'a JSON object'
          : `a ${type}`;
  return name;
}

function properties(schema: unknown): Record<string, { description?: string }> {
  if (schema && typeof schema === 'object' && 'properties' in schema) {
    return (schema as { properties: Record<string, { description?: string }> }).properties;
  }
  return {};
}

function allowedFields(schema: unknown): string[] {
  return Object.keys(properties(schema));
}

function fieldDescription(schema: unknown, field: string): string | undefined {
  return properties(schema)[field]?.description;
}

function describeRequired(schema: unknown, field: string): string {
  const rule = fieldDescription(schema, field);
  return rule ? ` (${rule})` : '';
}
