// Bench: how close does `consuma load` come to autocannon when both hammer GET /api/health of the same
// server on this machine? Rounds alternate the two tools so drift in machine load hits both alike; the
// ratio is median(consuma req/s) / median(autocannon req/s). Target ≥ 0.8.
// Usage: node bench/load-vs-autocannon.mjs [--rounds 3] [--duration 5] [--connections 10]
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CLI, median, ROOT, runCommand, startServer, UNTHROTTLED } from './api-server.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
  },
});
const rounds = Number(values.rounds);
const duration = Number(values.duration);
const connections = Number(values.connections);
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

const loadBefore = os.loadavg()[0];
const server = await startServer(UNTHROTTLED);
const target = `${server.url}/api/health`;
const ours = [];
const theirs = [];
try {
  // A short warm-up so neither tool pays for the server's JIT.
  await runCommand([autocannonCli, '-c', String(connections), '-d', '2', '-j', target]);
  for (let round = 0; round < rounds; round++) {
    const ac = JSON.parse(
      await runCommand([autocannonCli, '-c', String(connections), '-d', String(duration), '-j', target]),
    );
    theirs.push(ac.requests.total / (ac.duration || duration));
    const load = JSON.parse(
      await runCommand([
        CLI,
        'load',
        '--url',
        server.url,
        '--mode',
        'health',
        '-c',
        String(connections),
        '-d',
        String(duration),
        '--json',
      ]),
    );
    ours.push(load.throughput);
    process.stderr.write(
      `round ${round + 1}: autocannon ${theirs.at(-1).toFixed(0)} req/s, consuma load ${ours.at(-1).toFixed(0)} req/s\n`,
    );
  }
} finally {
  await server.stop();
}

const result = {
  bench: 'load-vs-autocannon',
  at: new Date().toISOString(),
  target: 'GET /api/health',
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.versions.node,
  },
  loadAverage: { before: loadBefore, after: os.loadavg()[0] },
  connections,
  durationS: duration,
  rounds,
  autocannonReqPerS: theirs.map(Math.round),
  consumaLoadReqPerS: ours.map(Math.round),
  autocannonMedian: Math.round(median(theirs)),
  consumaLoadMedian: Math.round(median(ours)),
  ratio: Math.round((median(ours) / median(theirs)) * 1000) / 1000,
  target_ratio: 0.8,
};
result.pass = result.ratio >= 0.8;
await mkdir(`${ROOT}/bench/results`, { recursive: true });
await writeFile(`${ROOT}/bench/results/load-vs-autocannon.json`, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
