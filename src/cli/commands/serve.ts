import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { buildApp } from '../../api/app.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import { createServices } from '../../server.js';
import { redactUrl, runUntilSignal } from '../lifecycle.js';

/** Past this, a stop that still waits (e.g. on an unreachable Redis) gives up and exits 1. */
const SHUTDOWN_GRACE_MS = 30_000;

const USAGE = `Usage: consuma serve [--no-worker] [--port N] [--host H]

API + dashboard on HOST:PORT (default 127.0.0.1:8000). Without REDIS_URL it runs in embedded mode: queue,
results and rate limits live in this process, and workers run in-process. With REDIS_URL the queue is BullMQ
on Redis; --no-worker then makes an API-only process (it still hashes sync requests on its own threads).
Configuration comes from the environment; see README.md.
`;

/** The server entry: the only place that listens and handles signals. */
export async function run(argv: string[]): Promise<number> {
  let flags: { 'no-worker'?: boolean; port?: string; host?: string; help?: boolean };
  try {
    flags = parseArgs({
      args: argv,
      options: {
        'no-worker': { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`consuma serve: ${(error as Error).message}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(undefined, {
      ...(flags.port ? { PORT: flags.port } : {}),
      ...(flags.host ? { HOST: flags.host } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`consuma serve: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const runWorkers = !flags['no-worker'];
  if (!runWorkers && config.redisUrl === null) {
    process.stderr.write(
      'consuma serve: --no-worker needs REDIS_URL (in embedded mode nothing else would run the jobs)\n',
    );
    return 2;
  }

  const logger = pino({
    level: config.logLevel,
    base: { service: 'consuma', role: runWorkers ? 'api+worker' : 'api' },
  });
  const running = await createServices(config, { runWorkers, logger });
  const app = await buildApp(running.services, { logger });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
    await running.close();
    return 1;
  }
  const address = app.server.address();
  const url =
    typeof address === 'object' && address
      ? `http://${config.host}:${address.port}`
      : `http://${config.host}:${config.port}`;
  if (config.redisUrl === null) {
    logger.info(
      `embedded mode: queue, results and rate limits live in this process (no Redis). Set REDIS_URL=redis://host:6379 to share them across API and worker processes.`,
    );
  } else {
    logger.info(
      `redis mode: queue on ${redactUrl(config.redisUrl)}${runWorkers ? ', with in-process workers' : ', API only (--no-worker)'}`,
    );
  }
  logger.info(
    `consuma listening on ${url} (dashboard ${url}/, docs ${url}/docs) — engine ${running.services.pool.engineName}, ${config.workerConcurrency} hashing threads`,
  );

  return runUntilSignal(
    logger,
    async () => {
      await app.close();
      await running.close();
    },
    SHUTDOWN_GRACE_MS,
  );
}
