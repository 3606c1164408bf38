import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ERROR_CATALOGUE } from '../errors.js';

/**
 * OpenAPI document generated from the route schemas (the same TypeBox objects that validate requests),
 * served as JSON at /docs/json and as interactive docs at /docs.
 */
export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  const errors = Object.entries(ERROR_CATALOGUE)
    .map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.summary} |`)
    .join('\n');
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Consuma API',
        version,
        description: `Proof-of-work jobs: chained hashing, sync or queued.\n\nEvery error is \`{"error": "…", "code": "…"}\`:\n\n| code | status | meaning |\n|---|---|---|\n${errors}`,
      },
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      },
      tags: [
        { name: 'hashing', description: 'Sync and async proof-of-work' },
        { name: 'service', description: 'Health, stats and events' },
        { name: 'webhooks', description: 'Built-in webhook receiver' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
