import type { EngineChoice } from '../config/config.js';
import { createJsEngine } from './js.js';
import { createNativeEngine, loadNativeAddon, PACKAGE_ROOT } from './native.js';
import type { HashEngine } from './types.js';

/**
 * Engine selection (HASH_ENGINE): 'native' requires the addon and throws a clear error without it; 'js'
 * is node:crypto; 'auto' prefers native and falls back to js with ONE warning line per process (per warn
 * sink), so pool threads, which pass `quiet`, never repeat what the main thread already said.
 */

export interface LoadEngineOptions {
  /** Say nothing on fallback (pool threads: the main thread has already warned). */
  readonly quiet?: boolean;
  /** Where the fallback warning goes; default one line on stderr. Each sink is warned at most once. */
  readonly warn?: (message: string) => void;
  /** Package root to load the addon from. A directory without a build forces the fallback path (tests). */
  readonly root?: string;
}

const writeStderr = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const warnedSinks = new WeakSet<(message: string) => void>();

export function loadEngine(choice: EngineChoice, options: LoadEngineOptions = {}): HashEngine {
  if (choice === 'js') return createJsEngine();
  try {
    return createNativeEngine(loadNativeAddon(options.root ?? PACKAGE_ROOT));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (choice === 'native') {
      throw new Error(`HASH_ENGINE=native but the native hash engine is unavailable: ${reason}`);
    }
    const warn = options.warn ?? writeStderr;
    if (!options.quiet && !warnedSinks.has(warn)) {
      warnedSinks.add(warn);
      warn(`consuma: native hash engine unavailable, using the js engine (correct, slower): ${reason}`);
    }
    return createJsEngine();
  }
}

export type { HashEngine } from './types.js';
