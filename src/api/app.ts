import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { installMetrics } from '../metrics/install.js';
import { VERSION } from '../version.js';
import { installErrorHandling, send } from './error-handler.js';
import { ApiError } from './errors.js';
import { registerAccess } from './plugins/access.js';
import { registerDocs } from './plugins/docs.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { asyncRoutes } from './routes/async.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { inboxRoutes } from './routes/inbox.js';
import { metricsRoutes } from './routes/metrics.js';
import { statsRoutes } from './routes/stats.js';
import { statusRoutes } from './routes/status.js';
import { syncRoutes } from './routes/sync.js';
import type { Services } from './services.js';

export interface AppOptions {
  /** pino options, a pino logger, or false; tests usually pass false. */
  readonly logger?: FastifyServerOptions['logger'] | FastifyServerOptions['loggerInstance'];
}

/**
 * Builds the HTTP app around the given services without listening: `consuma serve` listens on it, tests use
 * `inject` or a real port. Order matters: error handling and access checks come before any route.
 */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const logger = options.logger ?? false;
  const isInstance = typeof logger === 'object' && logger !== null && 'child' in logger;
  const app = Fastify({
    ...(isInstance
      ? { loggerInstance: logger as FastifyServerOptions['loggerInstance'] }
      : { logger: logger as FastifyServerOptions['logger'] }),
    bodyLimit: config.limits.maxRequestBodyBytes,
    trustProxy: config.trustProxy as boolean,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    // Errors raised before routing (a URL the router cannot decode) get the catalogue's JSON shape too.
    frameworkErrors: (error, _request, reply) => {
      if (config.corsOrigins === '*') reply.header('access-control-allow-origin', '*');
      const code = error.code === 'FST_ERR_BAD_URL' ? 'invalid_url' : 'invalid_body';
      send(
        reply,
        new ApiError(
          code,
          `the request URL could not be read (${error.message}); check its percent-encoding`,
        ),
      );
    },
    // One line per request is noise at production rates; LOG_LEVEL=debug turns it back on.
    logController: new LogController({
      disableRequestLogging: !['debug', 'trace'].includes(config.logLevel),
    }),
    // Strict validation: a difficulty of "3" is a client mistake to report, not to guess at.
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
  });
  // Only JSON bodies are accepted; everything else gets a clear 415 instead of a parse guess.
  app.removeContentTypeParser(['text/plain']);

  installErrorHandling(app);
  await registerAccess(app, config);
  await registerRateLimit(app, config, services.rateLimitRedis);
  await registerDocs(app, VERSION);

  const metrics = installMetrics(app, services);
  healthRoutes(app, services, VERSION);
  syncRoutes(app, services);
  asyncRoutes(app, services);
  statusRoutes(app, services);
  eventRoutes(app, services);
  inboxRoutes(app, services.inbox, config.limits.maxRequestBodyBytes);
  metricsRoutes(app, metrics);
  statsRoutes(app, services, metrics);
  await dashboardRoutes(app, services, VERSION);
  return app;
}
