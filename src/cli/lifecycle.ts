import type { Logger } from 'pino';

/**
 * How a long-running command (`serve`, `worker`) ends: the first SIGTERM/SIGINT runs `close` (stop taking
 * work, finish what is in flight); a second signal, or `graceMs` without finishing (say, Redis is gone and
 * closing waits on it), exits at once — work in flight is then retried elsewhere or by the next start.
 * Resolves with the exit code.
 */
export function runUntilSignal(logger: Logger, close: () => Promise<void>, graceMs: number): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        logger.warn(`${signal} again: exiting without waiting for work in flight`);
        // Open connections and threads would keep the process alive: this exit has to be immediate.
        process.exit(1);
      }
      stopping = true;
      logger.info(
        `${signal}: taking no new work, finishing what is in flight (${signal} again to exit at once)`,
      );
      const force = setTimeout(() => {
        logger.error(`still stopping after ${graceMs / 1000} s; exiting anyway`);
        process.exit(1);
      }, graceMs);
      force.unref();
      try {
        await close();
        logger.info('stopped cleanly');
        resolve(0);
      } catch (error) {
        logger.error({ err: error }, 'error while stopping');
        resolve(1);
      } finally {
        clearTimeout(force);
      }
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });
}

/** A Redis URL fit for logs: the password is masked. */
export function redactUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}
