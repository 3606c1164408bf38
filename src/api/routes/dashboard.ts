import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
// Brings in the `schema.hide` option's type; the plugin itself is registered in plugins/docs.ts.
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import { ALGORITHMS, type Algorithm, ITERATIONS_PER_LEVEL } from '../../engine/algorithms.js';
import type { Services } from '../services.js';

/**
 * Serves the built dashboard (dist/dashboard, made by `npm run build`) at `/`, plus the few server facts the
 * dashboard needs before any API call (input limits, rate limits) at /dashboard-config.json. When the
 * dashboard has not been built, `/` says how to build it instead of answering a bare 404.
 */

export interface DashboardConfig {
  readonly version: string;
  readonly algorithms: readonly Algorithm[];
  readonly iterationsPerLevel: number;
  readonly limits: Config['limits'];
  readonly rateLimits: Readonly<Record<'sync' | 'async' | 'status', { max: number; windowSeconds: number }>>;
  readonly apiKeyRequired: boolean;
}

// Compiled: dist/api/routes → dist/dashboard. From source (tests, tsx): src/api/routes → dist/dashboard.
const CANDIDATES = ['../../dashboard/', '../../../dist/dashboard/'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

export function findDashboardRoot(): string | null {
  return CANDIDATES.find((dir) => existsSync(`${dir}index.html`)) ?? null;
}

export async function dashboardRoutes(
  app: FastifyInstance,
  services: Services,
  version: string,
): Promise<void> {
  const { config } = services;
  const facts: DashboardConfig = {
    version,
    algorithms: ALGORITHMS,
    iterationsPerLevel: ITERATIONS_PER_LEVEL,
    limits: { ...config.limits },
    rateLimits: {
      sync: { ...config.rateLimits.sync },
      async: { ...config.rateLimits.async },
      status: { ...config.rateLimits.status },
    },
    apiKeyRequired: config.apiKey !== null,
  };
  app.get('/dashboard-config.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return facts;
  });

  const root = findDashboardRoot();
  if (root === null) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      reply.code(503).type('text/html; charset=utf-8');
      return '<!doctype html><title>Consuma</title><p>The dashboard has not been built. Run <code>npm run build</code> and restart <code>consuma serve</code>. The API is at <a href="/docs">/docs</a>.</p>';
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file instead of a catch-all, so unknown paths keep the API's JSON 404.
    wildcard: false,
    decorateReply: false,
    // Our own cache-control below; the plugin's default would override it.
    cacheControl: false,
    setHeaders: (res, path) => {
      // Vite fingerprints everything under assets/; index.html must be revalidated to pick up new builds.
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
