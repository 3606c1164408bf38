import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { type Config, ConfigError, loadConfig } from '../../config/config.js';
import { HashPool } from '../../pool/pool.js';
import { createQueue, startWorkers } from '../../queue/index.js';
import { createDispatcher, dispatchOnFinish } from '../../webhooks/dispatch/index.js';
import { redactUrl, runUntilSignal } from '../lifecycle.js';

/**
 * `consuma worker`: a queue-worker process (Redis mode only) — BullMQ jobs through a warm hash pool. SIGTERM
 * or SIGINT stops taking jobs, lets the jobs in flight finish, and exits 0; jobs of a process that dies
 * instead are taken over by other workers once their lock expires.
 */

const USAGE = `Usage: consuma worker [--concurrency N]

Run queue workers only: take async jobs from the BullMQ queue on REDIS_URL and hash them on a pool of
N threads (default WORKER_CONCURRENCY, else the number of CPU cores). Run as many of these, on as many
machines, as you like. SIGTERM/SIGINT: stop taking jobs, finish the ones in flight, exit.

Options:
  -c, --concurrency N   hashing threads (1–1024)
  -h, --help            show this help
`;

const SHUTDOWN_GRACE_MS = 60_000;

function fail(reason: string): number {
  process.stderr.write(`consuma worker: ${reason}\n`);
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  let flags: { concurrency?: string; help?: boolean };
  try {
    flags = parseArgs({
      args: argv,
      options: { concurrency: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error));
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const threads = flags.concurrency === undefined ? null : Number(flags.concurrency);
  if (threads !== null && !(Number.isInteger(threads) && threads >= 1 && threads <= 1024)) {
    return fail(
      `--concurrency expects a whole number of threads from 1 to 1024, got ${JSON.stringify(flags.concurrency)}`,
    );
  }
  let config: Config;
  try {
    const override = flags.concurrency === undefined ? {} : { WORKER_CONCURRENCY: flags.concurrency };
    config = loadConfig(undefined, override);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(`invalid configuration: ${error.problems.join('; ')}`);
  }
  if (config.redisUrl === null) {
    return fail(
      'REDIS_URL is not set; workers need the shared queue (in embedded mode `consuma serve` runs them)',
    );
  }

  const logger = pino({ level: config.logLevel, base: { service: 'consuma', role: 'worker' } });
  const pool = await HashPool.create({ threads: config.workerConcurrency, engine: config.hashEngine });
  const queue = createQueue(config);
  // Webhooks of the jobs finished here go to the separate deliveries queue (any worker process delivers them).
  const dispatcher = createDispatcher(config, queue, { logger });
  await dispatcher.start();
  const workers = await startWorkers(config, queue, {
    pool,
    logger,
    onJobFinished: dispatchOnFinish(dispatcher),
  });
  logger.info(
    `worker connected to ${redactUrl(config.redisUrl)} (queue prefix ${config.queue.prefix}) — ${pool.threads} hashing threads, engine ${pool.engineName}, ${workers.concurrency} jobs in flight at most`,
  );

  return runUntilSignal(
    logger,
    async () => {
      await workers.close();
      await dispatcher.close();
      await queue.close();
      await pool.close();
    },
    SHUTDOWN_GRACE_MS,
  );
}
