// `npm run bench`: run every benchmark in turn — bench:engine, bench:api, bench:async, bench:load
// (load generator vs autocannon) and the performance-doc curves — then write bench/results/summary.md from
// the JSON each one left in bench/results/. A missing script or file is skipped with a note, and a failing
// bench is reported and does not stop the others. Options: --only name,name  --skip name,name
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ROOT } from './api-server.mjs';

const BENCHES = [
  { name: 'engine', script: 'bench:engine', result: 'engine.json' },
  { name: 'api', script: 'bench:api', result: 'api.json' },
  { name: 'async', script: 'bench:async', result: 'async.json' },
  { name: 'load', script: 'bench:load', result: 'load-vs-autocannon.json' },
  { name: 'curves', file: 'bench/load-curves.mjs', result: 'load-curves.json' },
];

const { values } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' } } });
const only = values.only ? new Set(values.only.split(',')) : null;
const skip = new Set(values.skip ? values.skip.split(',') : []);
const scripts = JSON.parse(await readFile(`${ROOT}/package.json`, 'utf8')).scripts ?? {};

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

const notes = [];
for (const bench of BENCHES) {
  if ((only && !only.has(bench.name)) || skip.has(bench.name)) continue;
  let code;
  if (bench.script) {
    if (!scripts[bench.script]) {
      notes.push(`- ${bench.name}: skipped — no \`${bench.script}\` script in package.json`);
      continue;
    }
    process.stderr.write(`\n=== npm run ${bench.script}\n`);
    code = await run('npm', ['run', '--silent', bench.script]);
  } else {
    if (!existsSync(`${ROOT}/${bench.file}`)) {
      notes.push(`- ${bench.name}: skipped — ${bench.file} does not exist`);
      continue;
    }
    process.stderr.write(`\n=== node ${bench.file}\n`);
    code = await run(process.execPath, [bench.file]);
  }
  if (code !== 0)
    notes.push(`- ${bench.name}: exited with code ${code}; its numbers below may be from an earlier run`);
}

/** Scalar leaves of a result, depth-first, skipping long arrays of samples. */
function leaves(value, path = '', out = []) {
  if (Array.isArray(value)) {
    if (value.length <= 12 && value.every((v) => typeof v !== 'object')) out.push([path, value.join(', ')]);
    else {
      for (const [i, v] of value.entries()) {
        if (typeof v === 'object' && v !== null) leaves(v, `${path}[${i}]`, out);
      }
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/samples|^runs$/i.test(key)) continue;
      leaves(inner, path ? `${path}.${key}` : key, out);
    }
  } else {
    // Rates like 21629531.746902075 read better as 21629532; small figures keep 4 significant digits.
    const text =
      typeof value === 'number' && !Number.isInteger(value)
        ? String(Math.abs(value) >= 1000 ? Math.round(value) : Number(value.toPrecision(4)))
        : String(value);
    out.push([path, text]);
  }
  return out;
}

async function readResult(name) {
  const file = `${ROOT}/bench/results/${name}`;
  return existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : null;
}

const times = (x) => `${x.toFixed(2)}×`;
const ms = (x) => `${Number(x.toPrecision(3))} ms`;

/** The figures the issues set targets for, one row each: what, measured, target, met. */
async function headlineRows() {
  const rows = [];
  const row = (what, measured, target, met) =>
    rows.push(`| ${what} | ${measured} | ${target} | ${met ? 'yes' : '**no**'} |`);
  const engine = await readResult('engine.json');
  if (engine) {
    const ratios = engine.results.map((r) => [r.algorithm, r.native.rate / r.reference.rate]);
    row(
      'native engine ÷ plain C OpenSSL loop, one thread',
      ratios.map(([a, r]) => `${a} ${times(r)}`).join(', '),
      `≥ ${engine.bar.ratio}`,
      ratios.every(([, r]) => r >= engine.bar.ratio),
    );
    const twoThreads = engine.results.map((r) => [
      r.algorithm,
      r.pool.find((p) => p.threads === 2)?.efficiency,
    ]);
    row(
      'pool, 2 threads ÷ 2 × one thread',
      twoThreads.map(([a, e]) => `${a} ${Math.round(e * 100)} %`).join(', '),
      '≥ 90 %',
      twoThreads.every(([, e]) => e >= 0.9),
    );
  }
  const api = await readResult('api.json');
  if (api) {
    const { syncOverhead: s, healthUnderLoad: h } = api;
    row('POST /api/sync (10 seeds, d1) ÷ the same pool work', times(s.ratio), `≤ ${s.target}`, s.pass);
    row('GET /api/health p99 while sync saturates the pool', ms(h.healthP99Ms), `≤ ${h.target} ms`, h.pass);
  }
  const async = await readResult('async.json');
  if (async) {
    const { enqueue500: e, statuses500: st, endToEnd: x } = async;
    row('enqueue 500 seeds, Redis (median)', ms(e.medianMs), `≤ ${e.targetMs} ms`, e.medianMs <= e.targetMs);
    row(
      'status of 500 ids, Redis (median)',
      ms(st.medianMs),
      `≤ ${st.targetMs} ms`,
      st.medianMs <= st.targetMs,
    );
    row(
      `async end to end, ${x.jobs} jobs at d${x.difficulty}, one worker ÷ ${x.cores} × single-thread rate`,
      `${x.medianRatio} (pool alone ${async.directPool.ratio})`,
      `≥ ${x.target}`,
      x.medianRatio >= x.target,
    );
  }
  const load = await readResult('load-vs-autocannon.json');
  if (load)
    row(
      '`consuma load` ÷ autocannon, GET /api/health',
      times(load.ratio),
      `≥ ${load.target_ratio}`,
      load.pass,
    );
  return rows;
}

const headlines = await headlineRows();
const sections = [];
for (const bench of BENCHES) {
  const file = `${ROOT}/bench/results/${bench.result}`;
  if (!existsSync(file)) {
    sections.push(`## ${bench.name}\n\nNo results (bench/results/${bench.result} is missing).\n`);
    continue;
  }
  const data = JSON.parse(await readFile(file, 'utf8'));
  const rows = leaves(data)
    .filter(([key]) => !key.startsWith('machine.'))
    .map(([key, v]) => `| ${key} | ${v.replace(/\|/g, '\\|')} |`);
  sections.push(
    `## ${bench.name} (bench/results/${bench.result})\n\n| field | value |\n|---|---|\n${rows.join('\n')}\n`,
  );
}

const machineFrom = BENCHES.map((b) => `${ROOT}/bench/results/${b.result}`).find(existsSync);
const machine = machineFrom ? JSON.parse(await readFile(machineFrom, 'utf8')).machine : null;
const summary = [
  '# Benchmark summary',
  '',
  `Generated ${new Date().toISOString()} by \`npm run bench\`${machine ? ` on ${machine.cores} × ${machine.cpu}, Node ${machine.node}` : ''}.`,
  'Every figure comes from the JSON file named in its section; see docs/performance.md for what each measures.',
  '',
  ...(notes.length ? ['Notes:', '', ...notes, ''] : []),
  '## Headline figures',
  '',
  '| figure | measured | target | met |',
  '|---|---|---|---|',
  ...headlines,
  '',
  '## Every field, by bench',
  '',
  ...sections,
].join('\n');
await writeFile(`${ROOT}/bench/results/summary.md`, summary);
process.stderr.write(`\nwrote bench/results/summary.md${notes.length ? ` (${notes.length} note(s))` : ''}\n`);
