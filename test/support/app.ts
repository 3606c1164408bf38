import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createServices, type RunningServices } from '../../src/server.js';

/**
 * Builds the real app (same composition as `consuma serve`) from an environment, for `inject` tests.
 * Only the variables given are set, so the machine's own environment cannot leak into a test.
 */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly running: RunningServices;
  close(): Promise<void>;
}

export async function buildTestApp(
  env: Record<string, string> = {},
  options: { runWorkers?: boolean } = {},
): Promise<TestApp> {
  const config = loadConfig({ WORKER_CONCURRENCY: '2', ...env });
  const running = await createServices(config, { runWorkers: options.runWorkers ?? true, logger: false });
  const app = await buildApp(running.services);
  await app.ready();
  return {
    app,
    running,
    async close() {
      await app.close();
      await running.close();
    },
  };
}
