import { spawn, spawnSync } from 'node:child_process';
import type { Algorithm } from '../../src/engine/algorithms.js';

/**
 * Reference digests computed by python3's hashlib at test time, never by our own code (SPEC §1).
 * `pythonChains` runs ONE python3 process for a whole list of cases (seeds travel as JSON on stdin);
 * cases sharing a seed and algorithm are computed incrementally, so asking for difficulties 1, 2 and 3
 * costs only the work of difficulty 3. Results are lowercase hex, in the order of the cases.
 * `pythonChainsAsync` is the same without blocking the event loop (for tests that run a server in-process).
 */

export interface PythonCase {
  readonly seed: string;
  readonly algorithm: Algorithm;
  /** Either a difficulty (× 50,000 iterations, the SPEC's fixed level size) or a raw iteration count. */
  readonly difficulty?: number;
  readonly iterations?: number;
}

/** The SPEC's level size, written here on purpose rather than imported, so a wrong constant in src/ is caught. */
const PYTHON_ITERATIONS_PER_LEVEL = 50_000;

// Lone UTF-16 surrogates cannot be encoded; Node's Buffer.from(s, 'utf8') turns each into U+FFFD, and the
// script mirrors that (after json.loads a valid pair is already one code point, so what is left is lone).
const SCRIPT = `
import hashlib, json, re, sys
cases = json.load(sys.stdin)
out = [None] * len(cases)
state = {}
for i in sorted(range(len(cases)), key=lambda k: cases[k]["iterations"]):
    c = cases[i]
    key = (c["algorithm"], c["seed"])
    done, data = state.get(key, (0, None))
    if data is None:
        data = re.sub("[\\ud800-\\udfff]", "\\ufffd", c["seed"]).encode("utf-8")
    h = getattr(hashlib, c["algorithm"])
    for _ in range(c["iterations"] - done):
        data = h(data).digest()
    state[key] = (c["iterations"], data)
    out[i] = data.hex()
json.dump(out, sys.stdout)
`;

const PYTHON_NAMES: Readonly<Record<Algorithm, string>> = {
  sha256: 'sha256',
  sha512: 'sha512',
  sha3_256: 'sha3_256',
  sha3_512: 'sha3_512',
  // hashlib.blake2b() defaults to a 64-byte digest with no key, salt or person: BLAKE2b-512.
  blake2b: 'blake2b',
};

function payloadOf(cases: readonly PythonCase[]): string {
  const payload = cases.map((c) => {
    const iterations = c.iterations ?? (c.difficulty ?? Number.NaN) * PYTHON_ITERATIONS_PER_LEVEL;
    if (!Number.isSafeInteger(iterations) || iterations < 0) {
      throw new Error(`pythonChains: case needs a difficulty or iterations (got ${JSON.stringify(c)})`);
    }
    return { seed: c.seed, algorithm: PYTHON_NAMES[c.algorithm], iterations };
  });
  return JSON.stringify(payload);
}

function parseAnswer(stdout: string, count: number): string[] {
  const hashes = JSON.parse(stdout) as unknown;
  if (!Array.isArray(hashes) || hashes.length !== count) {
    throw new Error(`python3 returned an unexpected answer: ${stdout.slice(0, 200)}`);
  }
  return hashes as string[];
}

export function pythonChains(cases: readonly PythonCase[]): string[] {
  const child = spawnSync('python3', ['-c', SCRIPT], {
    input: payloadOf(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`python3 failed (${child.status}): ${child.stderr}`);
  return parseAnswer(child.stdout, cases.length);
}

export function pythonChainsAsync(cases: readonly PythonCase[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const input = payloadOf(cases);
    const child = spawn('python3', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`python3 failed (${code}): ${stderr}`));
      try {
        resolve(parseAnswer(stdout, cases.length));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(input);
  });
}

export function pythonChain(seed: string, difficulty: number, algorithm: Algorithm = 'sha256'): string {
  const [hash] = pythonChains([{ seed, difficulty, algorithm }]);
  if (hash === undefined) throw new Error('python3 returned no hash');
  return hash;
}
