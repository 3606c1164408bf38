import { parseArgs } from 'node:util';
import { type Config, ConfigError, type EngineChoice, loadConfig } from '../../config/config.js';
import { ALGORITHMS, DEFAULT_ALGORITHM, isAlgorithm } from '../../engine/algorithms.js';
import { loadEngine } from '../../engine/index.js';
import { runWork } from '../../engine/work.js';

/**
 * `consuma hash <seed>`: run one seed's work unit (SPEC §1) in this process's own thread and print the hex
 * digest as the only stdout line, or with --json one object. Bad usage exits 2 with a one-line reason.
 */

const ENGINES: readonly EngineChoice[] = ['auto', 'native', 'js'];

const USAGE = `Usage: consuma hash <seed> [options]

Hash one seed locally: difficulty × 50,000 chained digests of its UTF-8 bytes, printed as lowercase hex.

Options:
  -d, --difficulty N   work level, an integer from 1 to MAX_DIFFICULTY (default 1)
  -a, --algorithm A    ${ALGORITHMS.join(', ')} (default ${DEFAULT_ALGORITHM})
  -e, --engine E       auto, native or js (default HASH_ENGINE, else auto)
      --json           print {"hash","nonce","latencyMs","engine","algorithm","difficulty"}
  -h, --help           show this help

A seed that starts with "-" goes after "--", e.g. \`consuma hash -- -x\`.
`;

function usageError(reason: string): number {
  process.stderr.write(`consuma hash: ${reason} (see \`consuma hash --help\`)\n`);
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`consuma hash: invalid configuration: ${error.problems.join('; ')}\n`);
    return 2;
  }

  if (positionals.length !== 1) {
    return usageError(positionals.length === 0 ? 'missing <seed>' : 'expected exactly one <seed>');
  }
  const seed = positionals[0] ?? '';
  if (seed.length > config.limits.maxSeedLength) {
    return usageError(`seed is ${seed.length} characters; the limit is ${config.limits.maxSeedLength}`);
  }
  const max = config.limits.maxDifficulty;
  const difficultyText = values.difficulty ?? '1';
  const difficulty = Number(difficultyText);
  if (!/^\d+$/.test(difficultyText) || difficulty < 1 || difficulty > max) {
    return usageError(
      `--difficulty must be an integer from 1 to ${max}, got ${JSON.stringify(difficultyText)}`,
    );
  }
  const algorithm = values.algorithm ?? DEFAULT_ALGORITHM;
  if (!isAlgorithm(algorithm)) {
    return usageError(`unknown --algorithm ${JSON.stringify(algorithm)}; valid: ${ALGORITHMS.join(', ')}`);
  }
  const engineChoice = values.engine ?? config.hashEngine;
  if (!(ENGINES as readonly string[]).includes(engineChoice)) {
    return usageError(`--engine must be one of ${ENGINES.join(', ')}, got ${JSON.stringify(engineChoice)}`);
  }

  let engine: ReturnType<typeof loadEngine>;
  try {
    engine = loadEngine(engineChoice as EngineChoice);
  } catch (error) {
    process.stderr.write(`consuma hash: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const result = runWork(engine, { seed, difficulty, algorithm });
  if (values.json) {
    const { hash, nonce, latencyMs } = result;
    process.stdout.write(
      `${JSON.stringify({ hash, nonce, latencyMs, engine: engine.name, algorithm, difficulty })}\n`,
    );
  } else {
    process.stdout.write(`${result.hash}\n`);
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      difficulty: { type: 'string', short: 'd' },
      algorithm: { type: 'string', short: 'a' },
      engine: { type: 'string', short: 'e' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
