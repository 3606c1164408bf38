import type { Percentiles } from './latency.js';
import type { LoadReport } from './report.js';
import type { StatusCounts } from './tally.js';

/** The end-of-run table `consuma load` prints for people (the `--json` object carries the same numbers). */

export function renderReport(r: LoadReport): string {
  const loop =
    r.loop === 'open' ? `open loop at ${r.rate} req/s` : `closed loop, concurrency ${r.concurrency}`;
  const work =
    r.mode === 'health' ? '' : `, ${r.seedsPerRequest} seed(s) × difficulty ${r.difficulty} ${r.algorithm}`;
  const rows: Array<[string, string]> = [
    ['requests', `${r.requests} in ${r.durationS.toFixed(1)} s (${fmt(r.throughput)} req/s)`],
    ['status codes', statusLine(r.statusCodes)],
    ['latency ms', pct(r.latencyMs)],
  ];
  if (r.okLatencyMs.count !== r.latencyMs.count) rows.push(['  2xx only', pct(r.okLatencyMs)]);
  const kinds = Object.entries(r.kinds);
  if (kinds.length > 1) {
    for (const [name, k] of kinds) {
      rows.push([`${name}`, `${k.requests} requests; ${statusLine(k.statusCodes)}`]);
      rows.push([`  ${name} 2xx ms`, pct(k.okLatencyMs)]);
    }
  }
  if (r.jobs) {
    const pending = r.jobs.pending > 0 ? `, ${r.jobs.pending} still pending` : '';
    rows.push([
      'jobs',
      `${r.jobs.enqueued} enqueued, ${r.jobs.completed} completed, ${r.jobs.failed} failed${pending}`,
    ]);
    if (r.jobLatencyMs) rows.push(['job latency ms', pct(r.jobLatencyMs)]);
    if (r.jobEndToEndMs) rows.push(['  client-seen ms', pct(r.jobEndToEndMs)]);
  }
  if (r.mode !== 'health') {
    rows.push([
      'hashes/s',
      `${human(r.hashesPerSecond)} (${r.seedsCompleted} seeds in ${r.elapsedS.toFixed(1)} s)`,
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const head = `consuma load: ${r.mode} → ${r.target} — ${loop}${work}${r.interrupted ? ' (interrupted)' : ''}`;
  return `${head}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

export function statusLine(codes: StatusCounts): string {
  const keys = Object.keys(codes).sort();
  if (keys.length === 0) return 'none';
  return keys.map((key) => `${key}: ${codes[key]}`).join('  ');
}

function pct(p: Percentiles): string {
  if (p.count === 0) return 'no samples';
  return `p50 ${ms(p.p50)}  p90 ${ms(p.p90)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`;
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : value.toFixed(0);
}

function fmt(value: number): string {
  return value < 100 ? value.toFixed(1) : Math.round(value).toString();
}

export function human(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)} G`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}
