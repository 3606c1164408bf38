import cliProgress from 'cli-progress';
import type { Tally } from './tally.js';

/**
 * The live line on stderr while a run goes on. On a terminal it is a cli-progress bar redrawn in place;
 * elsewhere (CI logs, pipes) a plain line every 5 s, so logs stay readable. `--json` runs stay quiet
 * unless stderr is a terminal.
 */

export interface Progress {
  stop(): void;
}

export interface ProgressSource {
  readonly tally: Tally;
  /** 0–1 share of the sending phase done. */
  readonly fraction: () => number;
  readonly pendingJobs: () => number;
  readonly phase: () => string;
}

export function startProgress(source: ProgressSource, quietWhenPiped: boolean): Progress {
  const tty = process.stderr.isTTY === true;
  if (!tty && quietWhenPiped) return { stop() {} };
  let lastCount = 0;
  let lastAt = performance.now();
  let rate = 0;
  const snapshot = () => {
    const now = performance.now();
    const count = source.tally.requests;
    if (now - lastAt >= 250) {
      rate = ((count - lastCount) * 1000) / (now - lastAt);
      lastCount = count;
      lastAt = now;
    }
    const all = source.tally.all;
    const refused = source.tally.count((k) => k === '429' || k === '503');
    const errors = source.tally.count((k) => k.startsWith('error:'));
    return {
      phase: source.phase(),
      requests: count,
      rps: Math.round(rate),
      p99: all.latency.count > 0 ? all.latency.percentile(99).toFixed(1) : '-',
      refused,
      errors,
      jobs: source.tally.jobs.completed,
      pending: source.pendingJobs(),
    };
  };

  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          '{phase} [{bar}] {percentage}% | {requests} req | {rps} req/s | p99 {p99} ms | 429/503 {refused} | err {errors} | jobs {jobs} (+{pending} pending)',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        barsize: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, snapshot());
    const timer = setInterval(() => bar.update(Math.round(source.fraction() * 100), snapshot()), 200);
    timer.unref();
    return {
      stop() {
        clearInterval(timer);
        bar.stop();
      },
    };
  }
  const timer = setInterval(() => {
    const s = snapshot();
    process.stderr.write(
      `consuma load: ${s.phase} ${Math.round(source.fraction() * 100)}% ${s.requests} req, ${s.rps} req/s, p99 ${s.p99} ms, 429/503 ${s.refused}, errors ${s.errors}, jobs ${s.jobs} (+${s.pending} pending)\n`,
    );
  }, 5000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
