// Bench: the two curves in docs/performance.md, measured with `consuma load` against real servers.
// (1) Throughput vs hashing threads: for WORKER_CONCURRENCY = 1 … 2 × cores, sync hashes/s (closed loop,
//     2 × threads requests in flight, 4 seeds × difficulty 2) and async hashes/s (500 jobs at difficulty 2,
//     until the last completes).
// (2) Latency vs offered load: sync (1 seed, difficulty 1) on an open-loop timetable at 20 % … 120 % of the
//     capacity measured just before; p50/p99 count from each request's scheduled time.
// Each point is repeated (--repeats, default 3) because other work on a shared machine only ever takes
// throughput away: throughput points are the best run, latency points the median run (by p99).
// Writes bench/results/load-curves.json and docs/img/perf-throughput-vs-threads.svg, perf-latency-vs-load.svg.
// Usage: node bench/load-curves.mjs [--seconds 4] [--repeats 3] [--max-threads N]
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CLI, ROOT, runCommand, startServer, UNTHROTTLED } from './api-server.mjs';
import { lineChart } from './load-svg.mjs';

const cores = os.availableParallelism();
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    repeats: { type: 'string', default: '3' },
    'max-threads': { type: 'string', default: String(Math.max(4, 2 * cores)) },
  },
});
const SECONDS = Number(values.seconds);
const MAX_THREADS = Number(values['max-threads']);
const REPEATS = Number(values.repeats);

async function repeat(fn) {
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await fn());
  return runs;
}
const best = (runs, key) => runs.reduce((a, b) => (b[key] > a[key] ? b : a));
const medianBy = (runs, pick) => [...runs].sort((a, b) => pick(a) - pick(b))[Math.floor(runs.length / 2)];

const load = async (url, args) =>
  JSON.parse(await runCommand([CLI, 'load', '--url', url, ...args, '--json', '--drain', '120']));

async function withServer(env, fn) {
  const server = await startServer({ ...UNTHROTTLED, ...env });
  try {
    return await fn(server.url);
  } finally {
    await server.stop();
  }
}

const threads = [];
for (let t = 1; t <= MAX_THREADS; t++) {
  const point = await withServer({ WORKER_CONCURRENCY: String(t) }, async (url) => {
    const syncArgs = `--mode sync -c ${2 * t} --seeds 4 --difficulty 2 -d ${SECONDS}`.split(' ');
    const sync = best(await repeat(() => load(url, syncArgs)), 'hashesPerSecond');
    const asyncArgs = '--mode async -c 4 -n 20 --seeds 25 --difficulty 2'.split(' ');
    const async = best(await repeat(() => load(url, asyncArgs)), 'hashesPerSecond');
    return {
      threads: t,
      syncHashesPerSecond: sync.hashesPerSecond,
      syncReqPerSecond: sync.throughput,
      asyncHashesPerSecond: async.hashesPerSecond,
      asyncJobsCompleted: async.jobs.completed,
    };
  });
  threads.push(point);
  process.stderr.write(
    `threads ${t}: sync ${(point.syncHashesPerSecond / 1e6).toFixed(1)} M/s, async ${(point.asyncHashesPerSecond / 1e6).toFixed(1)} M/s\n`,
  );
}

const latency = await withServer({}, async (url) => {
  const closedArgs = `--mode sync -c ${2 * cores} --seeds 1 -d ${SECONDS}`.split(' ');
  // Capacity is the median closed-loop rate: the best run would put every later point in overload.
  const closed = medianBy(await repeat(() => load(url, closedArgs)), (run) => run.throughput);
  const capacity = closed.throughput;
  const points = [];
  for (const share of [0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2]) {
    const rate = Math.max(1, Math.round(capacity * share));
    const args = `--mode sync --rate ${rate} --seeds 1 -d ${SECONDS}`.split(' ');
    const r = medianBy(await repeat(() => load(url, args)), (run) => run.latencyMs.p99);
    points.push({
      offered: rate,
      share,
      achieved: r.throughput,
      p50: r.latencyMs.p50,
      p99: r.latencyMs.p99,
      max: r.latencyMs.max,
    });
    process.stderr.write(
      `offered ${rate} req/s (${Math.round(share * 100)} %): p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms\n`,
    );
  }
  return { capacityReqPerSecond: capacity, points };
});

const result = {
  bench: 'load-curves',
  generatedAt: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores, node: process.versions.node },
  secondsPerRun: SECONDS,
  repeats: REPEATS,
  method:
    'throughput: best of the repeats; capacity: median closed-loop run; latency: the repeat with the median p99',
  loadAverage: os.loadavg()[0],
  throughputVsThreads: threads,
  latencyVsLoad: latency,
};
await mkdir(`${ROOT}/bench/results`, { recursive: true });
await mkdir(`${ROOT}/docs/img`, { recursive: true });
await writeFile(`${ROOT}/bench/results/load-curves.json`, `${JSON.stringify(result, null, 2)}\n`);
await writeFile(
  `${ROOT}/docs/img/perf-throughput-vs-threads.svg`,
  lineChart({
    title: `Hash throughput vs hashing threads (${cores}-core machine)`,
    xLabel: 'WORKER_CONCURRENCY (hashing threads)',
    yLabel: 'hash steps per second',
    series: [
      { name: 'sync (POST /api/sync)', points: threads.map((p) => [p.threads, p.syncHashesPerSecond]) },
      {
        name: 'async (500 jobs, to completion)',
        points: threads.map((p) => [p.threads, p.asyncHashesPerSecond]),
      },
    ],
  }),
);
await writeFile(
  `${ROOT}/docs/img/perf-latency-vs-load.svg`,
  lineChart({
    title: `Sync latency vs offered load (capacity ≈ ${Math.round(latency.capacityReqPerSecond)} req/s)`,
    xLabel: 'offered load, requests per second (open loop)',
    yLabel: 'latency from scheduled time, ms (log scale)',
    yScale: 'log',
    series: [
      { name: 'p50', points: latency.points.map((p) => [p.offered, p.p50]) },
      { name: 'p99', points: latency.points.map((p) => [p.offered, p.p99]) },
    ],
  }),
);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
