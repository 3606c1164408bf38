// Bench: the HTTP API's own cost, against a real `consuma serve` on a free port (rate limits lifted).
// (a) sync overhead: POST /api/sync with 10 seeds at difficulty 1, one request at a time; the median
//     client-measured request time is divided by the median time the *same* pool work takes in-process
//     (HashPool.hashSpread of the same 10 items, same thread count, measured in this run). Target ≤ 1.3.
// (b) responsiveness: GET /api/health on an open-loop timetable (latency from the scheduled time) while
//     concurrent sync traffic keeps every hashing thread busy. Target p99 ≤ 20 ms.
// Usage: npm run bench:api [-- --rounds 40 --saturate 8]
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CLI, median, ROOT, runCommand, startServer, UNTHROTTLED } from './api-server.mjs';

const DIST = new URL('../dist/', import.meta.url);
if (!existsSync(fileURLToPath(DIST))) {
  process.stderr.write('bench/api: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}
const { HashPool } = await import(new URL('pool/pool.js', DIST).href);

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '40' },
    saturate: { type: 'string', default: '8' },
    threads: { type: 'string', default: String(os.availableParallelism()) },
  },
});
const ROUNDS = Number(values.rounds);
const SATURATE_S = Number(values.saturate);
const THREADS = Number(values.threads);
const SEEDS = 10;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function postSync(url, seeds) {
  const body = JSON.stringify({ seeds, difficulty: 1 });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      `${url}/api/sync`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          if (res.statusCode !== 200) return reject(new Error(`sync answered ${res.statusCode}`));
          const parsed = JSON.parse(Buffer.concat(chunks).toString());
          resolve({ ms, serverMs: parsed.totalMs, results: parsed.results.length });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const seedsFor = (round) => Array.from({ length: SEEDS }, (_, i) => `bench-api-${round}-${i}`);
const loadBefore = os.loadavg()[0];
const server = await startServer({ ...UNTHROTTLED, WORKER_CONCURRENCY: String(THREADS) });
const pool = await HashPool.create({ threads: THREADS, engine: 'auto' });
let result;
try {
  // (a) Alternate request and in-process reference round by round, so machine noise hits both alike.
  const requestMs = [];
  const serverMs = [];
  const poolMs = [];
  for (let round = -3; round < ROUNDS; round++) {
    const seeds = seedsFor(round);
    const r = await postSync(server.url, seeds);
    const t0 = performance.now();
    await pool.hashSpread(seeds.map((seed) => ({ seed, difficulty: 1, algorithm: 'sha256' })));
    const p = performance.now() - t0;
    if (round < 0) continue; // warm-up
    if (r.results !== SEEDS) throw new Error('sync returned the wrong number of results');
    requestMs.push(r.ms);
    serverMs.push(r.serverMs);
    poolMs.push(p);
  }
  agent.destroy();
  await pool.close();

  // (b) Saturate the pool with sync work (more requests in flight than threads) and probe health.
  const saturating = runCommand([
    CLI,
    'load',
    '--url',
    server.url,
    '--mode',
    'sync',
    '-c',
    String(THREADS * 3),
    '--seeds',
    '4',
    '--difficulty',
    '4',
    '-d',
    String(SATURATE_S),
    '--json',
  ]);
  await new Promise((r) => setTimeout(r, 1000));
  const probe = JSON.parse(
    await runCommand([
      CLI,
      'load',
      '--url',
      server.url,
      '--mode',
      'health',
      '--rate',
      '50',
      '-d',
      String(SATURATE_S - 2),
      '--json',
    ]),
  );
  const load = JSON.parse(await saturating);
  const round2 = (v) => Math.round(v * 100) / 100;
  const ratio = median(requestMs) / median(poolMs);
  result = {
    bench: 'api',
    generatedAt: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.availableParallelism(),
      node: process.versions.node,
    },
    // Other work on the machine skews latency figures; the 1-minute load average before and after says how much.
    loadAverage: { before: round2(loadBefore), after: round2(os.loadavg()[0]) },
    threads: THREADS,
    syncOverhead: {
      method: `median of ${ROUNDS} POST /api/sync (10 seeds, difficulty 1, keep-alive, one at a time) vs median of the same HashPool.hashSpread in-process, alternating`,
      requestMedianMs: round2(median(requestMs)),
      serverTotalMedianMs: round2(median(serverMs)),
      poolMedianMs: round2(median(poolMs)),
      ratio: round2(ratio),
      target: 1.3,
      pass: ratio <= 1.3,
    },
    healthUnderLoad: {
      method: `GET /api/health at 50 req/s open loop for ${SATURATE_S - 2} s while ${THREADS * 3} concurrent sync requests (4 seeds × difficulty 4) keep ${THREADS} threads busy`,
      healthP50Ms: probe.latencyMs.p50,
      healthP99Ms: probe.latencyMs.p99,
      healthMaxMs: probe.latencyMs.max,
      healthStatus: probe.statusCodes,
      syncRequests: load.requests,
      syncHashesPerSecond: load.hashesPerSecond,
      target: 20,
      pass: probe.latencyMs.p99 <= 20 && probe.errors === 0,
    },
  };
} finally {
  await server.stop();
}
await mkdir(`${ROOT}/bench/results`, { recursive: true });
await writeFile(`${ROOT}/bench/results/api.json`, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
