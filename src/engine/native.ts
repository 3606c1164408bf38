import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALGORITHMS, type Algorithm } from './algorithms.js';
import type { HashEngine } from './types.js';

/**
 * The native engine: a thin wrapper over the `consuma_hash` N-API addon (native/consuma_hash.c), which runs
 * a whole chain in C. `loadNativeAddon` throws a one-line reason when the addon is missing or stale; callers
 * (see index.ts) decide whether that is fatal or a reason to fall back.
 */

export interface NativeAddon {
  chain(algorithm: string, input: Uint8Array, iterations: number): Buffer;
  readonly algorithms: readonly string[];
  /** How SHA-3 chains run in this process: OpenSSL's block function ("block") or the EVP layer ("evp"). */
  readonly sha3Path?: string;
}

/** The package root. This file runs from src/engine/ (tsx, vitest) and dist/engine/ (built): both two levels down. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const require = createRequire(import.meta.url);

interface NodeGypBuild {
  (dir: string): unknown;
  resolve(dir: string): string;
}

/** Path of the built addon under `root` (node-gyp-build's choice: build/Release first, then prebuilds). */
export function nativeAddonPath(root: string = PACKAGE_ROOT): string {
  const nodeGypBuild = require('node-gyp-build') as NodeGypBuild;
  try {
    return nodeGypBuild.resolve(root);
  } catch (error) {
    // node-gyp-build's message spans lines and lists build tags; one line is what a log needs.
    throw new Error(`no native build in ${root} (run \`npm rebuild\`): ${firstLine(error)}`);
  }
}

export function loadNativeAddon(root: string = PACKAGE_ROOT): NativeAddon {
  const file = nativeAddonPath(root);
  let addon: Partial<NativeAddon>;
  try {
    addon = require(file) as Partial<NativeAddon>;
  } catch (error) {
    throw new Error(`cannot load ${file}: ${firstLine(error)}`);
  }
  // A stale build, or node-gyp-build having picked the bench-only reference addon, must not pass for the engine.
  const names = addon.algorithms ?? [];
  if (typeof addon.chain !== 'function' || !ALGORITHMS.every((name) => names.includes(name))) {
    throw new Error(`${file} is not a current consuma_hash build (run \`npm rebuild\`)`);
  }
  return addon as NativeAddon;
}

export function createNativeEngine(addon: NativeAddon = loadNativeAddon()): HashEngine {
  return {
    name: 'native',
    chain: (algorithm: Algorithm, input: Uint8Array, iterations: number) =>
      addon.chain(algorithm, input, iterations),
  };
}

export interface ReferenceAddon {
  referenceChain(algorithm: string, input: Uint8Array, iterations: number): Buffer;
}

/** The bench-only reference loops, built next to the engine (build/Release/consuma_reference.node). */
export function loadReferenceAddon(root: string = PACKAGE_ROOT): ReferenceAddon {
  return require(path.join(path.dirname(nativeAddonPath(root)), 'consuma_reference.node'));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}
