import { LIMITS, parseLoadArgs, UsageError } from '../../load/options.js';
import { renderReport } from '../../load/render.js';
import { runLoad } from '../../load/run.js';

/**
 * `consuma load`: drive a running Consuma server and report throughput, status codes, latency
 * percentiles, async job completion and hash rate. Bad flags exit 2 with a one-line reason; Ctrl-C
 * stops the run and still prints the partial report (exit 130).
 */

const USAGE = `Usage: consuma load [options]

Send load to a running Consuma server and report what it sustained.

Target and workload:
  -u, --url URL          server base URL, http(s) only (default http://127.0.0.1:8000)
  -m, --mode M           sync, async, mixed (alternating) or health (plain GET) (default sync)
      --path P           GET path for --mode health (default /api/health; implies health)
  -s, --seeds N          seeds per request (default 1)
      --difficulty N     work per seed, difficulty × 50,000 hashes (default 1)
  -a, --algorithm A      sha256, sha512, sha3_256, sha3_512, blake2b (default sha256)
      --api-key KEY      sent as X-API-Key

How much and how fast:
  -d, --duration S       seconds of load (default 10, at most ${LIMITS.maxDurationS})
  -n, --requests N       stop after N requests instead of a duration
  -c, --concurrency N    closed loop: N requests always in flight (default 10)
  -r, --rate R           open loop: R requests/s on a fixed timetable; latency counts from the scheduled
                         time, so queueing in the server is not hidden (coordinated omission)
      --connections N    open loop: at most N connections (default 256)
      --drain S          async: seconds to wait for queued jobs after the load (default 60)
      --timeout S        per-request timeout in seconds (default 60)

Output:
      --json             print one JSON object instead of the table
  -h, --help             show this help

Async jobs are followed over GET /api/events, with POST /api/async/status as the fallback.
hashes/s = completed seeds × difficulty × 50,000 / seconds until the last one finished.
`;

export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseLoadArgs>;
  try {
    parsed = parseLoadArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`consuma load: ${error.message} (see \`consuma load --help\`)\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parsed.options;

  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    // A second Ctrl-C means "now": skip the partial report.
    if (interrupts > 1) process.exit(130);
    process.stderr.write(
      '\nconsuma load: interrupted; finishing the partial report (Ctrl-C again to quit)\n',
    );
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const report = await runLoad(options, { signal: abort.signal, progress: true });
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : renderReport(report));
    if (report.interrupted) return 130;
    // Nothing answered at all: the target is down or wrong, which a script should notice.
    return report.requests > 0 && report.errors === report.requests ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
